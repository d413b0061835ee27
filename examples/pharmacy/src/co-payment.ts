/**
 * The pharmacy's own rules, apart from the web pages: can the health-insurance card be used today, and
 * what does the citizen pay for a prescription.
 *
 * The shares follow the Law on Health Insurance (Luật Bảo hiểm y tế 25/2008/QH12, amended by Law
 * 46/2014/QH13 and Law 51/2024/QH15), Art. 22(1), and the benefit levels of Vietnam Social Security's card
 * codes (Decision 1351/QĐ-BHXH, the third character of the 15-character code):
 *
 * | level | who (examples of groups) | the fund pays |
 * |---|---|---|
 * | 1 | CC meritorious people, TE children under 6 | 100% |
 * | 2 | HN poor households, BT social-protection beneficiaries, CB/KC veterans… | 100% (a ceiling on high-tech services, not on drugs) |
 * | 3 | HT pensioners, TC/CN near-poor… | 95% |
 * | 4 | DN employees, HS/SV pupils and students, GD households… | 80% |
 * | 5 | QN/CA/CY armed forces | 100% |
 *
 * and the rest is the co-payment (cùng chi trả). Drugs off the fund's list are paid in full.
 *
 * What the demo simplifies (uncertain, so kept as data here, not as hard rules elsewhere):
 * - the pharmacy is taken to dispense for a facility contracted with the fund, on the right route
 *   (đúng tuyến); a retail pharmacy does not bill the fund itself, and off-route visits pay less;
 * - a visit costing less than 15% of the base salary is paid in full (Decree 146/2018/NĐ-CP Art. 14);
 *   the facility applies it to the whole visit, the demo to the covered drugs of the prescription;
 * - the base salary is the one of Decree 73/2024/NĐ-CP (2,340,000 VND from 1 July 2024): check for a
 *   newer decree before relying on the threshold.
 */
import type { HealthInsurance, IsoDate } from '@dinhdanh/client/schemas'
import { toIsoDate } from '@dinhdanh/client/schemas'
import type { Prescription, PrescriptionItem } from './prescriptions.js'

/** A benefit level of the card code (1-5). */
export type BenefitLevel = 1 | 2 | 3 | 4 | 5

/** The share of covered costs the fund pays, by benefit level (Law on Health Insurance Art. 22(1)). */
export const FUND_SHARE: Readonly<Record<BenefitLevel, number>> = Object.freeze({
  1: 1,
  2: 1,
  3: 0.95,
  4: 0.8,
  5: 1,
})

/** The base salary (mức lương cơ sở), Decree 73/2024/NĐ-CP, from 1 July 2024 (uncertain: may be raised). */
export const BASE_SALARY_VND = 2_340_000

/** Below this, the covered costs of a visit are paid in full (15% of the base salary, Decree 146/2018). */
export const LOW_COST_THRESHOLD_VND = Math.round(BASE_SALARY_VND * 0.15)

/**
 * What the pharmacy can do with the card today:
 * - `valid`: the card covers today and says its benefit level;
 * - `no_level`: the card covers today, but its benefit level did not come (no 15-character code): the
 *   counter checks the paper card or the insurance portal;
 * - `expired` / `not_yet_valid`: today is outside the validity period;
 * - `missing`: no card came (the citizen holds none, or did not tick it on the consent screen);
 * - `unavailable`: VNeID could not reach the insurance register (the card may well exist).
 */
export type CardStatus =
  | { kind: 'valid'; card: HealthInsurance; level: BenefitLevel }
  | { kind: 'no_level'; card: HealthInsurance }
  | { kind: 'expired'; card: HealthInsurance }
  | { kind: 'not_yet_valid'; card: HealthInsurance }
  | { kind: 'missing' }
  | { kind: 'unavailable' }

function isBenefitLevel(value: number | undefined): value is BenefitLevel {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 5
}

/**
 * Sorts the card into a {@link CardStatus} for `today` (the calendar day in Vietnam).
 *
 * @example
 * ```ts
 * cardStatus({ card, unavailable: false }, new Date()).kind // 'valid' | 'expired' | …
 * ```
 */
export function cardStatus(
  input: { card: HealthInsurance | undefined; unavailable: boolean },
  today: Date | IsoDate,
): CardStatus {
  const { card } = input
  if (!card) return input.unavailable ? { kind: 'unavailable' } : { kind: 'missing' }
  const day = toIsoDate(today)
  if (day > card.validTo) return { kind: 'expired', card }
  if (day < card.validFrom) return { kind: 'not_yet_valid', card }
  return isBenefitLevel(card.benefitLevel)
    ? { kind: 'valid', card, level: card.benefitLevel }
    : { kind: 'no_level', card }
}

/** One line of the bill. */
export interface BillLine {
  item: PrescriptionItem
  priceVnd: number
  fundVnd: number
  patientVnd: number
}

/** What a prescription costs and who pays what. */
export interface Bill {
  lines: readonly BillLine[]
  totalVnd: number
  fundVnd: number
  /** What the citizen pays at the counter: the co-payment plus the drugs off the fund's list. */
  patientVnd: number
  /** The fund's share applied to covered drugs (0 without a usable card). */
  share: number
  /** The low-cost rule applied: covered drugs paid in full whatever the level. */
  lowCost: boolean
}

/**
 * The bill of a prescription for a card of `level` (`undefined`: no usable card, everything is paid by
 * the citizen). Amounts are whole đồng; the fund's part is rounded down, never in the fund's favour.
 *
 * @example
 * ```ts
 * billFor(findPrescription('tang-huyet-ap')!, 4).patientVnd // 72000 (20% of 360000)
 * ```
 */
export function billFor(prescription: Prescription, level: BenefitLevel | undefined): Bill {
  const coveredVnd = prescription.items
    .filter((item) => item.covered)
    .reduce((sum, item) => sum + item.quantity * item.unitPriceVnd, 0)
  const lowCost = level !== undefined && coveredVnd < LOW_COST_THRESHOLD_VND
  const share = level === undefined ? 0 : lowCost ? 1 : FUND_SHARE[level]
  const lines = prescription.items.map((item) => {
    const priceVnd = item.quantity * item.unitPriceVnd
    const fundVnd = item.covered ? Math.floor(priceVnd * share) : 0
    return { item, priceVnd, fundVnd, patientVnd: priceVnd - fundVnd }
  })
  const sum = (pick: (line: BillLine) => number) => lines.reduce((total, line) => total + pick(line), 0)
  return {
    lines,
    totalVnd: sum((line) => line.priceVnd),
    fundVnd: sum((line) => line.fundVnd),
    patientVnd: sum((line) => line.patientVnd),
    share,
    lowCost,
  }
}
