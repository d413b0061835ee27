import { readFileSync } from 'node:fs'
import type { EidClient } from '@dinhdanh/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mswTestFixture } from './msw-test-fixture.js'
import { editJson } from './tamper.js'
import { BACKCHANNEL_LOGOUT_EVENT } from './token-factories.js'

// The setup of docs/testing.md ("Setup"): a bank's key pair, the kit on an msw server, a client of it, and
// reset() after each test. The hostile-provider block below is the guide's verbatim, so it names them
// `eid`, `client` and `ISSUER`.
const ISSUER = 'https://eid.test'
const kit = await mswTestFixture({
  issuer: ISSUER,
  clientId: 'bank',
  redirectUri: 'https://bank.test/auth/callback',
})
const { eid } = kit
let client: EidClient
beforeAll(() => {
  client = kit.client
})

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
