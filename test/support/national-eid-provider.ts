import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair } from 'jose'
import Provider, { type Account, type Client, type InteractionDetails } from 'oidc-provider'

/**
 * A real OpenID provider that nobody in this repository wrote (panva's `oidc-provider`), configured the
 * way the national e-ID is: pushed authorization requests required, PKCE S256 required, `private_key_jwt`
 * client authentication, ES256 ID tokens, `acr` "1" and "2", the attribute catalogue as scopes and claims,
 * the `claims` parameter and the `purpose` parameter. It has no screens: the interaction URL logs the
 * citizen in at the level the test chose and consents to everything requested.
 */

/** What the next login interaction does. The level is the test's choice, never copied from the request. */
export interface NextLogin {
  accountId: string
  /** The level actually achieved, as the provider's `acr` value. */
  acr: '1' | '2'
  amr?: string[]
}

/** One HTTP request the provider received (never a body: it may hold a client assertion). */
export interface RecordedRequest {
  method: string
  path: string
  /** Names of the query parameters, in order. */
  query: string[]
}

/** One interaction the provider started: which prompt and the authorization parameters it was for. */
export interface RecordedInteraction {
  prompt: string
  params: Readonly<Record<string, unknown>>
}

export interface NationalEidProvider {
  /** `http://127.0.0.1:<port>`, exactly as the provider publishes it in discovery. */
  readonly issuer: string
  readonly clientId: string
  readonly redirectUri: string
  /** The private ES256 key of the client; its public half is registered at the provider. */
  readonly clientJwk: Jwk
  /** Every request in arrival order. */
  readonly requests: readonly RecordedRequest[]
  readonly interactions: readonly RecordedInteraction[]
  /** Errors the provider reported as `server_error` (a test should expect none). */
  readonly serverErrors: readonly unknown[]
  /** Sets the login used by the next login interaction only; later ones use {@link DEFAULT_LOGIN}. */
  setNextLogin(login: NextLogin): void
  close(): Promise<void>
}

export interface NationalEidProviderOptions {
  clientId?: string
  /** Registered redirect URI. Nothing listens there: the test browser stops when it is reached. */
  redirectUri?: string
}

/** A synthetic citizen whose claims agree with one another (ID digits, birth year, sex, name parts). */
export const CITIZEN_ACCOUNT_ID = 'citizen-001090012345'

const CITIZEN_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({
  // 001 Hà Nội, 0 = born in the 1900s and male, 90 = 1990, then the serial.
  personal_id: '001090012345',
  name: 'Nguyễn Văn An',
  family_name: 'Nguyễn',
  middle_name: 'Văn',
  given_name: 'An',
  birthdate: '1990-05-17',
  gender: 'male',
  health_insurance: {
    number: '0123456789',
    legacy_code: 'DN4010123456789',
    benefit_level: 4,
    valid_from: '2026-01-01',
    valid_to: '2026-12-31',
    facility: { code: '01001', name: 'Bệnh viện Bạch Mai' },
  },
  age_over_18: true,
})

export const DEFAULT_LOGIN: Readonly<NextLogin> = Object.freeze({
  accountId: CITIZEN_ACCOUNT_ID,
  acr: '2',
  amr: ['pwd', 'otp'],
})

const IDENTITY_CLAIMS = [
  'personal_id',
  'name',
  'family_name',
  'middle_name',
  'given_name',
  'birthdate',
  'gender',
]

async function generateSigningKey(kid: string): Promise<{ privateJwk: Jwk; publicJwk: Jwk }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const common = { kid, alg: 'ES256', use: 'sig' }
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kty: 'EC', ...common },
    publicJwk: { ...(await exportJWK(publicKey)), kty: 'EC', ...common },
  }
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

/**
 * Starts the provider on 127.0.0.1 and an ephemeral port, with one registered client.
 *
 * @example
 * ```ts
 * const idp = await startNationalEidProvider()
 * const eid = await createClient({ issuer: idp.issuer, clientId: idp.clientId, clientAuth: { method: 'private_key_jwt', privateJwk: idp.clientJwk }, redirectUri: idp.redirectUri })
 * idp.setNextLogin({ accountId: CITIZEN_ACCOUNT_ID, acr: '1' })
 * await idp.close()
 * ```
 */
