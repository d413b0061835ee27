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
  /** `POST` JSON, HTTP Basic: starts a sharing transaction (docs/vneid-share.md). */
  shareStart: '/vneid/share/start',
  /** `POST` JSON, HTTP Basic: a sharing transaction's status, and its data once. */
  shareResult: '/vneid/share/result',
  /** `GET <shareApp>/<txnId>`: the app link (a universal link, or the QR code of it) the citizen opens. */
  shareApp: '/share',
} as const

/**
 * The dialect's public endpoints for a provider at `issuer` (what an integrator configures).
 *
 * @example
 * ```ts
 * dialectEndpoints('http://127.0.0.1:4000').token // 'http://127.0.0.1:4000/vneid/token'
 * ```
 */
export function dialectEndpoints(issuer: string): {
  authorization: string
  token: string
  userinfo: string
  shareStart: string
  shareResult: string
  shareAppLinkBase: string
} {
  return {
    authorization: `${issuer}${VNEID_PATHS.authorize}`,
    token: `${issuer}${VNEID_PATHS.token}`,
    userinfo: `${issuer}${VNEID_PATHS.userinfo}`,
    shareStart: `${issuer}${VNEID_PATHS.shareStart}`,
    shareResult: `${issuer}${VNEID_PATHS.shareResult}`,
    shareAppLinkBase: `${issuer}${VNEID_PATHS.shareApp}`,
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
  return `VNeID dialect: authorization ${endpoints.authorization}\n  token ${endpoints.token}\n  userinfo ${endpoints.userinfo}\n  share start ${endpoints.shareStart}\n  share result ${endpoints.shareResult}\n  share app link base ${endpoints.shareAppLinkBase}\n`
}
