import { readFileSync } from 'node:fs'
import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockEid } from './mock-eid.js'
import { editJson } from './tamper.js'
import { BACKCHANNEL_LOGOUT_EVENT } from './token-factories.js'

// The setup of docs/testing.md ("Setup"), for the hostile-provider block below, which is the guide's verbatim.
const ISSUER = 'https://eid.test'
const REDIRECT_URI = 'https://bank.test/auth/callback'
const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bank-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bank-1', alg: 'ES256' } as Jwk
const eid = mockEid({
  issuer: ISSUER,
  clients: [{ clientId: 'bank', jwks: { keys: [publicJwk] }, redirectUris: [REDIRECT_URI] }],
})
const server = setupServer(...eid.handlers)
let client: EidClient
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  client = await createClient({
    issuer: ISSUER,
    clientId: 'bank',
    clientAuth: { method: 'private_key_jwt', privateJwk },
    redirectUri: REDIRECT_URI,
  })
})
afterEach(() => eid.reset())
afterAll(() => server.close())

describe('a hostile provider', () => {
  it('refuses an ID token for another audience, and asks userinfo nothing', async () => {
    eid.signInAs(personas.level2Adult)
    eid.tamper.nextIdToken({ claims: { aud: ['bank', 'someone-else'] } })
    const { url, transaction } = await client.signIn({ level: 2, attributes: ['age_over_18'] as const })
    const callback = await eid.authorize(url) // the callback URL, without a browser
    await expect(client.completeSignIn(callback, transaction)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
      check: 'aud',
    })
    expect(eid.requests('userinfo')).toHaveLength(0)
  })

  it('refuses a forged callback before any token request', async () => {
    eid.signInAs(personas.level2Adult)
    const { url, transaction } = await client.signIn({ level: 1 })
    const forged = await eid.authorize(url, { iss: 'https://evil.test' })
    await expect(client.completeSignIn(forged, transaction)).rejects.toMatchObject({
      code: 'ERR_EID_CALLBACK_INVALID',
    })
    expect(eid.requests('token')).toHaveLength(0)
  })

  it('refuses a userinfo answer about someone else', async () => {
    eid.signInAs(personas.level2Adult)
    eid.tamper.nextResponse(
      'userinfo',
      editJson((claims) => ({ ...claims, sub: 'someone-else' })),
    )
    const { url, transaction } = await client.signIn({ level: 2, attributes: ['age_over_18'] as const })
    await expect(client.completeSignIn(await eid.authorize(url), transaction)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
      check: 'sub',
    })
  })

  it('refuses a logout token MACed with the public key (key confusion)', async () => {
    const claims = {
      iss: ISSUER,
      aud: 'bank',
      iat: Math.floor(Date.now() / 1000),
      jti: crypto.randomUUID(),
      sub: eid.subjectOf(personas.level2Adult.personalId),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    }
    const token = await eid.keys.sign(claims, {
      header: { typ: 'logout+jwt' },
      breakWith: 'hs256_public_key',
    })
    await expect(client.verifyLogoutToken(token)).rejects.toMatchObject({ check: 'alg' })
  })
})

// Keeps the guide honest: its hostile-provider block is the code above, verbatim.
describe('docs/testing.md', () => {
  it('shows exactly the hostile-provider block of this file', () => {
    const guide = readFileSync(new URL('../../../../docs/testing.md', import.meta.url), 'utf8')
    const source = readFileSync(new URL(import.meta.url), 'utf8')
    const [, code = 'missing'] =
      /<!-- proved by packages\/testing\/src\/msw\/hostile-provider\.test\.ts -->\n```ts\n([\s\S]*?)```/.exec(
        guide,
      ) ?? []
    expect(source).toContain(code)
  })
})
