/**
 * Why a `redirect_uri` is not one of the registered ones, in words an integrator can act on (O01: the
 * dialect compares exactly, as the real provider is expected to). Registered URIs are configuration,
 * not secrets, so naming the nearest one is fine.
 *
 * @example
 * ```ts
 * redirectUriMismatch('https://bank.example/cb/', ['https://bank.example/cb'])
 * // 'it differs from the registered https://bank.example/cb by a trailing slash'
 * ```
 */
export function redirectUriMismatch(sent: string, registered: readonly string[]): string {
  const reasons = registered.map((uri) => [uri, differenceOf(sent, uri)] as const)
  const near = reasons.find(([, reason]) => reason !== undefined)
  if (near) return `it differs from the registered ${near[0]} ${near[1]}`
  return `it is not registered for this client (registered: ${registered.join(', ')})`
}

function differenceOf(sent: string, uri: string): string | undefined {
  if (sent.replace(/\/+$/, '') === uri.replace(/\/+$/, '')) return 'by a trailing slash'
  if (sent.toLowerCase() === uri.toLowerCase()) return 'in upper/lower case'
  if (!URL.canParse(sent)) return undefined
  const a = new URL(sent)
  const b = new URL(uri)
  if (a.hostname.toLowerCase() !== b.hostname.toLowerCase()) return undefined
  if (a.protocol !== b.protocol)
    return `in its scheme (${a.protocol.slice(0, -1)} instead of ${b.protocol.slice(0, -1)})`
  if (a.port !== b.port) return `in its port (${a.port || 'default'} instead of ${b.port || 'default'})`
  if (a.pathname !== b.pathname) return `in its path (${a.pathname} instead of ${b.pathname})`
  if (a.search !== b.search) return 'in its query string (the comparison is exact, query included)'
  if (a.hash !== b.hash) return 'by a fragment (#…), which a redirect URI must not have'
  return 'in its encoding (the comparison is character by character)'
}
