import {
  ATTRIBUTE_NAMES,
  type AttributeName,
  attributeCatalogue,
  isAttributeName,
} from '@dinhdanh/client/schemas'
import type { JWK } from 'jose'
import type { Account, Adapter, Client, Configuration, KoaContextWithOIDC } from 'oidc-provider'
import { errors } from 'oidc-provider'
import { pairwiseSubject, sectorOf } from '../accounts/pairwise-subject.js'
import type { ConsentRecord, ConsentRecords } from '../consent/records.js'
import { LOCALIZED_CLIENT_METADATA } from '../interactions/client-name.js'
import type { Population } from '../population.js'
import { parseScenarioParameter, type Scenarios, scenarioKey } from '../scenarios.js'
import { renderErrorPage, renderLoggedOutPage, renderLogoutPage } from '../views/error-page.js'
import { pickLang } from '../views/i18n.js'

/** What the provider configuration needs from the rest of the mock. */
export interface ProviderDependencies {
  issuer: string
  seed: string
  signingKeys: JWK[]
  cookieKeys: string[]
  clients: Record<string, unknown>[]
  adapter: new (model: string) => Adapter
  population: Population
  consents: ConsentRecords
  scenarios: Scenarios
  registration: boolean
  /** The admin token, also the initial access token of dynamic registration. */
  adminToken: string
  lang: 'vi' | 'en'
  /**
   * The way back from a stale sign-in link (`/auth/<uid>` reloaded after it finished), and its page's
   * language (see `wayBackFrom`).
   */
  wayBack?: (
    path: string,
    preferred: unknown,
  ) => Promise<{ back: { href: string; name?: string }; lang: 'vi' | 'en' }>
  ciba: {
    processLoginHint(loginHint: string): Promise<string | undefined>
    trigger(request: { jti: string }, accountId: string, client: Client): Promise<void>
  }
}

/** Claims always allowed next to the attribute claims. */
const OPENID_CLAIMS = ['sub', 'attribute_errors', 'consent_id']

/** The scopes and claims of the attribute catalogue: one scope per attribute. */
export function claimsConfiguration(): Record<string, string[] | null> {
  const claims: Record<string, string[] | null> = {
    openid: OPENID_CLAIMS,
    acr: null,
    auth_time: null,
    sid: null,
    iss: null,
  }
  for (const name of ATTRIBUTE_NAMES)
    claims[attributeCatalogue[name].scope] = [...attributeCatalogue[name].claims]
  return claims
}

/** The attributes a space-separated scope string grants. */
export function attributesOfScope(scope: string): AttributeName[] {
  return scope.split(' ').filter(isAttributeName)
}

/**
 * The oidc-provider configuration of the national e-ID: code flow only, PKCE S256 always, PAR, JAR,
 * DPoP, JWE, CIBA, back-channel logout, the claims and purpose parameters, acr "1"/"2", pairwise
 * subjects, refresh-token rotation; plus our hooks (accounts from the synthetic population, consent
 * records, scenarios).
 */
