/**
 * The cost of a sign-in with `@dinhdanh/client` against the same sign-in done with its protocol engine,
 * bare `openid-client` (the baseline), in the same run, against the same in-process mock provider: PAR
 * with `private_key_jwt`, PKCE, the authorization (auto-approved, the provider's redirects followed), the
 * code exchange with ID token checks, and userinfo. The ratio is the SDK's overhead on the sign-in path
 * (its policy checks, attribute parsing, errors). Run: `npm run bench`.
 */
import { createClient } from '@dinhdanh/client'
import { createMockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import { clientMetadata, DEMO_APPS, generateClientKey } from 'dinhdanh-example-shared/demo'
import { adminApi } from 'dinhdanh-example-shared/testing'
import { importJWK } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, bench, describe } from 'vitest'

const app = DEMO_APPS.find((entry) => entry.name === 'hospital')!
const redirectUri = 'http://127.0.0.1:9/auth/callback'
const key = await generateClientKey('bench-1')
const idp = await createMockIdp({
  port: 0,
  store: 'memory',
  logLevel: 'silent',
  autoApprove: true,
  clients: [clientMetadata(app, 'http://127.0.0.1:9', key.publicJwk)],
})
await adminApi(idp)('PATCH', '/settings', { autoApproveAs: personas.level2Adult.personalId })
afterAll(() => idp.close())

const eid = await createClient({
  issuer: idp.url,
  clientId: app.clientId,
  clientAuth: { method: 'private_key_jwt', privateJwk: key.privateJwk },
  redirectUri,
})
const config = await oidc.discovery(
  new URL(idp.url),
  app.clientId,
  { redirect_uris: [redirectUri], id_token_signed_response_alg: 'ES256' },
  oidc.PrivateKeyJwt({ key: (await importJWK(key.privateJwk, 'ES256')) as CryptoKey, kid: 'bench-1' }),
  { execute: [oidc.allowInsecureRequests] },
)
const scope = 'openid identity health_insurance'

describe('one sign-in: PAR, authorization, code exchange, userinfo', () => {
  bench(
    'openid-client (baseline)',
    async () => {
      const codeVerifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      const url = await oidc.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: redirectUri,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        acr_values: '1',
      })
      const callback = await followToRedirectUri(url.href, redirectUri, new CookieJar())
      const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      })
      await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)
    },
    { time: 4000, warmupTime: 1500 },
  )

  bench(
    '@dinhdanh/client',
    async () => {
      const { url, transaction } = await eid.signIn({ level: 1, attributes: ['health_insurance'] as const })
      const callback = await followToRedirectUri(url, redirectUri, new CookieJar())
      await eid.completeSignIn(callback, transaction)
    },
    { time: 4000, warmupTime: 1500 },
  )
})
