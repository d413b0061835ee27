/**
 * Where the mock provider serves the VNeID dialect, next to (never instead of) its standard OpenID
 * Connect endpoints. An integrator configures these as `endpoints` of a `profile: 'vneid'` client.
 *
 * @example
 * ```ts
 * const authorization = new URL(VNEID_PATHS.authorize, idp.url).href
 * ```
 */
export const VNEID_PATHS = {
  /** `GET ?response_type=code&client_id&redirect_uri&scope&state`: the citizen's browser. */
  authorize: '/vneid/authorize',
  /** `POST` form: `grant_type=authorization_code&code&client_id&client_secret&redirect_uri[&encrypt_key]`. */
  token: '/vneid/token',
  /** `GET` with `Authorization: Bearer <access_token>`: the citizen's claims. */
  userinfo: '/vneid/userinfo',
  /** Internal: where the standard flow returns before the relying party gets its dialect code. */
  return: '/vneid/return',
} as const

/**
 * The dialect's public endpoints for a provider at `issuer` (what an integrator configures).
 *
 * @example
 * ```ts
 * dialectEndpoints('http://127.0.0.1:4000').token // 'http://127.0.0.1:4000/vneid/token'
 * ```
 */
export function dialectEndpoints(issuer: string): { authorization: string; token: string; userinfo: string } {
  return {
    authorization: `${issuer}${VNEID_PATHS.authorize}`,
    token: `${issuer}${VNEID_PATHS.token}`,
    userinfo: `${issuer}${VNEID_PATHS.userinfo}`,
  }
}

/**
 * The lines the `mock-idp` command prints when the clients file has dialect clients.
 *
 * @example
 * ```ts
 * process.stdout.write(dialectBanner('http://127.0.0.1:4000'))
 * ```
 */
export function dialectBanner(issuer: string): string {
  const endpoints = dialectEndpoints(issuer)
  return `VNeID dialect: authorization ${endpoints.authorization}\n  token ${endpoints.token}\n  userinfo ${endpoints.userinfo}\n`
}
