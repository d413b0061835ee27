import { type Prng, pick, randomInt } from './prng.js'

/** Two-digit mobile prefixes after +84 (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile). */
const MOBILE_PREFIXES = [
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '86',
  '96',
  '97',
  '98',
  '81',
  '82',
  '83',
  '84',
  '85',
  '88',
  '91',
  '94',
  '70',
  '76',
  '77',
  '78',
  '79',
  '89',
  '90',
  '93',
  '56',
  '58',
  '92',
  '59',
  '99',
] as const

/**
 * A Vietnamese mobile number in E.164 form (`+84`, a mobile prefix, 7 digits), as the `phone_number`
 * claim carries it.
 *
 * @example
 * ```ts
 * generateMobileNumber(createPrng('x')) // e.g. '+84912345678'
 * ```
 */
export function generateMobileNumber(prng: Prng): string {
  return `+84${pick(prng, MOBILE_PREFIXES)}${String(randomInt(prng, 0, 9_999_999)).padStart(7, '0')}`
}
