import type { Citizen, IdCard } from '@dinhdanh/client'
import type { OpeningRecord } from './store.js'

/**
 * The customer record the bank keeps from what VNeID sent at account opening (by sign-in or by sharing
 * from the app): identity, current address, phone and the ID card's details.
 *
 * @example
 * ```ts
 * bank.openAccount({ subject, customer: customerRecord(citizen, { address, phone, idCard }), receipts })
 * ```
 */
export function customerRecord(
  citizen: Citizen,
  data: { address: { current: { formatted: string } }; phone: { number: string }; idCard: IdCard },
): OpeningRecord['customer'] {
  const card = data.idCard
  return {
    fullName: citizen.fullName,
    personalId: citizen.personalId,
    birthDate: citizen.birthDate,
    gender: citizen.gender,
    address: data.address.current.formatted,
    phone: data.phone.number,
    idCardNumber: card.number,
    idCardKind: card.kind,
    idCardIssued: card.issueDate,
    idCardExpires: card.expiryDate,
    idCardIssuedBy: card.issuedBy,
  }
}
