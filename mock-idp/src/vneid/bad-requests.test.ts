import { testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { get } from '../protocol/support.js'
import type { MockIdp } from '../server.js'
import {
  authorizationUrl,
  callbackFor,
  type DialectRp,
  dialectRp,
  startDialectIdp,
  tokenRequest,
  userinfoRequest,
} from './dialect-testing.js'
import { dialectEndpoints } from './paths.js'

let idp: MockIdp
let rp: DialectRp
let other: DialectRp
let encrypted: DialectRp
let standardId: string

beforeAll(async () => {
  rp = dialectRp('vneid-bad', { encrypt: false })
  other = dialectRp('vneid-other', { encrypt: false })
  encrypted = dialectRp('vneid-bad-encrypted')
  const standard = await testClient('standard-rp')
  standardId = standard.metadata.client_id
  idp = await startDialectIdp([rp, other, encrypted], { standard: [standard.metadata] })
})
afterAll(() => idp?.close())

const citizen = { login_hint: personas.level2Adult.personalId }
const freshCode = async (client = rp) => String((await callbackFor(idp, client, citizen)).params.get('code'))

/** An explanation never carries a value that was sent: no code, secret or personal number. */
function expectNoValues(text: unknown, ...values: string[]): void {
  for (const value of values) expect(String(text)).not.toContain(value)
}

describe('O01: /vneid/authorize compares redirect_uri exactly and shows an error page, never a redirect', () => {
  const base = 'http://127.0.0.1:9/vneid-bad/callback'
  it.each([
    { variant: 'a trailing slash', uri: `${base}/`, says: 'trailing slash' },
    { variant: 'a case change', uri: base.replace('callback', 'Callback'), says: 'upper/lower case' },
    { variant: 'an extra path', uri: `${base}/more`, says: 'in its path' },
    { variant: 'an extra query', uri: `${base}?next=/`, says: 'query string' },
    { variant: 'another port', uri: base.replace(':9', ':10'), says: 'in its port' },
    { variant: 'https for http', uri: base.replace('http:', 'https:'), says: 'in its scheme' },
    { variant: 'an unregistered host', uri: 'http://evil.example/callback', says: 'not registered' },
  ])('O01: $variant → 400 page explaining it', async ({ uri, says }) => {
    const response = await get(authorizationUrl(idp, rp, { redirect_uri: uri }), { accept: 'text/html' })
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(response.text).toContain('The real VNeID would refuse this request')
    expect(response.text).toContain(says)
  })

  it('a missing redirect_uri → 400 page', async () => {
    const url = new URL(authorizationUrl(idp, rp))
    url.searchParams.delete('redirect_uri')
    const response = await get(url.href)
    expect(response.status).toBe(400)
    expect(response.text).toContain('redirect_uri is missing')
  })

  it('an unknown client_id, and a standard client at the dialect endpoint, are explained', async () => {
    const unknown = await get(authorizationUrl(idp, rp, { client_id: 'nobody' }))
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('dialect')
    const standard = await get(authorizationUrl(idp, rp, { client_id: standardId }))
    expect(standard.status).toBe(400)
    expect(standard.text).toContain('registered as a standard OpenID Connect client')
  })

  it('O12: a state carrying HTML never reaches a page unescaped', async () => {
    const response = await get(
      authorizationUrl(idp, rp, { redirect_uri: 'http://x/<script>', state: '<script>alert(1)</script>' }),
    )
    expect(response.status).toBe(400)
    expect(response.text).not.toContain('<script>alert')
  })

  it('response_type=token → back to the (valid) redirect_uri with unsupported_response_type and the state', async () => {
    const response = await get(authorizationUrl(idp, rp, { response_type: 'token', state: 's1' }))
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(location.href.startsWith(rp.redirectUri)).toBe(true)
    expect(location.searchParams.get('error')).toBe('unsupported_response_type')
    expect(location.searchParams.get('state')).toBe('s1')
  })
})

describe('/vneid/token: what would fail at the real provider, explained', () => {
  it('JSON instead of a form → invalid_request naming the content type', async () => {
    const code = await freshCode()
    const response = await fetch(dialectEndpoints(idp.url).token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code,
        client_id: rp.clientId,
        client_secret: rp.secret,
        redirect_uri: rp.redirectUri,
      }),
    })
    const json = (await response.json()) as Record<string, string>
    expect(response.status).toBe(400)
    expect(json.error).toBe('invalid_request')
    expect(json.error_description).toContain('application/x-www-form-urlencoded')
    expect(json.error_description).toContain('Content-Type was application/json')
    expectNoValues(json.error_description, code, rp.secret)
    // The code is not spent by a request that never got that far.
    expect((await tokenRequest(idp, rp, { code })).status).toBe(200)
  })

  it('a "+" read as a space in code → invalid_grant saying so', async () => {
    const response = await tokenRequest(idp, rp, { code: 'abc def+ghi' })
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json.error_description).toContain('a "+" of its base64 was read as a space')
  })

  it('the secret in an Authorization header (Basic) instead of the body → 401 invalid_client saying so', async () => {
    const code = await freshCode()
    const basic = `Basic ${Buffer.from(`${rp.clientId}:${rp.secret}`).toString('base64')}`
    const response = await tokenRequest(idp, rp, { code, client_secret: undefined }, { authorization: basic })
    expect(response.status).toBe(401)
    expect(response.json.error).toBe('invalid_client')
    expect(response.json.error_description).toContain('Authorization header')
    expect(response.headers.get('www-authenticate')).toContain('invalid_client')
    expectNoValues(response.json.error_description, rp.secret, code)
  })

  it('a wrong secret, or an unknown client_id, → 401 invalid_client alike', async () => {
    const code = await freshCode()
    const wrong = await tokenRequest(idp, rp, { code, client_secret: 'x'.repeat(32) })
    const unknown = await tokenRequest(idp, rp, { code, client_id: 'nobody' })
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.json).toEqual(unknown.json)
  })

  it.each([
    { how: 'missing', redirect_uri: undefined, says: 'redirect_uri is missing' },
    {
      how: 'with a trailing slash',
      redirect_uri: 'http://127.0.0.1:9/vneid-bad/callback/',
      says: 'trailing slash',
    },
    {
      how: 'another registered one',
      redirect_uri: 'http://127.0.0.1:9/elsewhere',
      says: 'differs from the one of the authorization request',
    },
  ])('redirect_uri $how → invalid_grant explaining it', async ({ redirect_uri, says }) => {
    const code = await freshCode()
    const response = await tokenRequest(idp, rp, { code, redirect_uri })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json.error_description).toContain(says)
  })

  it('a code issued to another client → invalid_grant', async () => {
    const code = await freshCode(other)
    const response = await tokenRequest(idp, rp, { code })
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json.error_description).toContain('another client_id')
  })

  it('a code reused → invalid_grant "already redeemed"', async () => {
    const code = await freshCode()
    expect((await tokenRequest(idp, rp, { code })).status).toBe(200)
    const again = await tokenRequest(idp, rp, { code })
    expect(again.json.error).toBe('invalid_grant')
    expect(again.json.error_description).toContain('already redeemed')
  })

  it('an unknown code, a missing code, a wrong grant_type and a GET are refused', async () => {
    expect((await tokenRequest(idp, rp, { code: 'nope' })).json.error_description).toContain(
      'unknown or expired',
    )
    expect((await tokenRequest(idp, rp, {})).json.error_description).toContain('code is missing')
    expect((await tokenRequest(idp, rp, { grant_type: 'refresh_token', code: 'x' })).json.error).toBe(
      'unsupported_grant_type',
    )
    expect((await get(dialectEndpoints(idp.url).token)).status).toBe(405)
  })

  it('with encryption on, sending the encrypted code as received → invalid_grant saying to decrypt it', async () => {
    const callback = await callbackFor(idp, encrypted, citizen)
    const response = await tokenRequest(idp, encrypted, {
      code: callback.params.get('code'),
      encrypt_key: callback.params.get('encrypt_key'),
    })
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json.error_description).toContain('decrypt it')
  })
})

