import { spawnSync } from 'node:child_process'
import { createPublicKey, randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { editJson, type MockVneidClient } from '@dinhdanh/testing/msw'
import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  mockVneidFor,
  NEEDS_NODE_22,
  OTHER_KEYS,
  pkcs1Supported,
  RP_KEYS,
  RP_PRIVATE_PEM,
  VNEID_CITIZEN,
  VNEID_ENDPOINTS,
  VNEID_REDIRECT_URI,
  VNEID_SECRET,
  VNEID_USERINFO,
  vneidOptions,
} from '../../test-support/mock-vneid.js'
import { eidRejection } from '../../test-support/rejection.js'
import { createClient, type EidClient, type EidError } from '../index.js'
import { encryptVneidCode, sealVneidEnvelope } from './envelope.js'

const server = setupServer()
let vneid = mockVneidFor()
/** A fresh kit whose relying party is registered with `client` (a key turns encryption on). */
function useKit(client: Partial<MockVneidClient> = {}) {
  vneid = mockVneidFor(client)
  server.resetHandlers(...vneid.handlers)
}
const ENCRYPTED = { publicKey: RP_KEYS.publicKey }
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => useKit())
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const plainClient = (extra: Record<string, unknown> = {}) => createClient(vneidOptions(extra))
const encryptedClient = (extra: Record<string, unknown> = {}) =>
  createClient(vneidOptions({ envelopeKey: RP_PRIVATE_PEM, ...extra }))

async function start(eid: EidClient, level: 1 | 2 = 2) {
  const { url, transaction } = await eid.signIn({ level })
  return { url, transaction, callback: await vneid.authorize(url) }
}

/** Asserts an error leaks nothing of the exchange. */
function expectNothingLeaked(error: EidError) {
  for (const secret of [VNEID_SECRET, VNEID_CITIZEN.personalId, 'Nguyễn', '-----BEGIN']) {
    expect(error.message).not.toContain(secret)
  }
}

