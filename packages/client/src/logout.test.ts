import { randomUUID } from 'node:crypto'
import { editJson, type SignOptions } from '@dinhdanh/testing/msw'
import * as jose from 'jose'
import { describe, expect, it } from 'vitest'
import { CLIENT_ID, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import type { EidClient } from './client.js'
import { EidTokenError, type TokenCheck } from './errors/index.js'
import { MemoryReplayGuard } from './replay-guard.js'

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'
/** Personal enough that it must never appear in an error message. */
const SUB = 'citizen-sub-7731'
const SID = 'sid-0001'

const nowSec = () => Math.floor(Date.now() / 1000)

function logoutClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: nowSec(),
    jti: randomUUID(),
    sub: SUB,
    sid: SID,
    events: { [LOGOUT_EVENT]: {} },
    ...overrides,
  }
}

function without(claims: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const copy = { ...claims }
  for (const name of names) delete copy[name]
  return copy
}

describe('signOutUrl', () => {
  const fake = useMockEid()

  it('builds the end-session URL with every parameter', async () => {
    const eid = await fake.client()
    const url = new URL(
      eid.signOutUrl({
        idTokenHint: 'id.token.hint',
        postLogoutRedirectUri: 'https://bank.test/bye',
        state: 'st-1',
        uiLocales: 'en',
      }),
    )
    expect(url.origin + url.pathname).toBe(`${ISSUER}/logout`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      id_token_hint: 'id.token.hint',
      post_logout_redirect_uri: 'https://bank.test/bye',
      state: 'st-1',
      ui_locales: 'en',
    })
  })

  it('sends only client_id when nothing else is given', async () => {
    const eid = await fake.client()
    const url = new URL(eid.signOutUrl())
    expect([...url.searchParams.keys()]).toEqual(['client_id'])
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID)
  })

  it('uses the postLogoutRedirectUri client option as the default, and the request overrides it', async () => {
    const eid = await fake.client({ postLogoutRedirectUri: 'https://bank.test/signed-out' })
    expect(new URL(eid.signOutUrl()).searchParams.get('post_logout_redirect_uri')).toBe(
      'https://bank.test/signed-out',
    )
    const overridden = new URL(eid.signOutUrl({ postLogoutRedirectUri: 'https://bank.test/other' }))
    expect(overridden.searchParams.get('post_logout_redirect_uri')).toBe('https://bank.test/other')
  })

  it('refuses a relative postLogoutRedirectUri with ERR_EID_CONFIG', async () => {
    const eid = await fake.client()
    expect(() => eid.signOutUrl({ postLogoutRedirectUri: '/bye' })).toThrow(
      expect.objectContaining({
        code: 'ERR_EID_CONFIG',
        issues: [expect.objectContaining({ path: 'postLogoutRedirectUri' })],
      }),
    )
  })

  it('throws ERR_EID_UNSUPPORTED when the provider advertises no end_session_endpoint', async () => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson(({ end_session_endpoint: _, ...doc }) => doc),
    )
    const eid = await fake.client()
    expect(eid.metadata.end_session_endpoint).toBeUndefined()
    expect(() => eid.signOutUrl({ idTokenHint: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_EID_UNSUPPORTED', feature: 'RP-initiated logout' }),
    )
  })
})

