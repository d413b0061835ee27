import { describe, expect, it } from 'vitest'
import { vneidOptions } from '../../../test-support/mock-vneid.js'
import { eidRejection } from '../../../test-support/rejection.js'
import {
  SHARE_APP_LINK_BASE,
  SHARE_CALLBACK_URL,
  SHARED_DATA,
  sign,
  WEBHOOK_SECRET,
} from '../../../test-support/share-inputs.js'
import { createClient, type EidError, type ReplayGuard } from '../../index.js'
import type { ShareTransaction } from './transaction.js'

const NOW = 1_750_000_000

/** The `reason` of the EidError a promise rejects with. */
const reasonOf = async (promise: Promise<unknown>) =>
  ((await eidRejection(promise)) as EidError & { reason?: string }).reason

const client = (share: Record<string, unknown> = {}, runtime: { replayGuard?: ReplayGuard } = {}) =>
  createClient(
    vneidOptions({
      share: {
        endpoints: { start: 'https://gw.test/start', result: 'https://gw.test/result' },
        appLinkBase: SHARE_APP_LINK_BASE,
        callbackUrl: SHARE_CALLBACK_URL,
        webhookSecret: WEBHOOK_SECRET,
        ...share,
      },
    }),
    { now: () => NOW, ...runtime },
  )

let events = 0
function delivery(patch: Record<string, unknown> = {}) {
  const event = {
    eventId: `7b0d6a1e-0000-4000-8000-${String(++events).padStart(12, '0')}`,
    timestamp: NOW,
    txnId: 'txn-1',
    status: 'APPROVED',
    citizenPid: '001090012345',
    consentId: 'consent-7',
    data: SHARED_DATA,
    ...patch,
  }
  const body = JSON.stringify(event)
  return { event, body, headers: { 'x-signature': sign(body) } }
}

const transaction: ShareTransaction<readonly ['id_card', 'portrait']> = {
  txnId: 'txn-1',
  personalId: '001090012345',
  attributes: ['id_card', 'portrait'],
  purpose: 'Mở tài khoản thanh toán',
  appLink: `${SHARE_APP_LINK_BASE}/txn-1`,
  qrPayload: `${SHARE_APP_LINK_BASE}/txn-1`,
  startedAt: NOW - 60,
  expiresAt: NOW + 240,
}

function expectNoEcho(error: EidError, body: string, signature?: string) {
  expect(error.message).not.toContain(WEBHOOK_SECRET)
  expect(error.message).not.toContain(body.slice(0, 40))
  expect(error.message).not.toContain('001090012345')
  if (signature) expect(error.message).not.toContain(signature.slice(0, 16))
}

