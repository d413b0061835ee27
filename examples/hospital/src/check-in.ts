/**
 * The hospital's own rules for a check-in, apart from the web pages: is the health-insurance card usable
 * today, how can the visit be paid, which departments take patients, and the queue numbers.
 */
import type { Level } from '@dinhdanh/client'
import { type HealthInsurance, type IsoDate, toIsoDate } from '@dinhdanh/client/schemas'
import type { Bilingual } from 'dinhdanh-example-shared'

/** What the check-in asks VNeID for (besides identity, which the first sign-in always brings). */
export const CHECK_IN_ATTRIBUTES = ['health_insurance', 'vaccination'] as const

/**
 * The purpose shown on the VNeID consent screen and in the shared-data panel. Decree 13/2023 and Law
 * 91/2025 want consent for ONE specific purpose: here that purpose is the medical check-in (registering
 * the visit), and the text names the two data items it uses (the health-insurance card, to bill the visit
 * to the insurance fund; the vaccination history, for the doctor), so the patient knows why each is asked.
 * It must read as one purpose with two items, not as two purposes joined by "and". Each item can still be
 * left unticked on the consent screen: check-in goes on without it (`req.eid.missing`). Both texts are
 * sent to the provider: the Vietnamese one is what the patient consents to, the English one shows on its
 * English screens.
 */
export const CHECK_IN_PURPOSE: Bilingual = {
  vi: 'Tiếp nhận khám chữa bệnh: kiểm tra thẻ bảo hiểm y tế và tiền sử tiêm chủng',
  en: 'Medical check-in: checking the health-insurance card and the vaccination history',
}

/**
 * What the hospital can do with the patient's health-insurance card today.
 * - `valid`: the card covers today;
 * - `expired` / `not_yet_valid`: a card was shared, but today is outside its validity period;
 * - `missing`: no card came (the patient holds none, or did not tick it on the consent screen);
 * - `unavailable`: VNeID could not reach the insurance register (the card may well exist).
 */
export type InsuranceStatus =
  | { kind: 'valid'; card: HealthInsurance }
  | { kind: 'expired'; card: HealthInsurance }
  | { kind: 'not_yet_valid'; card: HealthInsurance }
  | { kind: 'missing' }
  | { kind: 'unavailable' }

/**
 * Sorts the card into an {@link InsuranceStatus} for `today` (read as the calendar day in Vietnam).
 *
 * @example
 * ```ts
 * insuranceStatus({ card, unavailable: false }, new Date()).kind // 'valid' | 'expired' | …
 * ```
 */
export function insuranceStatus(
  input: { card: HealthInsurance | undefined; unavailable: boolean },
  today: Date | IsoDate,
): InsuranceStatus {
  const { card } = input
  if (!card) return input.unavailable ? { kind: 'unavailable' } : { kind: 'missing' }
  const day = toIsoDate(today)
  if (day > card.validTo) return { kind: 'expired', card }
  if (day < card.validFrom) return { kind: 'not_yet_valid', card }
  return { kind: 'valid', card }
}

/**
 * How a visit is paid:
 * - `insurance`: billed to the health-insurance fund, the card in VNeID counts as presented;
 * - `insurance_check`: billed to the fund once reception has seen the chip ID card or the paper card;
 * - `self_pay`: a fee-paying visit (khám dịch vụ).
 */
export type Payment = 'insurance' | 'insurance_check' | 'self_pay'

/** The names of the ways to pay, as the pages show them. */
export const PAYMENT_LABELS: Record<Payment, Bilingual> = {
  insurance: { vi: 'Khám bảo hiểm y tế', en: 'Visit covered by health insurance' },
  insurance_check: {
    vi: 'Khám bảo hiểm y tế (quầy tiếp đón kiểm tra thẻ)',
    en: 'Visit covered by health insurance (reception checks the card)',
  },
  self_pay: { vi: 'Khám dịch vụ (tự chi trả)', en: 'Fee-paying visit (self-pay)' },
}

