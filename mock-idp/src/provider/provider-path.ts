/**
 * The path oidc-provider routes a request to. Its router ignores case and one trailing slash, so `/TOKEN`
 * and `/token/` are the token endpoint, as Express's routers (case-insensitive, not strict) also treat them.
 * Every check the mock keys by endpoint (the protocol shortcut, the DPoP replay check, the scenarios)
 * compares this form, so no spelling of an endpoint skips one.
 *
 * @example
 * ```ts
 * providerPathOf('/TOKEN/') // '/token'
 * ```
 */
export function providerPathOf(path: string): string {
  const lower = path.toLowerCase()
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower
}
