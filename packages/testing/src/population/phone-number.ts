import { MOBILE_CARRIERS, type MobileCarrier } from '@dinhdanh/client/schemas'
import { type Prng, pick, pickWeighted, randomInt, weightedTable } from './prng.js'

/**
 * Subscriber shares of the mobile carriers (percent, rounded), after the Ministry of Information and
 * Communications' market reports for 2022-2023 (Viettel about 54%, VNPT-Vinaphone about 25%, MobiFone
 * about 18%, the rest shared by Vietnamobile, Gmobile and the virtual operators). The prefixes come from
 * the ONE carrier table the `phone` schema checks (`MOBILE_CARRIERS` in `@dinhdanh/client/schemas`), so a
 * generated number always passes it.
 */
export const CARRIER_SHARES: Readonly<Record<MobileCarrier, number>> = {
  Viettel: 54,
  Vinaphone: 25,
  MobiFone: 18,
  Vietnamobile: 2,
  Gmobile: 0.5,
  Itelecom: 0.4,
  Reddi: 0.1,
}

const CARRIERS = weightedTable(
  (Object.keys(MOBILE_CARRIERS) as MobileCarrier[]).map(
    (carrier) => [carrier, CARRIER_SHARES[carrier]] as const,
  ),
)

/**
 * A Vietnamese mobile number in E.164 form (`+84`, a prefix of a carrier drawn by market share, 7 digits),
 * as the `phone_number` claim carries it.
 *
 * @example
 * ```ts
 * generateMobileNumber(createPrng('x')) // e.g. '+84912345678'
 * ```
 */
export function generateMobileNumber(prng: Prng): string {
  const prefix = pick(prng, MOBILE_CARRIERS[pickWeighted(prng, CARRIERS)])
  return `+84${prefix}${String(randomInt(prng, 0, 9_999_999)).padStart(7, '0')}`
}

/**
 * Youngest age with a mobile number of one's own. A SIM is registered to a person with their ID papers,
 * and one for a child under 14 in a parent's or guardian's name (the subscriber-information rules of
 * Decree 163/2024/NĐ-CP, as this kit reads them); the e-ID account of a child under 14 is likewise used
 * through a parent's or guardian's account (Decree 69/2024/NĐ-CP). So citizens under 14 have no
 * `phone` (an override can still give one). Documented, not measured: some children carry a phone
 * registered to a parent; the number is the parent's, not theirs.
 *
 * @example
 * ```ts
 * citizen.age >= OWN_PHONE_MIN_AGE // whether citizen.phone is there (without an override)
 * ```
 */
export const OWN_PHONE_MIN_AGE = 14
