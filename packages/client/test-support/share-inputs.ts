/**
 * Inputs of the tests and fuzz targets of `eid.share` (sharing by transaction, docs/vneid-share.md): the
 * relying party's share settings, the data a gateway shares, and the webhook signature. The gateway itself
 * is the msw kit's (`mockVneid(...).share`, see mock-vneid.ts): the one in-process provider (issue #11).
 * Every value here is synthetic.
 */
import { createHmac } from 'node:crypto'

/**
 * The relying party's registered share callback URL (`share.callbackUrl`).
 *
 * @example
 * ```ts
 * const vneid = mockVneidFor({ shareCallbackUris: [SHARE_CALLBACK_URL] })
 * ```
 */
export const SHARE_CALLBACK_URL = 'https://bank.test/callback/vneid'

/**
 * An app link base (`share.appLinkBase`) for tests that need no gateway (webhook, fuzz).
 *
 * @example
 * ```ts
 * const share = { endpoints, appLinkBase: SHARE_APP_LINK_BASE, callbackUrl: SHARE_CALLBACK_URL }
 * ```
 */
export const SHARE_APP_LINK_BASE = 'https://vneid.test/share'

/**
 * The webhook's HMAC secret (`share.webhookSecret`): synthetic, 32+ characters.
 *
 * @example
 * ```ts
 * const headers = { 'x-signature': sign(body, WEBHOOK_SECRET) }
 * ```
 */
export const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-chars!'

/**
 * A portrait as the gateway sends it: a tiny synthetic SVG, base64.
 *
 * @example
 * ```ts
 * const data = { ...SHARED_DATA, portrait: { ...PORTRAIT_CLAIM, media_type: 'image/png' } }
 * ```
 */
export const PORTRAIT_CLAIM = {
  media_type: 'image/svg+xml',
  data: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4"/></svg>',
  ).toString('base64'),
}

/**
 * The shared data (`data` of an approved result) of synthetic citizen 001090012345 for identity, id_card
 * and portrait, written by hand: what a test scripts a gateway to answer.
 *
 * @example
 * ```ts
 * vneid.tamper.nextResponse('shareResult', () =>
 *   Response.json({ txnId, status: 'APPROVED', citizenPid: '001090012345', data: SHARED_DATA }),
 * )
 * ```
 */
export const SHARED_DATA = {
  personal_id: '001090012345',
  name: 'Nguyễn Văn An',
  family_name: 'Nguyễn',
  middle_name: 'Văn',
  given_name: 'An',
  birthdate: '1990-05-17',
  gender: 'male',
  id_card: {
    number: '001090012345',
    kind: 'CC',
    issue_date: '2024-08-01',
    expiry_date: '2030-05-17',
    issued_by: 'Bộ Công an',
  },
  portrait: PORTRAIT_CLAIM,
}

/**
 * The webhook signature header (`x-signature`) of `body` under `secret`: hex HMAC-SHA256.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(event)
 * await eid.share.verifyWebhook(body, { 'x-signature': sign(body) })
 * ```
 */
export function sign(body: string | Buffer, secret = WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}