describe('eid.share.verifyWebhook', () => {
  it('verifies a signed delivery and returns the typed event (string, Buffer, Headers, any header case)', async () => {
    const eid = await client()
    const { body, headers, event } = delivery()
    const verified = await eid.share.verifyWebhook(body, headers)
    expect(verified).toMatchObject({
      eventId: event.eventId,
      timestamp: NOW,
      txnId: 'txn-1',
      status: 'approved',
    })
    if (verified.status !== 'approved') throw new Error('expected approved')
    expect(verified.result.personalId).toBe('001090012345')
    expect(verified.result.citizen?.fullName).toBe('Nguyễn Văn An')
    expect(verified.result.attributes.portrait?.mediaType).toBe('image/svg+xml')
    expect(verified.result.consentId).toBe('consent-7')

    const second = delivery()
    const fromBuffer = await eid.share.verifyWebhook(new Uint8Array(Buffer.from(second.body)), {
      'X-Signature': second.headers['x-signature'],
    })
    expect(fromBuffer.eventId).toBe(second.event.eventId)
    const third = delivery({
      status: 'REFUSED',
      citizenPid: undefined,
      data: undefined,
      consentId: undefined,
    })
    const refused = await eid.share.verifyWebhook(third.body, new Headers(third.headers))
    expect(refused).toEqual({
      eventId: third.event.eventId,
      timestamp: NOW,
      txnId: 'txn-1',
      status: 'refused',
    })
  })

  it('accepts the sha256= prefix, upper-case hex, and a configured header name', async () => {
    const eid = await client({ headers: { signature: 'X-Hub-Signature-256' } })
    const first = delivery()
    await expect(
      eid.share.verifyWebhook(first.body, { 'x-hub-signature-256': `sha256=${sign(first.body)}` }),
    ).resolves.toBeDefined()
    const second = delivery()
    await expect(
      eid.share.verifyWebhook(second.body, { 'X-Hub-Signature-256': sign(second.body).toUpperCase() }),
    ).resolves.toBeDefined()
    const third = delivery()
    expect((await eidRejection(eid.share.verifyWebhook(third.body, third.headers))).toJSON().code).toBe(
      'ERR_EID_WEBHOOK_INVALID',
    )
  })

  it('refuses a mis-signed delivery (reason signature), echoing nothing', async () => {
    const eid = await client()
    const { body } = delivery()
    const good = sign(body)
    const tampered = body.replace('consent-7', 'consent-8')
    const cases: [string, Record<string, string | string[] | undefined>][] = [
      [body, {}],
      [body, { 'x-signature': undefined }],
      [body, { 'x-signature': sign(body, `${WEBHOOK_SECRET}x`) }],
      [tampered, { 'x-signature': good }],
      [`${body} `, { 'x-signature': good }],
      [body, { 'x-signature': good.slice(0, 62) }],
      [body, { 'x-signature': `${good}00` }],
      [body, { 'x-signature': `sha1=${good}` }],
      [body, { 'x-signature': Buffer.from(good, 'hex').toString('base64') }],
      [body, { 'x-signature': [good, good] }],
      [body, { 'x-signature': good, 'X-Signature': good }],
      [body, { 'x-signature': '' }],
    ]
    for (const [raw, headers] of cases) {
      const error = await eidRejection(eid.share.verifyWebhook(raw, headers))
      expect(error, JSON.stringify(headers)).toMatchObject({
        code: 'ERR_EID_WEBHOOK_INVALID',
        reason: 'signature',
      })
      expectNoEcho(error, raw, good)
    }
    expect((await eidRejection(eid.share.verifyWebhook(body, null as never))).code).toBe(
      'ERR_EID_WEBHOOK_INVALID',
    )
  })

  it('refuses a replayed delivery, and remembers event ids in the configured replay guard', async () => {
    const seen = new Set<string>()
    const guard: ReplayGuard = {
      async claim(id) {
        if (seen.has(id)) return false
        seen.add(id)
        return true
      },
    }
    const eid = await client({}, { replayGuard: guard })
    const { body, headers, event } = delivery()
    await eid.share.verifyWebhook(body, headers)
    const replay = await eidRejection(eid.share.verifyWebhook(body, headers))
    expect(replay).toMatchObject({ code: 'ERR_EID_WEBHOOK_INVALID', reason: 'replayed' })
    expect([...seen].some((id) => id.includes(event.eventId))).toBe(true)
    const other = await client()
    await expect(other.share.verifyWebhook(body, headers)).resolves.toBeDefined()
    expect(await reasonOf(other.share.verifyWebhook(body, headers))).toBe('replayed')
  })

  it('accepts the same delivery again when recording it failed (apply threw), and only then refuses it as a replay', async () => {
    const eid = await client()
    const { body, headers, event } = delivery()
    const storeDown = new Error('store unavailable')
    await expect(
      eid.share.verifyWebhook(body, headers, {
        apply: () => {
          throw storeDown
        },
      }),
    ).rejects.toBe(storeDown)
    const recorded: string[] = []
    await eid.share.verifyWebhook(body, headers, {
      apply: (verified) => void recorded.push(verified.eventId),
    })
    expect(recorded).toEqual([event.eventId])
    expect(await reasonOf(eid.share.verifyWebhook(body, headers))).toBe('replayed')
  })

  it('refuses a stale or future timestamp outside the window (300 s by default, configurable)', async () => {
    const eid = await client()
    for (const timestamp of [NOW - 301, NOW + 301, 0]) {
      const { body, headers } = delivery({ timestamp })
      expect(await eidRejection(eid.share.verifyWebhook(body, headers))).toMatchObject({
        reason: 'timestamp',
      })
    }
    for (const timestamp of [NOW - 300, NOW + 300]) {
      const { body, headers } = delivery({ timestamp })
      await expect(eid.share.verifyWebhook(body, headers)).resolves.toBeDefined()
    }
    const strict = await client({ webhookToleranceSec: 30 })
    const late = delivery({ timestamp: NOW - 31 })
    expect(await reasonOf(strict.share.verifyWebhook(late.body, late.headers))).toBe('timestamp')
  })

  it('refuses a signed but malformed delivery, and one too large before reading it', async () => {
    const eid = await client()
    const bodies = [
      'not json',
      '[]',
      'null',
      JSON.stringify({ timestamp: NOW, txnId: 'txn-1', status: 'PENDING' }),
      JSON.stringify({ eventId: 'e1', timestamp: String(NOW), txnId: 'txn-1', status: 'PENDING' }),
      JSON.stringify({ eventId: 'e 1', timestamp: NOW, txnId: 'txn-1', status: 'PENDING' }),
      JSON.stringify({ eventId: 'e2', timestamp: NOW, txnId: '../x', status: 'PENDING' }),
      JSON.stringify({ eventId: 'e3', timestamp: NOW, txnId: 'txn-1', status: 'DONE' }),
      JSON.stringify({
        eventId: 'e4',
        timestamp: NOW,
        txnId: 'txn-1',
        status: 'APPROVED',
        data: SHARED_DATA,
      }),
      Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('latin1'),
    ]
    for (const body of bodies) {
      const error = await eidRejection(eid.share.verifyWebhook(body, { 'x-signature': sign(body) }))
      expect(error, body.slice(0, 60)).toMatchObject({ code: 'ERR_EID_WEBHOOK_INVALID', reason: 'malformed' })
      expectNoEcho(error, body)
    }
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])
    expect(await reasonOf(eid.share.verifyWebhook(invalidUtf8, { 'x-signature': sign(invalidUtf8) }))).toBe(
      'malformed',
    )
    const huge = `{"pad":"${'x'.repeat(1_100_000)}"}`
    expect(await reasonOf(eid.share.verifyWebhook(huge, { 'x-signature': sign(huge) }))).toBe('malformed')
    const badPortrait = delivery({
      data: { ...SHARED_DATA, portrait: { media_type: 'image/png', data: 'AAAA' } },
    })
    expect((await eidRejection(eid.share.verifyWebhook(badPortrait.body, badPortrait.headers))).code).toBe(
      'ERR_EID_ATTRIBUTE_INVALID',
    )
    // Refused before the replay guard: the gateway may deliver it again under the same event id, fixed.
    const fixed = JSON.stringify({ ...badPortrait.event, data: SHARED_DATA })
    await expect(eid.share.verifyWebhook(fixed, { 'x-signature': sign(fixed) })).resolves.toBeDefined()
  })

  it('needs the webhook secret and a raw body', async () => {
    const eid = await client({ webhookSecret: undefined })
    const { body, headers } = delivery()
    expect(await eidRejection(eid.share.verifyWebhook(body, headers))).toMatchObject({
      code: 'ERR_EID_CONFIG',
    })
    const configured = await client()
    const parsed = await eidRejection(configured.share.verifyWebhook(JSON.parse(body), headers))
    expect(parsed.code).toBe('ERR_EID_CONFIG')
    expect(parsed.message).toContain('raw body')
  })
})

