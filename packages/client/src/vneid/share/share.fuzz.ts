import { randomUUID } from 'node:crypto'
import {
  expectNoEcho,
  expectTypedOrValid,
  FUZZ_TEST_TIMEOUT_MS,
  hostileString,
  runFuzz,
  Tally,
} from '@dinhdanh/test/support/fuzz.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { vneidOptions } from '../../../test-support/mock-vneid.js'
import {
  SHARE_APP_LINK_BASE,
  SHARE_CALLBACK_URL,
  SHARED_DATA,
  sign,
  WEBHOOK_SECRET,
} from '../../../test-support/share-inputs.js'
import { createClient, isEidError } from '../../index.js'
import { parseShareCallback } from './callback.js'
import { TXN_ID } from './transaction.js'

// The two parsers of outside input in eid.share: the callback URL the browser brings back (anyone can
// type it) and the webhook body and headers (anyone can POST them). Each starts from a valid input and
// mutates it, so runs get past the first check.

const NOW = 1_750_000_000

/** encodeURIComponent, or the text as it is when it holds a lone surrogate (which cannot be encoded). */
function encodeOrKeep(text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    return text
  }
}

const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,130}$/),
  hostileString,
  fc.constantFrom('.', '..', '', '%2E%2E', '%2F', '%7C', '|', '%E0%A4%A', '%00'),
)
const callbackInput = fc.record({
  prefix: fc.constantFrom(
    '/callback/vneid/',
    `${SHARE_CALLBACK_URL}/`,
    '//evil.test/callback/vneid/',
    '/callback/',
    '',
  ),
  txnId: segment,
  bar: fc.constantFrom('|', '%7C', '%7c', ''),
  status: fc.oneof(fc.constantFrom('APPROVED', 'REFUSED', 'approved', ''), hostileString),
  encode: fc.boolean(),
  whole: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, hostileString),
})

const fieldValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  hostileString,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
)
const webhookInput = fc.record({
  field: fc.constantFrom(
    'eventId',
    'timestamp',
    'txnId',
    'status',
    'citizenPid',
    'consentId',
    'data',
    'none',
  ),
  value: fieldValue,
  dataField: fc.constantFrom('personal_id', 'name', 'birthdate', 'id_card', 'portrait', 'none'),
  dataValue: fieldValue,
  resign: fc.boolean(),
  flip: fc.nat(),
  signature: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    hostileString,
    fc.stringMatching(/^(sha256=)?[0-9a-fA-F]{0,70}$/),
  ),
})

describe('fuzz: eid.share', () => {
  it(
    'parseCallback: a typed EidError or a valid { txnId, status? }, never an untyped throw or an echo',
    async () => {
      const tally = new Tally()
      await runFuzz(
        'share callback (parseShareCallback)',
        fc.asyncProperty(callbackInput, async (input) => {
          const raw = `${input.txnId}${input.bar}${input.status}`
          const url = input.whole ?? `${input.prefix}${input.encode ? encodeOrKeep(raw) : raw}`
          const outcome = await expectTypedOrValid(() => parseShareCallback(SHARE_CALLBACK_URL, url), {
            valid: (value) =>
              TXN_ID.test(value.txnId) &&
              (value.status === undefined || value.status === 'approved' || value.status === 'refused'),
          })
          expectNoEcho(outcome, url)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )

  it(
    'verifyWebhook: a typed EidError or a verified event; an altered body that is not re-signed never passes',
    async () => {
      const eid = await createClient(
        vneidOptions({
          share: {
            endpoints: { start: 'https://gw.test/start', result: 'https://gw.test/result' },
            appLinkBase: SHARE_APP_LINK_BASE,
            callbackUrl: SHARE_CALLBACK_URL,
            webhookSecret: WEBHOOK_SECRET,
          },
        }),
        { now: () => NOW },
      )
      const tally = new Tally()
      await runFuzz(
        'share webhook (verifyWebhook)',
        fc.asyncProperty(webhookInput, async (input) => {
          const event: Record<string, unknown> = {
            eventId: randomUUID(),
            timestamp: NOW,
            txnId: 'txn-1',
            status: 'APPROVED',
            citizenPid: '001090012345',
            consentId: 'consent-7',
            data: { ...SHARED_DATA } as Record<string, unknown>,
          }
          if (input.field !== 'none') event[input.field] = input.value
          if (input.dataField !== 'none' && typeof event.data === 'object' && event.data !== null) {
            ;(event.data as Record<string, unknown>)[input.dataField] = input.dataValue
          }
          const signedBody = JSON.stringify(event)
          let body = signedBody
          if (!input.resign) {
            const at = input.flip % body.length
            body = body.slice(0, at) + String.fromCharCode(body.charCodeAt(at) ^ 1) + body.slice(at + 1)
          }
          const signature = input.signature ?? sign(signedBody)
          const outcome = await expectTypedOrValid(
            () => eid.share.verifyWebhook(body, { 'x-signature': signature }),
            { valid: (value) => value.txnId === event.txnId && typeof value.eventId === 'string' },
          )
          if (!input.resign && body !== signedBody) {
            expect(outcome.ok).toBe(false)
            if (!outcome.ok && isEidError(outcome.error))
              expect(outcome.error.code).toBe('ERR_EID_WEBHOOK_INVALID')
          }
          if (!outcome.ok && outcome.error instanceof Error) {
            expect(outcome.error.message).not.toContain(WEBHOOK_SECRET)
            expect(outcome.error.message).not.toContain(signature.length >= 16 ? signature : WEBHOOK_SECRET)
          }
          expectNoEcho(outcome, body)
          tally.add(outcome)
        }),
        tally,
      )
    },
    FUZZ_TEST_TIMEOUT_MS,
  )
})
