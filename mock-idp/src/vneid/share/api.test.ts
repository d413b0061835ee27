import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../../server.js'
import {
  type DialectRp,
  dialectRp,
  openEnvelope,
  pkcs1DecryptSupported,
  startDialectIdp,
} from '../dialect-testing.js'
import { callbackFor, shareEntry, sharePost, startShare } from './share-testing.js'

const CITIZEN = '001090001234'
let idp: MockIdp
let rp: DialectRp
let other: DialectRp
let sealed: DialectRp

beforeAll(async () => {
  rp = dialectRp('share-bank', { client_name: 'Ngân hàng Chia sẻ', ...shareEntry('share-bank') })
  other = dialectRp('share-other', shareEntry('share-other'))
  sealed = dialectRp('share-sealed', { ...shareEntry('share-sealed'), encrypt: true })
  idp = await startDialectIdp([rp, other, sealed], {
    standard: [
      {
        client_id: 'standard-rp',
        client_secret: 'a-standard-secret-0123456789',
        redirect_uris: ['http://127.0.0.1:9/cb'],
      },
    ],
  })
})
afterAll(() => idp?.close())

const start = (body: Record<string, unknown> = {}) =>
  sharePost(idp, rp, 'shareStart', {
    citizenPid: CITIZEN,
    attributes: ['identity', 'id_card', 'portrait'],
    purpose: 'Mở tài khoản thanh toán',
    callbackUrl: callbackFor(rp.clientId),
    ...body,
  })

describe('POST /vneid/share/start', () => {
  it('answers an opaque txnId and expiresIn 300', async () => {
    const { status, json, headers } = await start()
    expect(status).toBe(200)
    expect(json).toEqual({ txnId: expect.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/), expiresIn: 300 })
    expect(headers.get('cache-control')).toBe('no-store')
    const result = await sharePost(idp, rp, 'shareResult', { txnId: json.txnId })
    expect(result.json).toEqual({ txnId: json.txnId, status: 'PENDING' })
  })

  it.each([
    ['no Authorization header', { authorization: undefined }, 'share_auth_missing'],
    ['a Bearer token', { authorization: 'Bearer abc' }, 'share_auth_missing'],
    [
      'a wrong secret',
      { authorization: `Basic ${Buffer.from('share-bank:wrong-secret').toString('base64')}` },
      'share_auth_wrong',
    ],
    [
      'an unknown client',
      { authorization: `Basic ${Buffer.from('nobody:whatever-secret').toString('base64')}` },
      'share_auth_wrong',
    ],
    [
      'a standard (not dialect) client',
      {
        authorization: `Basic ${Buffer.from('standard-rp:a-standard-secret-0123456789').toString('base64')}`,
      },
      'share_auth_wrong',
    ],
  ])('refuses %s with 401 invalid_client', async (_name, headers, problem) => {
    const { status, json, headers: answer } = await sharePost(idp, rp, 'shareStart', {}, { headers })
    expect(status).toBe(401)
    expect(json.error).toBe('invalid_client')
    expect(String(json.error_description)).toContain(`[mock-idp: ${problem}]`)
    expect(answer.get('www-authenticate')).toBe('Basic realm="vneid-share"')
  })

  it.each([
    ['no X-Request-Id', { 'x-request-id': undefined }, 'share_request_id'],
    ['an X-Request-Id that is not a UUID', { 'x-request-id': 'req-1' }, 'share_request_id'],
    ['no X-Request-Time', { 'x-request-time': undefined }, 'share_request_time'],
    ['an X-Request-Time not in UTC', { 'x-request-time': '2025-01-31T08:00:00+07:00' }, 'share_request_time'],
    [
      'an X-Request-Time an hour old',
      { 'x-request-time': new Date(Date.now() - 3_600_000).toISOString() },
      'share_request_time',
    ],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'share_content_type'],
  ])('refuses %s with 400 invalid_request', async (_name, headers, problem) => {
    const { status, json } = await sharePost(
      idp,
      rp,
      'shareStart',
      { citizenPid: CITIZEN, attributes: ['identity'], purpose: 'x', callbackUrl: callbackFor(rp.clientId) },
      { headers },
    )
    expect(status).toBe(400)
    expect(json.error).toBe('invalid_request')
    expect(String(json.error_description)).toContain(`[mock-idp: ${problem}]`)
  })

  it('refuses a reused X-Request-Id', async () => {
    const id = randomUUID()
    const body = { txnId: 'abc' }
    await sharePost(idp, rp, 'shareResult', body, { headers: { 'x-request-id': id } })
    const again = await sharePost(idp, rp, 'shareResult', body, { headers: { 'x-request-id': id } })
    expect(again.status).toBe(400)
    expect(String(again.json.error_description)).toContain('share_request_id_reused')
  })

  it.each([
    ['a short citizenPid', { citizenPid: '12345' }, 'citizenPid'],
    ['12 digits that are no personal number (province 999)', { citizenPid: '999090001234' }, 'citizenPid'],
    ['no attributes', { attributes: [] }, 'attributes'],
    ['an attribute outside the catalogue', { attributes: ['identity', 'bank_account'] }, 'attributes'],
    ['openid as an attribute', { attributes: ['openid'] }, 'attributes'],
    ['an empty purpose', { purpose: '  ' }, 'purpose'],
    ['a purpose over 200 characters', { purpose: 'x'.repeat(201) }, 'purpose'],
  ])('refuses %s with 400, naming the field but never its value', async (_name, body, field) => {
    const { status, json } = await start(body)
    expect(status).toBe(400)
    expect(json.error).toBe('invalid_request')
    expect(String(json.error_description)).toContain(field)
    for (const value of Object.values(body))
      if (typeof value === 'string' && value.length > 3)
        expect(String(json.error_description)).not.toContain(value)
  })

  it.each([
    ['a right-to-left override', 'Mở tài khoản \u202Eđiều khoản\u202C'],
    ['a bidi isolate', 'Mở tài \u2066khoản\u2069'],
    ['a zero-width space', 'Mở\u200Btài khoản'],
    ['a zero-width joiner', 'Mở tài\u200Dkhoản'],
    ['a byte order mark inside', 'Mở tài\uFEFF khoản'],
    ['a line feed', 'Mở tài khoản\nChuyển toàn bộ số dư'],
    ['a carriage return', 'Mở tài khoản\rx'],
    ['a tab', 'Mở\ttài khoản'],
    ['a line separator', 'Mở tài khoản\u2028x'],
    ['a paragraph separator', 'Mở tài khoản\u2029x'],
    ['a NUL', 'Mở tài khoản\u0000x'],
    ['a C1 control (next line)', 'Mở tài khoản\u0085x'],
  ])(
    'refuses a purpose with %s: 400 invalid_request saying the rule, never the value (security review #16)',
    async (_name, purpose) => {
      const { status, json } = await start({ purpose })
      expect(status).toBe(400)
      expect(json.error).toBe('invalid_request')
      const description = String(json.error_description)
      expect(description).toContain('[mock-idp: share_body]')
      expect(description).toContain('purpose: one line of visible text')
      expect(description).not.toContain('Mở tài')
    },
  )

  it('accepts a Vietnamese purpose with diacritics, precomposed or with combining marks', async () => {
    expect((await start({ purpose: 'Mở tài khoản thanh toán (eKYC) – Ngân hàng' })).status).toBe(200)
    expect((await start({ purpose: 'Mo\u031Bu\u0309 ta\u0300i khoa\u0309n' })).status).toBe(200)
  })

  it('refuses a callbackUrl that is not registered exactly', async () => {
    for (const callbackUrl of [
      `${callbackFor(rp.clientId)}/`,
      'https://evil.example/callback',
      callbackFor(other.clientId),
    ]) {
      const { status, json } = await start({ callbackUrl })
      expect(status).toBe(400)
      expect(String(json.error_description)).toContain('share_callback_unregistered')
    }
  })

  it('refuses a body that is not JSON, and one over 16 KB, after authentication', async () => {
    const broken = await sharePost(idp, rp, 'shareStart', undefined, { raw: '{"citizenPid":' })
    expect(broken.status).toBe(400)
    expect(String(broken.json.error_description)).toContain('share_body')
    const big = await start({ purpose: 'x'.repeat(20_000) })
    expect(big.status).toBe(400)
    const stranger = await sharePost(idp, rp, 'shareStart', undefined, {
      raw: '{',
      headers: { authorization: undefined },
    })
    expect(stranger.status).toBe(401)
  })

  it('answers POST only', async () => {
    const { status, json, headers } = await sharePost(idp, rp, 'shareStart', undefined, { method: 'GET' })
    expect(status).toBe(405)
    expect(json.error).toBe('invalid_request')
    expect(headers.get('allow')).toBe('POST')
  })
})