describe('/vneid/userinfo refusals', () => {
  it('no bearer token, a token in the query, an unknown token → 401 invalid_token explained', async () => {
    const none = await fetch(dialectEndpoints(idp.url).userinfo)
    expect(none.status).toBe(401)
    expect(((await none.json()) as Record<string, string>).error_description).toContain(
      'Authorization: Bearer',
    )
    const query = await fetch(`${dialectEndpoints(idp.url).userinfo}?access_token=abc`)
    expect(((await query.json()) as Record<string, string>).error_description).toContain('query string')
    const unknown = await userinfoRequest(idp, 'not-a-token')
    expect(unknown.status).toBe(401)
    expect(unknown.json.error).toBe('invalid_token')
  })
})

describe('--explain', () => {
  it('reports what passes here but is unwise at the real provider, in X-Mock-Explain, without changing the answer', async () => {
    const offLoopback = dialectRp('vneid-explain', {
      encrypt: false,
      redirect_uris: ['http://rp.example/callback'],
    })
    offLoopback.redirectUri = 'http://rp.example/callback'
    const explaining = await startDialectIdp([offLoopback], { explain: true })
    try {
      const url = new URL(authorizationUrl(explaining, offLoopback, citizen))
      url.searchParams.delete('state')
      const response = await get(url.href)
      expect(response.status).toBe(302)
      expect(response.headers.get('x-mock-explain')).toMatch(/no state.*https redirect URI/)
    } finally {
      await explaining.close()
    }
    // Without --explain, nothing is added.
    const quiet = await get(authorizationUrl(idp, rp, citizen))
    expect(quiet.headers.get('x-mock-explain')).toBeNull()
  })
})