describe('vneid: plain dialect (every Node)', () => {
  it('sends the dialect authorization request: code flow, client_id, redirect_uri, scope, state; no discovery', async () => {
    const eid = await plainClient()
    const { url, transaction } = await eid.signIn({
      level: 2,
      uiLocales: 'vi',
      extraParams: { mock_scenario: 'x' },
    })
    const sent = new URL(url)
    expect(sent.origin + sent.pathname).toBe(VNEID_ENDPOINTS.authorization)
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'demo-bank',
      redirect_uri: VNEID_REDIRECT_URI,
      scope: 'openid',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge_method: 'S256',
      acr_values: '2',
      ui_locales: 'vi',
      mock_scenario: 'x',
    })
    expect(vneid.requests()).toEqual([])
    expect(eid.metadata).toMatchObject({
      token_endpoint: VNEID_ENDPOINTS.token,
      end_session_endpoint: VNEID_ENDPOINTS.endSession,
    })
  })

  it('completes a sign-in: form token request with the secret in the body, userinfo with Bearer, typed citizen', async () => {
    const eid = await plainClient()
    const { transaction, callback } = await start(eid)
    const result = await eid.completeSignIn(callback, JSON.stringify(transaction))
    expect(result.citizen).toEqual({
      personalId: VNEID_CITIZEN.personalId,
      fullName: 'Nguyễn Văn An',
      familyName: 'Nguyễn',
      middleName: 'Văn',
      givenName: 'An',
      birthDate: '1990-05-17',
      gender: 'male',
    })
    expect(result.level).toBe(2)
    expect(result.subject).toBe(VNEID_CITIZEN.personalId)
    expect(result.tokens).toMatchObject({
      tokenType: 'Bearer',
      idToken: '',
      subject: VNEID_CITIZEN.personalId,
    })
    expect(result.tokens.expiresAt).toBeGreaterThan(Date.now() / 1000)
    expect(result.providerClaims).toMatchObject({ accountType: 'CONG_DAN' })
    expect(result).toMatchObject({ attributes: {}, missing: [], unavailable: [], sessionId: undefined })
    expect(vneid.requests().map((request) => request.endpoint)).toEqual([
      'authorization',
      'token',
      'userinfo',
    ])
    const [token] = vneid.requests('token')
    const [userinfo] = vneid.requests('userinfo')
    expect(token?.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(token?.headers.get('authorization')).toBeNull()
    const body = token?.form ?? new URLSearchParams()
    expect([...body.keys()].sort()).toEqual([
      'client_id',
      'client_secret',
      'code',
      'grant_type',
      'redirect_uri',
    ])
    expect(body.get('client_secret')).toBe(VNEID_SECRET)
    expect(userinfo?.headers.get('authorization')).toMatch(/^Bearer /)
    expect(userinfo?.url.search).toBe('')
  })

  it('sends JSON when dialect.tokenRequestFormat is json, and the PKCE verifier when asked', async () => {
    useKit({ tokenRequestFormat: 'json' }) // the kit then refuses a form, as it refuses JSON by default
    const eid = await plainClient({ dialect: { tokenRequestFormat: 'json', sendCodeVerifier: true } })
    const { transaction, callback } = await start(eid)
    await eid.completeSignIn(callback, transaction)
    expect(vneid.requests('token')[0]?.headers.get('content-type')).toBe('application/json')
    expect(vneid.tokenRequests[0]?.get('code_verifier')).toBe(transaction.codeVerifier)
  })

  it('a callback without state or with another attempt’s sends nothing; the same callback twice is refused', async () => {
    const eid = await plainClient()
    const first = await start(eid)
    const second = await start(eid)
    expect(
      (await eidRejection(eid.completeSignIn(first.callback.replace(/&state=[^&]*/, ''), first.transaction)))
        .code,
    ).toBe('ERR_EID_CALLBACK_INVALID')
    const crossed = await eidRejection(eid.completeSignIn(second.callback, first.transaction))
    expect(crossed).toMatchObject({ code: 'ERR_EID_CALLBACK_INVALID', reason: 'state_mismatch' })
    expect(vneid.requests('token')).toEqual([])
    await eid.completeSignIn(first.callback, first.transaction)
    const replay = await eidRejection(eid.completeSignIn(first.callback, first.transaction))
    expect(replay).toMatchObject({ code: 'ERR_EID_TRANSACTION_INVALID', reason: 'already_used' })
    expect(vneid.requests('token')).toHaveLength(1)
    expect(vneid.requests('userinfo')).toHaveLength(1)
  })

  it('refuses a transaction of another client, an expired one, or none', async () => {
    const eid = await plainClient()
    const { transaction, callback } = await start(eid)
    const other = await createClient(vneidOptions({ clientId: 'other-client' }))
    expect(await eidRejection(other.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'wrong_client',
    })
    const later = await createClient(vneidOptions(), { now: () => Math.floor(Date.now() / 1000) + 3600 })
    expect(await eidRejection(later.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'expired',
    })
    expect(await eidRejection(eid.completeSignIn(callback, undefined))).toMatchObject({ reason: 'missing' })
  })

  it('ERR_EID_LEVEL_TOO_LOW with required and actual when the account is level 1', async () => {
    vneid.tamper.nextResponse(
      'userinfo',
      editJson((claims) => ({ ...claims, accountLevel: '1' })),
    )
    const eid = await plainClient()
    const { transaction, callback } = await start(eid, 2)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual: 1 })
  })

  it('a userinfo without citizenPid, or with a number inconsistent with the birth date, is ERR_EID_ATTRIBUTE_INVALID', async () => {
    for (const edit of [
      ({ citizenPid: _, ...claims }: Record<string, unknown>) => claims,
      (claims: Record<string, unknown>) => ({ ...claims, birthDate: '17/05/1985' }),
    ]) {
      vneid.tamper.nextResponse('userinfo', editJson(edit))
      const eid = await plainClient()
      const { transaction, callback } = await start(eid)
      const error = await eidRejection(eid.completeSignIn(callback, transaction))
      expect(error.code).toBe('ERR_EID_ATTRIBUTE_INVALID')
      expectNothingLeaked(error)
    }
  })

  it.each([
    [
      'HTML',
      () => new HttpResponse('<html>oops</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      'ERR_EID_RESPONSE_INVALID',
    ],
    [
      'a 502 page',
      () => new HttpResponse('Bad gateway', { status: 502, headers: { 'content-type': 'text/plain' } }),
      'ERR_EID_RESPONSE_INVALID',
    ],
    [
      'a 500 with JSON and no error',
      () => HttpResponse.json({ message: 'down' }, { status: 500 }),
      'ERR_EID_RESPONSE_INVALID',
    ],
    [
      'broken JSON',
      () => new HttpResponse('{"access_token":', { headers: { 'content-type': 'application/json' } }),
      'ERR_EID_RESPONSE_INVALID',
    ],
    ['a JSON array', () => HttpResponse.json([1]), 'ERR_EID_RESPONSE_INVALID'],
    ['no access_token', () => HttpResponse.json({ token_type: 'Bearer' }), 'ERR_EID_RESPONSE_INVALID'],
    [
      'a DPoP token type',
      () => HttpResponse.json({ access_token: 'x', token_type: 'DPoP' }),
      'ERR_EID_RESPONSE_INVALID',
    ],
    [
      'invalid_client',
      () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 }),
      'ERR_EID_PROVIDER',
    ],
    ['an error with status 200', () => HttpResponse.json({ error: 'invalid_grant' }), 'ERR_EID_PROVIDER'],
  ])('token endpoint answering %s: %s', async (_name, respond, code) => {
    vneid.tamper.nextResponse('token', respond)
    const eid = await plainClient()
    const { transaction, callback } = await start(eid)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error.code).toBe(code)
    expectNothingLeaked(error)
  })

  it.each([
    ['non-Latin-1 characters', 'at-ベ-0123'],
    ['a line break', 'at-0123\r\nx-injected: 1'],
    ['a space', 'at 0123'],
  ])(
    'fuzz finding: an access_token with %s is ERR_EID_RESPONSE_INVALID from the token endpoint, not a network error at userinfo',
    async (_name, accessToken) => {
      vneid.tamper.nextResponse('token', () =>
        HttpResponse.json({ access_token: accessToken, token_type: 'Bearer' }),
      )
      const eid = await plainClient()
      const { transaction, callback } = await start(eid)
      const error = await eidRejection(eid.completeSignIn(callback, transaction))
      expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'token' })
      expect(error.message).not.toContain(accessToken)
      expect(vneid.requests().map((request) => request.endpoint)).toEqual(['authorization', 'token'])
    },
  )

  it('a token endpoint that cannot be reached is ERR_EID_NETWORK, and the POST is not retried', async () => {
    vneid.tamper.nextResponse('token', () => HttpResponse.error())
    const eid = await plainClient()
    const { transaction, callback } = await start(eid)
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      code: 'ERR_EID_NETWORK',
      endpoint: 'token',
    })
    expect(vneid.requests('token')).toHaveLength(1)
  })

  it('userinfo answering HTML or 5xx is ERR_EID_RESPONSE_INVALID with the status', async () => {
    vneid.tamper.nextResponse(
      'userinfo',
      () => new HttpResponse('<h1>503</h1>', { status: 503, headers: { 'content-type': 'text/html' } }),
    )
    const eid = await plainClient()
    const { transaction, callback } = await start(eid)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'userinfo', status: 503 })
  })

  it('a plain client given an encrypted callback refuses it clearly, before any request', async () => {
    const eid = await plainClient()
    useKit(ENCRYPTED)
    const { transaction, callback } = await start(eid)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error.code).toBe('ERR_EID_UNSUPPORTED')
    expect(error.message).toMatch(/envelopeKey/)
    expect(vneid.requests().map((request) => request.endpoint)).toEqual(['authorization'])
  })

  it('a plain client given an envelope refuses it clearly', async () => {
    const eid = await plainClient()
    // The code in the clear, the token answer sealed: the kit seals both or neither, so seal its answer here.
    vneid.tamper.nextResponse('token', async (original) =>
      HttpResponse.json(sealVneidEnvelope(RP_KEYS.publicKey, await original.json())),
    )
    const { transaction, callback } = await start(eid)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error.code).toBe('ERR_EID_UNSUPPORTED')
    expect(error.message).toMatch(/token endpoint sent an encrypted envelope/)
  })

  it('signIn refuses what the dialect cannot do: attributes, identity: false, maxAge', async () => {
    const eid = await plainClient()
    for (const request of [{ attributes: ['phone'] as const }, { identity: false }, { maxAge: 60 }]) {
      expect((await eidRejection(eid.signIn(request))).code).toBe('ERR_EID_UNSUPPORTED')
    }
    expect((await eidRejection(eid.signIn({ level: 3 as never }))).code).toBe('ERR_EID_CONFIG')
  })

  it('signOutUrl uses endpoints.endSession; without it, and for every missing operation, ERR_EID_UNSUPPORTED', async () => {
    const eid = await plainClient({ postLogoutRedirectUri: 'https://bank.test/' })
    const url = new URL(eid.signOutUrl({ idTokenHint: '', state: 's' }))
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'demo-bank',
      post_logout_redirect_uri: 'https://bank.test/',
      state: 's',
    })
    expect(() => eid.signOutUrl({ postLogoutRedirectUri: 'not a url' })).toThrow(/postLogoutRedirectUri/)
    const bare = await plainClient({ endpoints: { ...VNEID_ENDPOINTS, endSession: undefined } })
    expect(() => bare.signOutUrl()).toThrow(expect.objectContaining({ code: 'ERR_EID_UNSUPPORTED' }))
    const tokens = { accessToken: 'a', tokenType: 'Bearer' as const, idToken: '', subject: 's' }
    for (const call of [
      () => eid.fetchAttributes(tokens, ['phone'] as const),
      () => eid.refresh(tokens),
      () => eid.revoke(tokens),
      () => eid.verifyLogoutToken('x'),
      () => eid.backchannelSignIn({ loginHint: '001090012345' }),
      () => eid.waitForBackchannelSignIn({} as never),
      () => eid.consents.list(),
      () => eid.consents.get('x'),
      () => eid.consents.revoke('x'),
      () => eid.verifyConsentReceipt('x'),
      () => eid.verifySecurityEvent('x'),
    ]) {
      expect((await eidRejection(call())).code).toBe('ERR_EID_UNSUPPORTED')
    }
  })
})