export function providerConfiguration(deps: ProviderDependencies): Configuration {
  const { population, consents, scenarios } = deps
  const langOf = (ctx: KoaContextWithOIDC) =>
    pickLang([ctx.query?.lang, ctx.oidc?.params?.ui_locales], deps.lang)
  const nonceOf = (ctx: KoaContextWithOIDC) =>
    (ctx.res as unknown as { locals?: { nonce?: string } }).locals?.nonce

  async function findAccount(ctx: KoaContextWithOIDC, accountId: string): Promise<Account | undefined> {
    const citizen = population.findByAccountId(accountId)
    if (!citizen) return undefined
    return {
      accountId,
      async claims(_use, scope) {
        const grant = ctx.oidc.entities.Grant
        const record = grant ? await consents.forGrant(grant.jti) : undefined
        const sources = await scenarios.sources(record?.scenarios ?? [])
        const attributes = attributesOfScope(scope)
        return {
          sub: accountId,
          ...(await population.claims(citizen, attributes, sources)),
          ...(record && { consent_id: record.id }),
        }
      },
    }
  }

  return {
    adapter: deps.adapter,
    clients: deps.clients,
    jwks: { keys: deps.signingKeys },
    cookies: { keys: deps.cookieKeys, long: { signed: true }, short: { signed: true } },
    findAccount,
    claims: claimsConfiguration(),
    scopes: ['openid', 'offline_access', 'consents', ...ATTRIBUTE_NAMES],
    acrValues: ['1', '2'],
    // `purpose#en`: the purpose in English for the English screens (the `purpose` itself is Vietnamese).
    extraParams: ['purpose', 'purpose#en', 'mock_scenario'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx: unknown, accountId: string, client: Client) =>
      pairwiseSubject(deps.seed, accountId, sectorOf(client as Parameters<typeof sectorOf>[0])),
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      token_endpoint_auth_method: 'private_key_jwt',
      // Public subjects are opaque account ids (never the ID number); clients may ask for pairwise.
      subject_type: 'public',
      // The level is always stated: with no acr_values, either level is acceptable and acr says which.
      default_acr_values: ['1', '2'],
    },
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'],
      idTokenSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      requestObjectSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      userinfoSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      introspectionSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      dPoPSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      idTokenEncryptionAlgValues: ['RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'],
      idTokenEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512'],
      userinfoEncryptionAlgValues: ['RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'],
      userinfoEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512'],
    },
    extraClientMetadata: {
      properties: ['consent_event_uri', ...LOCALIZED_CLIENT_METADATA],
      validator(_ctx: unknown, key: string, value: unknown) {
        if (
          (LOCALIZED_CLIENT_METADATA as readonly string[]).includes(key) &&
          value !== undefined &&
          (typeof value !== 'string' || value.length > 200)
        ) {
          throw new errors.InvalidClientMetadata(`${key} must be a string of at most 200 characters`)
        }
        if (
          key === 'consent_event_uri' &&
          value !== undefined &&
          (typeof value !== 'string' || !URL.canParse(value))
        ) {
          throw new errors.InvalidClientMetadata('consent_event_uri must be an absolute URL')
        }
      },
    },
    discovery: {
      consent_api_endpoint: `${deps.issuer}/consent-api`,
      service_documentation: 'https://github.com/dinhdanh/dinhdanh/tree/main/mock-idp#readme',
      ui_locales_supported: ['vi', 'en'],
      claims_locales_supported: ['vi'],
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 300,
      ClientCredentials: 600,
      IdToken: 300,
      Interaction: 1800,
      Grant: 30 * 86_400,
      Session: 86_400,
      RefreshToken: 7 * 86_400,
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: Client) => client.grantTypeAllowed('refresh_token'),
    // A new consent screen for a new purpose or new attributes; the existing grant otherwise (see consent records).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc as unknown as {
        result?: { consent?: { grantId?: string } }
        session?: { accountId?: string; grantIdFor(clientId: string): string | undefined }
        client?: { clientId: string }
        params?: Record<string, unknown>
        provider: {
          Grant: { find(id: string): Promise<{ accountId?: string; clientId?: string } | undefined> }
        }
      }
      // A grant just made by the consent screen applies as it is.
      const fresh = oidc.result?.consent?.grantId
      if (fresh) return oidc.provider.Grant.find(fresh)
      const clientId = oidc.client?.clientId
      const accountId = oidc.session?.accountId
      if (!clientId || !accountId) return undefined
      const purpose = typeof oidc.params?.purpose === 'string' ? oidc.params.purpose : ''
      // Scenarios asked for per request belong to a grant of their own.
      const asked = parseScenarioParameter(oidc.params?.mock_scenario)
        .scenarios.map(scenarioKey)
        .sort()
        .join(',')
      // An earlier grant is reused only for the same purpose (and scenarios) while its consent is active.
      const fits = (record: ConsentRecord | undefined): record is ConsentRecord =>
        record?.status === 'active' &&
        record.accountId === accountId &&
        record.clientId === clientId &&
        record.purpose === purpose &&
        asked === [...record.scenarios].sort().join(',')
      const sessionGrant = oidc.session?.grantIdFor(clientId)
      const current = sessionGrant ? await consents.forGrant(sessionGrant) : undefined
      // The session remembers one grant per client, so a relying party that alternates purposes (a bank's
      // sign-in, then its transfer confirmation with prompt=login) would ask again each time and add a
      // consent record per re-authentication (#15, point 4): fall back to the citizen's newest active
      // consent for this client and purpose. The consent screen still comes for attributes it lacks.
      const record = fits(current)
        ? current
        : (await consents.forAccount(accountId)).filter(fits).sort((a, b) => b.grantedAt - a.grantedAt)[0]
      if (!record) return undefined
      const grant = await oidc.provider.Grant.find(record.grantId)
      return grant?.accountId === accountId && grant.clientId === clientId ? grant : undefined
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // oidc-provider guards its outgoing requests against loopback and private addresses (SSRF). A mock
    // provider's relying parties live exactly there (localhost, a CI network), so back-channel logout,
    // CIBA pings and jwks_uri fetches must reach them; the 2.5 s timeout stays.
    fetch: (url: URL | string, init: RequestInit & { dispatcher?: unknown }) => {
      const { dispatcher: _guarded, ...rest } = init
      return fetch(url, rest)
    },
    renderError: async (
      ctx: KoaContextWithOIDC,
      out: { error: string; error_description?: string },
      error?: Error,
    ) => {
      ctx.type = 'html'
      // Back or a reload after signing in replays a finished resume (`/auth/<uid>`): a citizen's ordinary
      // mistake, shown in their words with a way back, not `authorization request has expired` (#15).
      if (error?.name === 'SessionNotFound' && deps.wayBack) {
        const { back, lang } = await deps.wayBack(ctx.path, ctx.query?.lang)
        ctx.body = renderErrorPage(lang, out, nonceOf(ctx), { stale: true, back, path: ctx.req.url ?? '/' })
        return
      }
      ctx.body = renderErrorPage(langOf(ctx), out, nonceOf(ctx), { path: ctx.req.url ?? '/' })
    },
    // O05: a client assertion's audience is the issuer, as a single string (not the token or PAR URL).
    assertJwtClientAuthClaimsAndHeader: async (_ctx: unknown, claims: { aud?: unknown }) => {
      if (claims.aud !== deps.issuer) {
        throw new errors.InvalidClientAuth(
          'the client assertion audience (aud) must be the issuer identifier, as a string',
        )
      }
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      encryption: { enabled: true },
      dPoP: { enabled: true },
      introspection: {
        enabled: true,
        // A client introspects only its own tokens: another's would tell it the citizen's sub and scopes.
        allowedPolicy: async (_ctx: unknown, client: Client, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        // A client revokes only its own tokens (RFC 7009 §2.1), refused with invalid_request as
        // oidc-provider's default does; set explicitly, which also ends its "you SHOULD change" notice.
        allowedPolicy: async (_ctx: unknown, client: Client, token: { clientId?: string }) => {
          if (token.clientId !== client.clientId) {
            throw new errors.InvalidRequest('client is not authorized to revoke the presented token')
          }
          return true
        },
      },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html'
          ctx.body = renderLogoutPage(langOf(ctx), form, nonceOf(ctx))
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html'
          ctx.body = renderLoggedOutPage(langOf(ctx), nonceOf(ctx))
        },
      },
      backchannelLogout: { enabled: true },
      // Open registration on a shared server would let anyone point the provider's requests anywhere:
      // registering needs the admin token as the initial access token (RFC 7591 section 3).
      registration: { enabled: deps.registration, initialAccessToken: deps.adminToken },
      ciba: {
        enabled: true,
        deliveryModes: ['poll', 'ping'],
        // unknown_user_id (CIBA Core 13) only for a hint that is no personal number at all: answering it for
        // a locked, pending or missing account would tell any client that account's status (finding 8).
        processLoginHint: async (_ctx: unknown, loginHint: string) => deps.ciba.processLoginHint(loginHint),
        processLoginHintToken: async () => {
          throw new errors.InvalidRequest('login_hint_token is not supported; send login_hint')
        },
        validateBindingMessage: async (_ctx: unknown, bindingMessage?: string) => {
          // Unicode letters (Vietnamese), digits, spaces and a little punctuation; shown on the phone.
          if (bindingMessage !== undefined && !/^[\p{L}\p{N} .,:#/+_-]{1,64}$/u.test(bindingMessage)) {
            throw new errors.InvalidBindingMessage(
              'binding_message: 1-64 letters, digits, spaces or .,:#/+_-',
            )
          }
        },
        validateRequestContext: async () => {},
        verifyUserCode: async () => {},
        triggerAuthenticationDevice: async (
          _ctx: unknown,
          request: { jti: string },
          account: Account,
          client: Client,
        ) => deps.ciba.trigger(request, account.accountId, client),
      },
    },
  }
}
