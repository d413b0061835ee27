import { editJson } from '@dinhdanh/testing/msw'
import * as jose from 'jose'
import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { eidRejection } from '../test-support/rejection.js'
import { CLIENT_ID, CLIENT_JWK, ISSUER, REDIRECT_URI, useMockEid } from '../test-support/use-mock-eid.js'
import { isEidError } from './index.js'

describe('signIn with a provider that offers PAR', () => {
  const fake = useMockEid()
  /** The parameters of the last pushed authorization request. */
  const lastPushed = () => fake.eid().requests('par').at(-1)?.form

  it('R31: the front channel carries only client_id and request_uri', async () => {
    const eid = await fake.client()
    const { url } = await eid.signIn({
      level: 2,
      attributes: ['health_insurance'] as const,
      purpose: 'Khám bệnh có BHYT',
    })
    const front = new URL(url)
    expect(`${front.origin}${front.pathname}`).toBe(`${ISSUER}/authorize`)
    expect([...front.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri'])
    expect(front.searchParams.get('client_id')).toBe(CLIENT_ID)
  })

  it('sends attributes as scopes and claims, the level as acr_values, and the purpose', async () => {
    const eid = await fake.client()
    await eid.signIn({
      level: 2,
      attributes: ['health_insurance', 'age_over_18'] as const,
      purpose: 'Khám bệnh có BHYT',
    })
    const pushed = lastPushed()
    expect(pushed?.get('scope')?.split(' ').sort()).toEqual([
      'age_over_18',
      'health_insurance',
      'identity',
      'openid',
    ])
    expect(pushed?.get('acr_values')).toBe('2')
    expect(pushed?.get('purpose')).toBe('Khám bệnh có BHYT')
    expect(pushed?.get('response_type')).toBe('code')
    const claims = JSON.parse(pushed?.get('claims') ?? '{}')
    expect(claims.userinfo.health_insurance).toEqual({ purpose: 'Khám bệnh có BHYT' })
    expect(claims.userinfo.personal_id).toEqual({ essential: true, purpose: 'Khám bệnh có BHYT' })
    expect(claims.userinfo.age_over_18).toBeDefined()
  })

  it('a purpose in both languages sends the Vietnamese as purpose (also in claims) and the English as purpose#en', async () => {
    const eid = await fake.client()
    const { transaction } = await eid.signIn({
      attributes: ['address'] as const,
      purpose: { vi: 'Mở tài khoản thanh toán', en: 'Opening a payment account' },
    })
    const pushed = lastPushed()
    expect(pushed?.get('purpose')).toBe('Mở tài khoản thanh toán')
    expect(pushed?.get('purpose#en')).toBe('Opening a payment account')
    const claims = JSON.parse(pushed?.get('claims') ?? '{}')
    expect(claims.userinfo.address).toEqual({ purpose: 'Mở tài khoản thanh toán' })
    expect(transaction.purpose).toBe('Mở tài khoản thanh toán')
  })

  it('a purpose given as a string sends it as before, and no purpose#en', async () => {
    const eid = await fake.client()
    await eid.signIn({ purpose: 'Mở tài khoản thanh toán' })
    expect(lastPushed()?.get('purpose')).toBe('Mở tài khoản thanh toán')
    expect(lastPushed()?.has('purpose#en')).toBe(false)
    await eid.signIn()
    expect(lastPushed()?.has('purpose')).toBe(false)
    expect(lastPushed()?.has('purpose#en')).toBe(false)
  })

  it.each([
    [
      'without en',
      { vi: 'Mở tài khoản thanh toán' },
      'purpose',
      'expected the purpose as a text or as { vi, en }, each 3-300 characters',
    ],
    [
      'with a too short en',
      { vi: 'Mở tài khoản thanh toán', en: 'x' },
      'purpose.en',
      'expected the English purpose as a text of 3-300 characters',
    ],
    [
      'with vi empty',
      { vi: ' ', en: 'Opening an account' },
      'purpose.vi',
      'expected the Vietnamese purpose as a text of 3-300 characters',
    ],
    [
      'with another language',
      { vi: 'Mở tài khoản thanh toán', en: 'Opening an account', fr: 'Ouvrir un compte' },
      'purpose',
      'expected the purpose as a text or as { vi, en }, each 3-300 characters',
    ],
    ['as a number', 42, 'purpose', 'expected the purpose as a text or as { vi, en }, each 3-300 characters'],
    ['too short', 'x', 'purpose', 'expected the purpose as a text of 3-300 characters'],
  ])(
    'refuses a purpose %s with ERR_EID_CONFIG naming what was expected, before any request',
    async (_, purpose, path, message) => {
      const eid = await fake.client()
      const before = fake.eid().requests().length
      const error = await eid.signIn({ purpose: purpose as never }).catch((e: unknown) => e)
      expect(isEidError(error, 'ERR_EID_CONFIG')).toBe(true)
      expect((error as { issues: unknown[] }).issues).toEqual([{ path, message }])
      expect(fake.eid().requests().length).toBe(before)
    },
  )

  it("the purpose's English wins over a purpose#en in extraParams, which still goes through with a string purpose", async () => {
    const eid = await fake.client()
    await eid.signIn({
      purpose: { vi: 'Mở tài khoản thanh toán', en: 'Opening a payment account' },
      extraParams: { 'purpose#en': 'Something else' },
    })
    expect(lastPushed()?.getAll('purpose#en')).toEqual(['Opening a payment account'])
    await eid.signIn({
      purpose: 'Mở tài khoản thanh toán',
      extraParams: { 'purpose#en': 'Opening an account' },
    })
    expect(lastPushed()?.getAll('purpose#en')).toEqual(['Opening an account'])
  })

  it('identity: false requests neither the identity scope nor its claims (data minimisation)', async () => {
    const eid = await fake.client()
    await eid.signIn({ attributes: ['age_over_18'] as const, identity: false })
    const pushed = lastPushed()
    expect(pushed?.get('scope')).toBe('openid age_over_18')
    expect(pushed?.get('claims')).not.toContain('birthdate')
  })

  it('R30: always PKCE S256 with a fresh verifier, state and nonce each time', async () => {
    const eid = await fake.client()
    const first = await eid.signIn()
    const firstPushed = lastPushed()
    const second = await eid.signIn()
    const secondPushed = lastPushed()
    expect(firstPushed?.get('code_challenge_method')).toBe('S256')
    expect(first.transaction.codeVerifier).not.toBe(second.transaction.codeVerifier)
    expect(first.transaction.state).not.toBe(second.transaction.state)
    expect(first.transaction.nonce).not.toBe(second.transaction.nonce)
    expect(firstPushed?.get('code_challenge')).not.toBe(secondPushed?.get('code_challenge'))
    expect(first.transaction.codeVerifier.length).toBeGreaterThanOrEqual(43)
  })

  it('R32: private_key_jwt assertion has aud = issuer (a string), a unique jti and a short exp', async () => {
    const eid = await fake.client()
    await eid.signIn()
    await eid.signIn()
    const assertions = fake
      .eid()
      .requests('par')
      .map((r) => r.form?.get('client_assertion') ?? '')
    expect(assertions).toHaveLength(2)
    const [a, b] = assertions.map((jwt) => jose.decodeJwt(jwt))
    expect(a?.aud).toBe(ISSUER)
    expect(a?.iss).toBe(CLIENT_ID)
    expect(a?.sub).toBe(CLIENT_ID)
    expect(a?.jti).not.toBe(b?.jti)
    expect((a?.exp ?? 0) - (a?.iat ?? 0)).toBeLessThanOrEqual(300)
    expect(fake.eid().requests('par')[0]?.form?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    )
  })

  it('the transaction is plain JSON, expires after 10 minutes by default, and carries no secret of the client', async () => {
    const eid = await fake.client()
    const { transaction } = await eid.signIn({ attributes: ['vaccination'] as const })
    expect(JSON.parse(JSON.stringify(transaction))).toEqual(transaction)
    expect(transaction.expiresAt - transaction.createdAt).toBe(600)
    expect(JSON.stringify(transaction)).not.toContain(String(CLIENT_JWK.d))
    expect(transaction.attributes).toEqual(['vaccination'])
  })

  it('refuses bad requests with one ERR_EID_CONFIG naming every bad field, before any request', async () => {
    const eid = await fake.client()
    const before = fake.eid().requests().length
    try {
      await eid.signIn({
        level: 3 as never,
        attributes: ['passport'] as never,
        purpose: 'x',
        extraParams: { state: 'mine' },
      })
      expect.unreachable()
    } catch (error) {
      expect(isEidError(error, 'ERR_EID_CONFIG')).toBe(true)
      const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path)
      expect(paths).toEqual(expect.arrayContaining(['level', 'attributes.0', 'purpose', 'extraParams']))
    }
    expect(fake.eid().requests().length).toBe(before)
  })

  it('passes optional parameters (login_hint, ui_locales, prompt, max_age, extra parameters)', async () => {
    const eid = await fake.client()
    await eid.signIn({
      loginHint: '001090012345',
      uiLocales: 'en',
      prompt: 'login',
      maxAge: 0,
      extraParams: { mock_scenario: 'slow' },
    })
    const pushed = lastPushed()
    expect(pushed?.get('login_hint')).toBe('001090012345')
    expect(pushed?.get('ui_locales')).toBe('en')
    expect(pushed?.get('prompt')).toBe('login')
    expect(pushed?.get('max_age')).toBe('0')
    expect(pushed?.get('mock_scenario')).toBe('slow')
  })

  it("quotes the provider's error_description of a refused pushed request, without markup and capped (#15)", async () => {
    const eid = await fake.client()
    fake.server.use(
      http.post(`${ISSUER}/par`, () =>
        HttpResponse.json(
          {
            error: 'invalid_request',
            error_description: `redirect_uri <b>did not match</b> any registered\u0000 URI${'x'.repeat(400)}`,
          },
          { status: 400 },
        ),
      ),
    )
    const error = await eidRejection(eid.signIn({ level: 1 }))
    expect(error).toMatchObject({
      code: 'ERR_EID_PROVIDER',
      error: 'invalid_request',
      endpoint: 'par',
      status: 400,
    })
    expect(error.message).toContain('The provider said: "redirect_uri did not match any registered URIxxx')
    expect(error.message).not.toMatch(/[<>]/)
    expect(error.message).not.toContain('\u0000')
    expect(error.message).toContain(`${'x'.repeat(150)}…"`)
    expect(error.message).not.toContain('x'.repeat(200))
    expect(error.message).toContain('Check redirectUri')
  })

  it('does not quote the description of other endpoint errors', async () => {
    const eid = await fake.client()
    fake.server.use(
      http.post(`${ISSUER}/par`, () =>
        HttpResponse.json(
          { error: 'invalid_client', error_description: 'client secret mismatch' },
          { status: 401 },
        ),
      ),
    )
    const error = await eidRejection(eid.signIn({ level: 1 }))
    expect(error).toMatchObject({
      code: 'ERR_EID_PROVIDER',
      error: 'invalid_client',
      errorDescription: 'client secret mismatch',
    })
    expect(error.message).not.toContain('client secret mismatch')
  })

  it("par: 'never' sends everything on the front channel, with dpop_jkt when DPoP is on", async () => {
    const eid = await fake.client({ par: 'never', dpop: true })
    const { url } = await eid.signIn({ level: 1 })
    const front = new URL(url)
    expect(front.searchParams.get('code_challenge_method')).toBe('S256')
    expect(front.searchParams.get('acr_values')).toBe('1')
    expect(front.searchParams.get('dpop_jkt')).toMatch(/^[\w-]{43}$/)
    expect(fake.eid().requests('par')).toHaveLength(0)
  })
})

describe('signIn with a provider that requires PAR', () => {
  const fake = useMockEid()
  beforeEach(() => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson((doc) => ({ ...doc, require_pushed_authorization_requests: true })),
      { persist: true },
    )
  })

  it("par: 'never' fails with ERR_EID_UNSUPPORTED instead of sending a request the provider will refuse", async () => {
    const eid = await fake.client({ par: 'never' })
    await expect(eid.signIn()).rejects.toMatchObject({ code: 'ERR_EID_UNSUPPORTED' })
  })
})

describe('signIn with a provider without PAR', () => {
  const fake = useMockEid()
  beforeEach(() => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson(({ pushed_authorization_request_endpoint: _, ...doc }) => doc),
      { persist: true },
    )
  })

  it("par: 'auto' uses the front channel", async () => {
    const eid = await fake.client()
    const { url } = await eid.signIn()
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(REDIRECT_URI)
  })

  it("par: 'always' fails with ERR_EID_UNSUPPORTED", async () => {
    const eid = await fake.client({ par: 'always' })
    await expect(eid.signIn()).rejects.toMatchObject({ code: 'ERR_EID_UNSUPPORTED', feature: 'PAR' })
  })
})
