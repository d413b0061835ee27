import { PROVINCES_2025 } from '@dinhdanh/client/schemas'
import { chance, type Prng, pick, pickWeighted, randomInt, weightedTable } from './prng.js'
import { LOCALITIES_2025, OLD_PROVINCE_FACTS, PROVINCE_2025_TABLE, type Region } from './province-map.js'
import type { AddressRecord } from './synthetic-citizen.js'

/** Streets named after historical figures and events: almost every Vietnamese town has them. */
const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Hùng Vương',
  'Phan Chu Trinh',
  'Nguyễn Trãi',
  'Lê Duẩn',
  'Điện Biên Phủ',
  'Võ Thị Sáu',
  'Nguyễn Du',
  'Bạch Đằng',
  'Trần Phú',
  'Lê Lai',
  'Ngô Quyền',
  'Phan Đình Phùng',
  'Nguyễn Thị Minh Khai',
  'Lý Tự Trọng',
  'Hoàng Diệu',
  'Cách Mạng Tháng Tám',
] as const

/** Hamlet names for rural communes (thôn in the north and centre, ấp in the south). */
const HAMLETS = [
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Thượng',
  'Hạ',
  'Trung',
  'Phú An',
  'Tân Lập',
  'Bình Minh',
] as const

/** Where the alley is not the regional default: "kiệt" in Huế and Đà Nẵng. */
const ALLEY_WORD: Readonly<Record<string, string>> = { '46': 'kiệt', '48': 'kiệt' }

const REGION_OF_2025: Readonly<Record<string, Region>> = (() => {
  const regions: Record<string, Region> = {}
  for (const facts of Object.values(OLD_PROVINCE_FACTS)) regions[facts.code2025] ??= facts.region
  return regions
})()

/**
 * A synthetic address in a 2025 province, in the two-level form the `address` claim carries since
 * 1 July 2025: street address, commune or ward (`locality`), province (`region`), the 2-digit 2025
 * `province_code`, `country: 'VN'` and `legacy: false`. No `commune_code`: the locality names are
 * illustrative and get no real-looking code.
 *
 * @example
 * ```ts
 * generateAddress(prng, '01').formatted // e.g. '12 Lê Lợi, Phường Hoàn Kiếm, Hà Nội'
 * ```
 */
export function generateAddress(prng: Prng, provinceCode2025: string): AddressRecord {
  const region = PROVINCES_2025[provinceCode2025] ?? 'Hà Nội'
  const locality = pick(prng, LOCALITIES_2025[provinceCode2025] ?? ['Phường Trung Tâm'])
  let streetAddress: string
  if (locality.startsWith('Xã')) {
    const hamlet = pick(prng, HAMLETS)
    streetAddress =
      REGION_OF_2025[provinceCode2025] === 'south'
        ? `Ấp ${hamlet}`
        : `${chance(prng, 0.5) ? 'Thôn' : 'Xóm'} ${hamlet}`
  } else {
    const street = pick(prng, STREETS)
    const house = randomInt(prng, 1, 299)
    // An alley is "ngõ" in the north, "kiệt" in Huế and Đà Nẵng, "hẻm" in the south (written 12/5 too).
    const alley =
      ALLEY_WORD[provinceCode2025] ?? (REGION_OF_2025[provinceCode2025] === 'south' ? 'hẻm' : 'ngõ')
    streetAddress = chance(prng, 0.25)
      ? `Số ${house}, ${alley} ${randomInt(prng, 1, 120)} ${street}`
      : `${house} ${street}`
  }
  return {
    formatted: `${streetAddress}, ${locality}, ${region}`,
    street_address: streetAddress,
    locality,
    region,
    country: 'VN',
    province_code: provinceCode2025,
    legacy: false,
  }
}

/**
 * Where people who moved to another province live: the population weight of each 2025 province, with the
 * net in-migration of the two big cities and the south-east industrial provinces (2019 census migration
 * tables: TP Hồ Chí Minh with old Bình Dương about a quarter of inter-provincial movers, Hà Nội about a
 * tenth, Đồng Nai next). The weights keep TP Hồ Chí Minh near its 14% of current residents (not the 20%
 * of a model that sent half the movers there).
 */
const MOVERS_TABLE = weightedTable(
  PROVINCE_2025_TABLE.values.map((code, index) => {
    const population =
      PROVINCE_2025_TABLE.cumulative[index]! - (PROVINCE_2025_TABLE.cumulative[index - 1] ?? 0)
    const pull = code === '79' ? 1.3 : code === '01' ? 1.1 : code === '75' ? 1.5 : 0.8
    return [code, population * pull] as const
  }),
)

/**
 * The permanent and current addresses of a citizen born in an old province: the permanent address is
 * usually in the 2025 province that absorbed the birth province; most people live there too, others
 * moved within it or to another province (more often to TP Hồ Chí Minh, Hà Nội and Đồng Nai, but not so
 * often that the big cities outgrow their share of residents).
 *
 * @example
 * ```ts
 * const { permanent, current } = generateAddresses(prng, '036') // old Nam Định → usually '37' Ninh Bình
 * ```
 */
export function generateAddresses(
  prng: Prng,
  birthProvinceCode: string,
): { permanent: AddressRecord; current: AddressRecord } {
  const home = OLD_PROVINCE_FACTS[birthProvinceCode]?.code2025 ?? '01'
  const permanentProvince = chance(prng, 0.85) ? home : pickWeighted(prng, PROVINCE_2025_TABLE)
  const permanent = generateAddress(prng, permanentProvince)
  const roll = prng()
  if (roll < 0.7) return { permanent, current: { ...permanent } }
  if (roll < 0.8) return { permanent, current: generateAddress(prng, permanentProvince) }
  const movedTo = pickWeighted(prng, MOVERS_TABLE)
  return { permanent, current: generateAddress(prng, movedTo) }
}

/**
 * The region (north, central, south) of a 2025 province.
 *
 * @example
 * ```ts
 * regionOf2025('79') // 'south'
 * ```
 */
export function regionOf2025(provinceCode2025: string): Region {
  return REGION_OF_2025[provinceCode2025] ?? 'north'
}
