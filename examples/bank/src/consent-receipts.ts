/**
 * The signed consent receipts the bank keeps with an account opened online: fetched from the provider's
 * consent API, verified, and checked to cover exactly what the bank asked for.
 */
import type { AttributeName, EidClient } from '@dinhdanh/client'
import { EKYC_ATTRIBUTES, EKYC_PURPOSE } from './purposes.js'
import type { OpeningRecord } from './store.js'

/** A consent receipt that does not say what its record (and the bank's request) says. */
export class ReceiptMismatch extends Error {}

/**
 * The signed receipts of the consents that cover the eKYC data, verified. The eKYC data (address,
 * phone, ID card) is covered by the newest active consents with the eKYC purpose: usually one, or two
 * when the citizen shared something again later ("share again" asks only for what was missing).
 * Identity is covered by one of them or, when it was shared earlier in the session (a customer signed in
 * first, then opened the account), by the consent of that sign-in. `undefined` when the provider holds
 * no such active consents. Throws {@link ReceiptMismatch} when a signed receipt does not say what its
 * record says, or when the signed receipts do not cover what the bank asked for.
 *
 * @example
 * ```ts
 * const receipts = await consentReceipts(client, req.eid.subject) // undefined: ask to share again
 * ```
 */
export async function consentReceipts(
  client: EidClient,
  subject: string,
): Promise<OpeningRecord['receipts'] | undefined> {
  const records = [...(await client.consents.list({ subject, status: 'active' }))].sort(
    (a, b) => b.grantedAt - a.grantedAt,
  )
  const chosen = coverEkyc(records)
  if (!chosen) return undefined
  const receipts = await Promise.all(
    chosen.map(async (record) => {
      // The signature, issuer, audience and type are checked by the SDK. The bank checks that the
      // signed receipt is about this citizen and this consent, and states the purpose and the data of
      // the record: the record itself is not signed, only its receipt is proof.
      const receipt = await client.verifyConsentReceipt(record.receipt)
      if (
        receipt.subject !== subject ||
        receipt.consentId !== record.id ||
        receipt.purpose !== record.purpose ||
        !sameSet(receipt.attributes, record.attributes)
      ) {
        throw new ReceiptMismatch('the consent receipt does not match its record')
      }
      return { jwt: record.receipt, receipt }
    }),
  )
  // What the bank asked for, read from the signed receipts alone.
  if (coverEkyc(receipts.map(({ receipt }) => receipt))?.length !== receipts.length) {
    throw new ReceiptMismatch('the consent receipts do not cover the eKYC purpose and data')
  }
  return receipts
}

/** The same attribute names, in any order. */
function sameSet(a: readonly AttributeName[], b: readonly AttributeName[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name)) && b.every((name) => a.includes(name))
}

/**
 * The consents (newest first) that together cover the eKYC request: those with the eKYC purpose that add
 * address, phone or ID card, then, when none of them covers identity, the newest one that does (whatever
 * its purpose). `undefined` when they do not cover it all.
 */
function coverEkyc<T extends { purpose: string; attributes: readonly AttributeName[] }>(
  newestFirst: readonly T[],
): T[] | undefined {
  const needed = new Set<AttributeName>(EKYC_ATTRIBUTES.filter((name) => name !== 'identity'))
  const chosen: T[] = []
  for (const consent of newestFirst) {
    if (consent.purpose !== EKYC_PURPOSE || !consent.attributes.some((name) => needed.has(name))) continue
    chosen.push(consent)
    for (const name of consent.attributes) needed.delete(name)
  }
  if (needed.size > 0 || chosen.length === 0) return undefined
  if (!chosen.some((consent) => consent.attributes.includes('identity'))) {
    const identity = newestFirst.find((consent) => consent.attributes.includes('identity'))
    if (!identity) return undefined
    chosen.push(identity)
  }
  return chosen
}