describe('vneid: createClient checks', () => {
  it.each([
    [
      'an http endpoint off loopback',
      { endpoints: { ...VNEID_ENDPOINTS, token: 'http://sso.vneid.test/oauth/token' } },
      'endpoints.token',
    ],
    [
      'a token endpoint on another origin',
      { endpoints: { ...VNEID_ENDPOINTS, token: 'https://evil.test/token' } },
      'endpoints.token',
    ],
    [
      'a userinfo endpoint on another port',
      { endpoints: { ...VNEID_ENDPOINTS, userinfo: 'https://sso.vneid.test:8443/u' } },
      'endpoints.userinfo',
    ],
    ['an http redirect URI off loopback', { redirectUri: 'http://bank.test/cb' }, 'redirectUri'],
    ['a fragment', { redirectUri: 'https://bank.test/cb#x' }, 'redirectUri'],
    [
      'client_secret_basic',
      { clientAuth: { method: 'client_secret_basic', secret: VNEID_SECRET } },
      'clientAuth.method',
    ],
    [
      'a short secret',
      { clientAuth: { method: 'client_secret_post', secret: 'short' } },
      'clientAuth.secret',
    ],
    ['no endpoints', { endpoints: undefined }, 'endpoints'],
    ['requireEncryption without a key', { dialect: { requireEncryption: true } }, 'envelopeKey'],
    ['a non-RSA key', { envelopeKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' } }, 'envelopeKey'],
    [
      'a public-only key',
      { envelopeKey: OTHER_KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      'envelopeKey',
    ],
  ])('refuses %s', async (_name, extra, path) => {
    const error = await eidRejection(createClient(vneidOptions(extra) as never))
    expect(error.code).toBe('ERR_EID_CONFIG')
    expect((error as EidError & { issues: { path: string }[] }).issues.map((issue) => issue.path)).toContain(
      path,
    )
    expect(error.message).not.toContain(VNEID_SECRET)
  })

  it('allows plain http on loopback for local development', async () => {
    const local = 'http://127.0.0.1:4000'
    const eid = await createClient(
      vneidOptions({
        issuer: local,
        endpoints: { authorization: `${local}/a`, token: `${local}/t`, userinfo: `${local}/u` },
        redirectUri: 'http://localhost:3000/cb',
      }),
    )
    expect(eid.issuer).toBe(local)
  })

  it.runIf(!pkcs1Supported)(
    'on Node 20, a client with an envelopeKey fails at createClient with ERR_EID_UNSUPPORTED: use Node 22 or later',
    async () => {
      const error = await eidRejection(encryptedClient())
      expect(error.code).toBe('ERR_EID_UNSUPPORTED')
      expect(error.message).toMatch(/Node\.js 22 or later/)
      expectNothingLeaked(error)
    },
  )
})

describe.runIf(process.versions.node.startsWith('20.'))('vneid on Node 20 with --security-revert', () => {
  it('review finding: decryption without implicit rejection (--security-revert=CVE-2023-46809) is refused at createClient too', () => {
    // The built package, in a Node started the way the finding describes.
    const script = `
      const { createClient } = await import('@dinhdanh/client')
      const local = 'http://127.0.0.1:9'
      try {
        await createClient({ profile: 'vneid', issuer: local, clientId: 'rp', redirectUri: 'http://127.0.0.1:3000/cb',
          endpoints: { authorization: local + '/a', token: local + '/t', userinfo: local + '/u' },
          clientAuth: { method: 'client_secret_post', secret: 's'.repeat(32) }, envelopeKey: process.env.PEM })
        console.log('accepted')
      } catch (e) { console.log(e.code + ' ' + e.message) }`
    const run = spawnSync(
      process.execPath,
      ['--security-revert=CVE-2023-46809', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
        env: { ...process.env, PEM: RP_PRIVATE_PEM },
        encoding: 'utf8',
      },
    )
    expect(run.stdout).toMatch(/^ERR_EID_UNSUPPORTED .*without implicit rejection/m)
    expect(run.stdout).not.toContain('BEGIN')
  })
})

describe.skipIf(!pkcs1Supported)(`vneid: encrypted dialect ${NEEDS_NODE_22}`, () => {
  it('decrypts the code (its "+" intact), redeems the decrypted code with encrypt_key, opens envelopes', async () => {
    useKit(ENCRYPTED)
    const eid = await encryptedClient()
    let started = await start(eid)
    // Keep going until the raw base64 carries a "+", which URLSearchParams would turn into a space.
    while (!/[?&](code|encrypt_key)=[^&]*\+/.test(started.callback)) started = await start(eid)
    const result = await eid.completeSignIn(started.callback, started.transaction)
    expect(result.citizen?.personalId).toBe(VNEID_CITIZEN.personalId)
    const body = vneid.requests('token')[0]?.form ?? new URLSearchParams()
    expect(body.get('encrypt_key')).toMatch(/^[A-Za-z0-9+/]+=*$/)
    // The kit's codes are 32 base64url characters; the encrypted one is the longer standard base64.
    expect(body.get('code')).toMatch(/^[\w-]{32}$/)
  })

  it.each([
    ['ecb', 16],
    ['ecb', 24],
    ['cbc', 32],
  ] as const)('AES-%s with a %i-byte key', async (aesMode, keyBytes) => {
    useKit({ ...ENCRYPTED, aesMode, keyBytes })
    const eid = await encryptedClient({ dialect: { aesMode } })
    const { transaction, callback } = await start(eid)
    expect((await eid.completeSignIn(callback, transaction)).level).toBe(2)
  })

  it('sends the encrypted code when dialect.tokenRequestCode is encrypted', async () => {
    useKit(ENCRYPTED)
    const eid = await encryptedClient({ dialect: { tokenRequestCode: 'encrypted' } })
    const { transaction, callback } = await start(eid)
    // The kit only knows the plain code, so it refuses: what matters is what was sent.
    await eidRejection(eid.completeSignIn(callback, transaction))
    const sent = vneid.requests('token')[0]?.form?.get('code')
    expect(sent).toBe(decodeURIComponent(/code=([^&]*)/.exec(callback)?.[1] ?? ''))
    expect(sent).not.toMatch(/^[\w-]{32}$/)
  })

  it('accepts plain code and JSON by default, refuses them with dialect.requireEncryption', async () => {
    const eid = await encryptedClient()
    const plain = await start(eid)
    expect((await eid.completeSignIn(plain.callback, plain.transaction)).level).toBe(2)
    const strict = await encryptedClient({ dialect: { requireEncryption: true } })
    const noKey = await start(strict)
    expect(await eidRejection(strict.completeSignIn(noKey.callback, noKey.transaction))).toMatchObject({
      reason: 'encrypt_key_missing',
    })
    // The code encrypted, the token answer in the clear: the kit seals both or neither, so replace its answer.
    useKit(ENCRYPTED)
    vneid.tamper.nextResponse('token', () =>
      HttpResponse.json({ access_token: 'at-plain-0123456789', token_type: 'Bearer', expires_in: 300 }),
    )
    const plainBody = await start(strict)
    expect(
      await eidRejection(strict.completeSignIn(plainBody.callback, plainBody.transaction)),
    ).toMatchObject({
      code: 'ERR_EID_RESPONSE_INVALID',
      endpoint: 'token',
    })
  })

  it('a random encrypt_key and a well-formed one for another key give identical errors, and no token request', async () => {
    const eid = await encryptedClient()
    const errors: EidError[] = []
    const forOtherKey = encryptVneidCode(OTHER_KEYS.publicKey, 'a-real-looking-code')
    for (const [code, encryptKey] of [
      [randomBytes(16).toString('base64'), randomBytes(256).toString('base64')],
      [forOtherKey.code, forOtherKey.encryptKey],
      [randomBytes(15).toString('base64'), encryptVneidCode(OTHER_KEYS.publicKey, 'x').encryptKey],
      ['not base64 at all!', 'AAAA AAAA'],
    ]) {
      const { transaction } = await eid.signIn()
      const callback = `${VNEID_REDIRECT_URI}?code=${code}&state=${transaction.state}&encrypt_key=${encryptKey}`
      errors.push(await eidRejection(eid.completeSignIn(callback, transaction)))
    }
    const [first, ...rest] = errors
    expect(first).toMatchObject({ code: 'ERR_EID_CALLBACK_INVALID', reason: 'encrypted_code_invalid' })
    for (const error of rest) {
      expect(error.constructor).toBe(first?.constructor)
      expect(error.code).toBe(first?.code)
      expect(error.message).toBe(first?.message)
      expect((error as EidError & { reason: string }).reason).toBe('encrypted_code_invalid')
      expect(error.cause).toBeUndefined()
    }
    expect(vneid.requests()).toEqual([])
  })

  it('a code that decrypts to something that is not a code (control characters, spaces) is the same error', async () => {
    const eid = await encryptedClient()
    const { transaction } = await eid.signIn()
    const odd = encryptVneidCode(createPublicKey(RP_PRIVATE_PEM), 'a b\u0001')
    const callback = `${VNEID_REDIRECT_URI}?code=${odd.code}&state=${transaction.state}&encrypt_key=${odd.encryptKey}`
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'encrypted_code_invalid',
    })
    expect(vneid.requests()).toEqual([])
  })

  it('an envelope that does not open, or does not parse, is one ERR_EID_RESPONSE_INVALID per endpoint', async () => {
    const eid = await encryptedClient()
    const messages = new Set<string>()
    for (const envelope of [
      sealVneidEnvelope(OTHER_KEYS.publicKey, { access_token: 'x' }),
      { data: randomBytes(32).toString('base64'), key: randomBytes(256).toString('base64') },
      { data: 'AAAA', key: 'not base64' },
    ]) {
      vneid.tamper.nextResponse('token', () => HttpResponse.json(envelope))
      const { transaction, callback } = await start(eid)
      const error = await eidRejection(eid.completeSignIn(callback, transaction))
      expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'token' })
      expect(error.cause).toBeUndefined()
      messages.add(error.message)
    }
    expect(messages.size).toBe(1)
    vneid.tamper.nextResponse('userinfo', () =>
      HttpResponse.json(sealVneidEnvelope(OTHER_KEYS.publicKey, VNEID_USERINFO)),
    )
    const { transaction, callback } = await start(eid)
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      endpoint: 'userinfo',
    })
  })
})
