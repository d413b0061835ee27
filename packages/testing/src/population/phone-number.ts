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