export async function startNationalEidProvider(
  options: NationalEidProviderOptions = {},
): Promise<NationalEidProvider> {
  const clientId = options.clientId ?? 'demo-bank'
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:3001/auth/callback'
  const requests: RecordedRequest[] = []
  const interactions: RecordedInteraction[] = []
  const serverErrors: unknown[] = []
  let nextLogin: NextLogin | undefined

  // The issuer contains the port, so the server listens first and the provider is attached afterwards.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503
    res.end()
  }
  const server = createServer((req, res) => handle(req, res))
  const port = await listen(server)
  const issuer = `http://127.0.0.1:${port}`

  const [providerKey, clientKey] = await Promise.all([
    generateSigningKey('national-eid-2026'),
    generateSigningKey('demo-bank-2026'),
  ])

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'web',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        id_token_signed_response_alg: 'ES256',
        require_pushed_authorization_requests: true,
        // Relying parties of the national e-ID take back-channel logout, so ID tokens carry `sid`.
        backchannel_logout_uri: new URL('/auth/backchannel-logout', redirectUri).href,
        backchannel_logout_session_required: true,
        require_auth_time: true,
        jwks: { keys: [clientKey.publicJwk] },
      },
    ],
    jwks: { keys: [providerKey.privateJwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    responseTypes: ['code'],
    clientAuthMethods: ['private_key_jwt'],
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'] },
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256'],
      idTokenSigningAlgValues: ['ES256'],
      requestObjectSigningAlgValues: ['ES256'],
      userinfoSigningAlgValues: ['ES256'],
    },
    pkce: { required: () => true },
    acrValues: ['1', '2'],
    extraParams: ['purpose'],
    scopes: ['openid', 'identity', 'health_insurance', 'age_over_18'],
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub'],
      identity: IDENTITY_CLAIMS,
      health_insurance: ['health_insurance'],
      age_over_18: ['age_over_18'],
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    // The national e-ID issues a refresh token with every code exchange of a client allowed to use one
    // (oidc-provider's default wants the offline_access scope).
    issueRefreshToken: async (_ctx: unknown, client: Client) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string): Promise<Account | undefined> =>
      sub === CITIZEN_ACCOUNT_ID
        ? { accountId: sub, claims: async () => ({ sub, ...structuredClone(CITIZEN_CLAIMS) }) }
        : undefined,
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  })
  provider.on('server_error', (_ctx, error) => serverErrors.push(error))

  async function finishInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details: InteractionDetails = await provider.interactionDetails(req, res)
    interactions.push({ prompt: details.prompt.name, params: details.params })
    if (details.prompt.name === 'login') {
      const login = nextLogin ?? DEFAULT_LOGIN
      nextLogin = undefined
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login.accountId, acr: login.acr, amr: [...(login.amr ?? ['pwd'])] } },
        { mergeWithLastSubmission: false },
      )
      return
    }
    if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId
      if (accountId === undefined) throw new Error('consent interaction without a logged-in account')
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) })
      if (!grant) throw new Error('consent interaction refers to a grant that no longer exists')
      const missing = details.prompt.details as {
        missingOIDCScope?: string[]
        missingOIDCClaims?: string[]
        missingResourceScopes?: Record<string, string[]>
      }
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '))
      }
      const grantId = await grant.save()
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      )
      return
    }
    throw new Error(`unexpected prompt "${details.prompt.name}"`)
  }

  const callback = provider.callback()
  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: [...url.searchParams.keys()] })
    if (url.pathname.startsWith('/interaction/')) {
      finishInteraction(req, res).catch((error: unknown) => {
        serverErrors.push(error)
        if (!res.headersSent) res.statusCode = 500
        res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`)
      })
      return
    }
    callback(req, res)
  }

  return {
    issuer,
    clientId,
    redirectUri,
    clientJwk: clientKey.privateJwk,
    requests,
    interactions,
    serverErrors,
    setNextLogin(login) {
      nextLogin = login
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