/**
 * The ways this patient may pay, first the one to suggest.
 *
 * Why the level matters (DOMAIN.md, Decree 69/2024): a health-insurance card held in a LEVEL-2 VNeID
 * account is legally equivalent to presenting the card, so it is enough on its own. A level-1 account
 * proves less about who is holding the phone (self-registered, no visit to the police): the card data is
 * still genuine and saves typing, but reception must see the chip ID card before billing the fund. The
 * check-in itself therefore needs only level 1 (children aged 6-13, for example, usually have level 1
 * only), and the level decides how the card counts.
 *
 * @example
 * ```ts
 * paymentOptions({ kind: 'valid', card }, 2) // ['insurance', 'self_pay']
 * ```
 */
export function paymentOptions(status: InsuranceStatus, level: Level | 0): Payment[] {
  switch (status.kind) {
    case 'valid':
      return level === 2 ? ['insurance', 'self_pay'] : ['insurance_check', 'self_pay']
    case 'unavailable':
      // The register did not answer: the card may exist, reception checks the paper card.
      return ['insurance_check', 'self_pay']
    default:
      return ['self_pay']
  }
}

/** A department that takes walk-in patients, and the letter of its queue numbers. */
export interface Department {
  id: string
  letter: string
  name: Bilingual
}

/** The departments offered at check-in. */
export const DEPARTMENTS: readonly Department[] = [
  { id: 'noi', letter: 'A', name: { vi: 'Nội tổng quát', en: 'General internal medicine' } },
  { id: 'nhi', letter: 'B', name: { vi: 'Nhi', en: 'Paediatrics' } },
  { id: 'tmh', letter: 'C', name: { vi: 'Tai Mũi Họng', en: 'Ear, nose and throat' } },
  { id: 'rhm', letter: 'D', name: { vi: 'Răng Hàm Mặt', en: 'Dentistry' } },
  { id: 'mat', letter: 'E', name: { vi: 'Mắt', en: 'Ophthalmology' } },
]

/** A queue ticket. */
export interface Ticket {
  /** e.g. `A012`. */
  number: string
  department: Department
  payment: Payment
  /** The day of the visit (`YYYY-MM-DD`, in Vietnam). */
  day: IsoDate
}

/**
 * Queue numbers per department and day, and the ticket each patient took that day (keyed by the
 * citizen's `sub`, never by the personal ID number). In memory and bounded: a real hospital keeps this in
 * its hospital information system.
 *
 * @example
 * ```ts
 * const queue = new Queue()
 * queue.take(subject, new Date(), DEPARTMENTS[0], 'insurance').number // 'A001'
 * ```
 */
export class Queue {
  readonly #counters = new Map<string, number>()
  readonly #tickets = new Map<string, Ticket>()

  constructor(private readonly maxTickets = 5000) {}

  /** The patient's ticket of that day, if they took one. */
  ticketOf(subject: string, today: Date | IsoDate): Ticket | undefined {
    return this.#tickets.get(`${toIsoDate(today)}|${subject}`)
  }

  /** Gives the patient the day's next number of the department (or their ticket: one a day). */
  take(subject: string, today: Date | IsoDate, department: Department, payment: Payment): Ticket {
    const day = toIsoDate(today)
    const key = `${day}|${subject}`
    const existing = this.#tickets.get(key)
    if (existing) return existing
    const counter = `${day}|${department.id}`
    const next = (this.#counters.get(counter) ?? 0) + 1
    this.#counters.set(counter, next)
    const ticket: Ticket = {
      number: `${department.letter}${String(next).padStart(3, '0')}`,
      department,
      payment,
      day,
    }
    if (this.#tickets.size >= this.maxTickets) {
      const oldest = this.#tickets.keys().next().value
      if (oldest !== undefined) this.#tickets.delete(oldest)
    }
    this.#tickets.set(key, ticket)
    return ticket
  }
}