describe('verifyLogoutToken', () => {
  const fake = useMockEid()

  const sign = (claims: Record<string, unknown>, options: SignOptions = {}) =>
    fake.eid().keys.sign(claims, { ...options, header: { typ: 'logout+jwt', ...options.header } })

  /** Expects a rejection with the given check, whose message carries neither the token nor the sub. */
  async function expectRejected(eid: EidClient, jwt: unknown, check: TokenCheck): Promise<EidTokenError> {
    const error = await eid.verifyLogoutToken(jwt).then(
      () => {
        throw new Error('expected the logout token to be rejected')
      },
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(EidTokenError)
    const tokenError = error as EidTokenError
    expect({ code: tokenError.code, token: tokenError.token, check: tokenError.check }).toEqual({
      code: 'ERR_EID_TOKEN_INVALID',
      token: 'logout_token',
      check,
    })
    if (typeof jwt === 'string' && jwt.length > 0) {
      expect(tokenError.message).not.toContain(jwt)
      for (const part of jwt.split('.').filter((p) => p.length >= 16)) {
        expect(tokenError.message).not.toContain(part)
      }
    }
    expect(tokenError.message).not.toContain(SUB)
    expect(tokenError.message).not.toContain(SID)
    expect(JSON.stringify(tokenError)).not.toContain(SUB)
    return tokenError
  }

  it('returns { sub, sid } for a valid logout token', async () => {
    const eid = await fake.client()
    const jwt = await sign(logoutClaims())
    await expect(eid.verifyLogoutToken(jwt)).resolves.toEqual({ sub: SUB, sid: SID })
  })

  it('accepts a token with only sid, or only sub, and returns only that key', async () => {
    const eid = await fake.client()
    const sidOnly = await eid.verifyLogoutToken(await sign(without(logoutClaims(), 'sub')))
    expect(sidOnly).toEqual({ sid: SID })
    expect('sub' in sidOnly).toBe(false)
    const subOnly = await eid.verifyLogoutToken(await sign(without(logoutClaims(), 'sid')))
    expect(subOnly).toEqual({ sub: SUB })
    expect('sid' in subOnly).toBe(false)
  })

  it('accepts a token without typ, and with typ application/logout+jwt', async () => {
    const eid = await fake.client()
    const noTyp = await fake.eid().keys.sign(logoutClaims())
    await expect(eid.verifyLogoutToken(noTyp)).resolves.toEqual({ sub: SUB, sid: SID })
    const prefixed = await fake.eid().keys.sign(logoutClaims(), { header: { typ: 'application/logout+jwt' } })
    await expect(eid.verifyLogoutToken(prefixed)).resolves.toEqual({ sub: SUB, sid: SID })
  })

  it.each(['none', 'None', 'NONE', 'nOnE'])('R43: rejects alg none (any spelling): %s', async (alg) => {
    const eid = await fake.client()
    const jwt = await sign(logoutClaims(), { breakWith: 'alg_none', header: { alg } })
    expect(jwt.endsWith('.')).toBe(true)
    await expectRejected(eid, jwt, 'alg')
  })

  it('R43: rejects a wrong alg (ES384 with a key of its own)', async () => {
    const eid = await fake.client()
    const { privateKey } = await jose.generateKeyPair('ES384')
    const jwt = await new jose.SignJWT(logoutClaims())
      .setProtectedHeader({ alg: 'ES384', kid: String(fake.eid().jwks.keys[0]?.kid), typ: 'logout+jwt' })
      .sign(privateKey)
    await expectRejected(eid, jwt, 'alg')
  })

  it('R43: rejects a wrong alg (RS256, although the JWKS could hold an RSA key)', async () => {
    const eid = await fake.client()
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true })
    fake.eid().keys.add({ ...(await jose.exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' })
    const jwt = await new jose.SignJWT(logoutClaims())
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1', typ: 'logout+jwt' })
      .sign(privateKey)
    await expectRejected(eid, jwt, 'alg')
  })

  it('R43 (R18): rejects HS256 "signed" with the provider public key', async () => {
    const eid = await fake.client()
    const jwt = await sign(logoutClaims(), { breakWith: 'hs256_public_key' })
    await expectRejected(eid, jwt, 'alg')
  })

  it('R43: rejects a wrong aud', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ aud: 'other-bank' })), 'aud')
  })

  it('R43: rejects an aud array with an untrusted extra value', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ aud: [CLIENT_ID, 'other-bank'] })), 'aud')
  })

  it('R43: rejects a missing aud', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(without(logoutClaims(), 'aud')), 'aud')
  })

  it('R43: rejects a wrong iss', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ iss: 'https://evil.test' })), 'iss')
  })

  it('R43: rejects a missing iss', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(without(logoutClaims(), 'iss')), 'iss')
  })

  it('R43: rejects a token with no events claim', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(without(logoutClaims(), 'events')), 'events')
  })

  it.each([
    ['another event type', { 'http://schemas.openid.net/event/other': {} }],
    ['the event member as a string', { [LOGOUT_EVENT]: 'logout' }],
    ['the event member as null', { [LOGOUT_EVENT]: null }],
    ['the event member as an array', { [LOGOUT_EVENT]: [] }],
    ['events as an array', [LOGOUT_EVENT]],
    ['events as a string', LOGOUT_EVENT],
  ])('R43: rejects a wrong events member: %s', async (_, events) => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ events })), 'events')
  })

  it('R43: rejects a token that has a nonce (an ID token must not pass as a logout token)', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ nonce: 'n-1' })), 'claims')
  })

  it('R43: rejects a replayed jti (the second verification of the same token fails)', async () => {
    const eid = await fake.client()
    const jwt = await sign(logoutClaims())
    await expect(eid.verifyLogoutToken(jwt)).resolves.toEqual({ sub: SUB, sid: SID })
    await expectRejected(eid, jwt, 'jti')
  })

  it('finding 3: a replayed logout token is refused for as long as it verifies, even when the provider clock runs ahead', async () => {
    // The provider's clock is a whole tolerance (30 s) ahead: the token stays valid 300 + 30 s after its
    // iat, that is 360 s after it arrives. Its jti must be remembered at least that long.
    let t = nowSec()
    const clock = () => t
    const eid = await fake.client({}, { now: clock, replayGuard: new MemoryReplayGuard({ now: clock }) })
    const jwt = await sign(logoutClaims({ iat: t + 30 }))
    await expect(eid.verifyLogoutToken(jwt)).resolves.toEqual({ sub: SUB, sid: SID })
    t += 345 // the old record (maxAgeSec + one tolerance = 330 s) has expired by now
    await expectRejected(eid, jwt, 'jti')
    t += 14 // 359 s: still valid, still refused
    await expectRejected(eid, jwt, 'jti')
    t += 2 // 361 s later the token itself has expired: refused for its age, not its jti
    await expectRejected(eid, jwt, 'iat')
  })

  it('R43: rejects another token reusing a jti already seen', async () => {
    const eid = await fake.client()
    const jti = randomUUID()
    await eid.verifyLogoutToken(await sign(logoutClaims({ jti })))
    await expectRejected(eid, await sign(logoutClaims({ jti, sid: 'sid-other' })), 'jti')
  })

  it('R43: a token rejected for another reason does not burn its jti', async () => {
    const eid = await fake.client()
    const jti = randomUUID()
    await expectRejected(eid, await sign(logoutClaims({ jti, nonce: 'n-1' })), 'claims')
    await expect(eid.verifyLogoutToken(await sign(logoutClaims({ jti })))).resolves.toEqual({
      sub: SUB,
      sid: SID,
    })
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('R43: rejects a %s jti', async (_, jti) => {
    const eid = await fake.client()
    const claims = jti === undefined ? without(logoutClaims(), 'jti') : logoutClaims({ jti })
    await expectRejected(eid, await sign(claims), 'jti')
  })

  it('R43: rejects a token with neither sub nor sid', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(without(logoutClaims(), 'sub', 'sid')), 'claims')
  })

  it('R43: rejects empty sub and sid', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ sub: '', sid: '' })), 'claims')
  })

  it('R43 (R15): rejects a signature altered by one bit', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims(), { breakWith: 'bad_signature' }), 'signature')
  })

  it('R43: rejects a token signed by an unknown key under the provider kid', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims(), { breakWith: 'unknown_key' }), 'signature')
  })

  it('R43: rejects a token signed by an unknown key with an unknown kid', async () => {
    const eid = await fake.client()
    const jwt = await sign(logoutClaims(), { breakWith: 'unknown_key', header: { kid: 'attacker-1' } })
    await expectRejected(eid, jwt, 'key')
  })

  it('R43: rejects a payload altered after signing', async () => {
    const eid = await fake.client()
    const [header, payload, signature] = (await sign(logoutClaims())).split('.') as [string, string, string]
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString())
    altered.sub = 'someone-else'
    const forged = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`
    await expectRejected(eid, forged, 'signature')
  })

  it('R43: rejects a typ other than logout+jwt (e.g. an ID token)', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims(), { header: { typ: 'JWT' } }), 'format')
  })

  it('R43: rejects a token without iat', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(without(logoutClaims(), 'iat')), 'iat')
  })

  it('R43: rejects a token with iat in the future beyond the tolerance', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ iat: nowSec() + 600 })), 'iat')
  })

  it('R43: rejects a token older than 5 minutes, naming the iat check', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ iat: nowSec() - 3600 })), 'iat')
  })

  it('R43: rejects an expired token', async () => {
    const eid = await fake.client()
    await expectRejected(eid, await sign(logoutClaims({ exp: nowSec() - 120 })), 'exp')
  })

  it.each([
    ['undefined', undefined],
    ['an object', { logout_token: 'x' }],
    ['an empty string', ''],
    ['two parts', 'a.b'],
    ['a JWE-shaped string', 'a.b.c.d.e'],
    ['an oversized string', `${'a'.repeat(10_000)}.${'b'.repeat(10_000)}.c`],
  ])('rejects %s with check format', async (_, input) => {
    const eid = await fake.client()
    await expectRejected(eid, input, 'format')
  })
})