describe('POST /vneid/share/result', () => {
  it('answers the same 404 for an unknown transaction and for another relying party’s', async () => {
    const txnId = await startShare(idp, rp, CITIZEN)
    const unknown = await sharePost(idp, rp, 'shareResult', { txnId: 'no-such-transaction' })
    const foreign = await sharePost(idp, other, 'shareResult', { txnId })
    expect(unknown.status).toBe(404)
    expect(foreign.status).toBe(404)
    expect(foreign.json).toEqual(unknown.json)
    expect(unknown.json.error).toBe('unknown_transaction')
  })

  it('refuses a malformed txnId and a missing one with 400', async () => {
    for (const body of [{}, { txnId: 'a b' }, { txnId: 'x'.repeat(129) }, { txnId: 42 }]) {
      const { status, json } = await sharePost(idp, rp, 'shareResult', body)
      expect(status).toBe(400)
      expect(String(json.error_description)).toContain('txnId')
    }
  })

  it('answers with the envelope when the client has encryption on', async () => {
    const started = await sharePost(idp, sealed, 'shareStart', {
      citizenPid: CITIZEN,
      attributes: ['identity'],
      purpose: 'Mở tài khoản',
      callbackUrl: callbackFor(sealed.clientId),
    })
    expect(started.status).toBe(200)
    expect(Object.keys(started.json).sort()).toEqual(['data', 'key'])
    if (!pkcs1DecryptSupported) return
    const opened = openEnvelope(sealed, started.json)
    const result = await sharePost(idp, sealed, 'shareResult', { txnId: opened.txnId })
    expect(openEnvelope(sealed, result.json)).toEqual({ txnId: opened.txnId, status: 'PENDING' })
  })
})