describe('eid.share.matchWebhookEvent', () => {
  it('keeps only the requested attributes, typed from the transaction', async () => {
    const eid = await client()
    const { body, headers } = delivery()
    const event = await eid.share.verifyWebhook(body, headers)
    const state = eid.share.matchWebhookEvent(event, transaction)
    if (state.status !== 'approved') throw new Error('expected approved')
    expect(Object.keys(state.result.attributes).sort()).toEqual(['idCard', 'portrait'])
    expect(state.result.citizen).toBeUndefined()
    expect(state.result.attributes.idCard?.number).toBe('001090012345')
    const { portrait: _, ...noPortrait } = SHARED_DATA
    const partial = delivery({ data: noPortrait })
    const partialState = eid.share.matchWebhookEvent(
      await eid.share.verifyWebhook(partial.body, partial.headers),
      JSON.stringify(transaction),
    )
    expect(partialState.status === 'approved' && partialState.result.missing).toEqual(['portrait'])
  })

  it('refuses another citizen’s data and an event of another transaction', async () => {
    const eid = await client()
    const other = delivery({ citizenPid: '079301000123', data: {} })
    const event = await eid.share.verifyWebhook(other.body, other.headers)
    const mismatch = (() => {
      try {
        eid.share.matchWebhookEvent(event, transaction)
      } catch (error) {
        return error as EidError
      }
    })()
    expect(mismatch?.code).toBe('ERR_EID_CITIZEN_MISMATCH')
    expect(() => eid.share.matchWebhookEvent(event, { ...transaction, txnId: 'txn-2' })).toThrow(/txnId/)
    const pending = delivery({ status: 'PENDING', data: undefined, citizenPid: undefined })
    const state = eid.share.matchWebhookEvent(
      await eid.share.verifyWebhook(pending.body, pending.headers),
      transaction,
    )
    expect(state).toEqual({ status: 'pending', txnId: 'txn-1' })
  })
})
