import type { VietnameseNameParts } from '@dinhdanh/client/schemas'
import { chance, type Prng, pick, pickWeighted, type WeightedTable, weightedTable } from './prng.js'
import type { Region } from './province-map.js'

/**
 * Surname frequencies (percent) from public estimates. Hoàng/Huỳnh and Vũ/Võ are one name in two regional
 * forms; {@link surnameTable} splits them by region. The long tail shares what is left of 100%.
 */
const COMMON_SURNAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Phan', 4.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.9],
  ['Trương', 0.9],
  ['Đào', 0.7],
  ['Mai', 0.7],
  ['Trịnh', 0.7],
  ['Lâm', 0.6],
  ['Cao', 0.5],
  ['Lương', 0.5],
  ['Hà', 0.5],
  ['Đoàn', 0.5],
  ['Lưu', 0.4],
  ['Tạ', 0.3],
  ['Châu', 0.3],
  ['Tô', 0.3],
  ['Vương', 0.3],
  ['Thái', 0.3],
  ['Triệu', 0.3],
  ['Phùng', 0.3],
  ['Chu', 0.3],
  ['Kiều', 0.2],
  ['Quách', 0.2],
  ['Tăng', 0.2],
  ['Diệp', 0.2],
  ['La', 0.2],
  ['Lại', 0.2],
  ['Hứa', 0.2],
  ['Mạc', 0.1],
  ['Khúc', 0.1],
]

const HOANG_HUYNH = 5
const VU_VO = 3.9

/** Share of the southern form (Huỳnh, Võ) by region. */
const SOUTHERN_FORM_SHARE: Readonly<Record<Region, { huynh: number; vo: number }>> = {
  north: { huynh: 0.05, vo: 0.15 },
  central: { huynh: 0.5, vo: 0.6 },
  south: { huynh: 0.8, vo: 0.8 },
}

function buildSurnameTable(region: Region): WeightedTable<string> {
  const share = SOUTHERN_FORM_SHARE[region]
  return weightedTable([
    ...COMMON_SURNAMES,
    ['Hoàng', HOANG_HUYNH * (1 - share.huynh)],
    ['Huỳnh', HOANG_HUYNH * share.huynh],
    ['Vũ', VU_VO * (1 - share.vo)],
    ['Võ', VU_VO * share.vo],
  ])
}

const SURNAME_TABLES: Readonly<Record<Region, WeightedTable<string>>> = {
  north: buildSurnameTable('north'),
  central: buildSurnameTable('central'),
  south: buildSurnameTable('south'),
}

/**
 * The surname distribution for people whose birth was registered in a region: Nguyễn about 38%, Trần 11%,
 * Lê 9.5%, ..., with Huỳnh and Võ replacing most Hoàng and Vũ in the south.
 *
 * @example
 * ```ts
 * pickWeighted(prng, surnameTable('south')) // 'Huỳnh' about 4% of the time, 'Hoàng' about 1%
 * ```
 */
export function surnameTable(region: Region): WeightedTable<string> {
  return SURNAME_TABLES[region]
}

const MODERN_MIDDLE_MALE = [
  'Minh',
  'Đức',
  'Quang',
  'Hữu',
  'Công',
  'Thành',
  'Xuân',
  'Ngọc',
  'Thanh',
  'Gia',
  'Hoàng',
  'Anh',
  'Tuấn',
  'Trọng',
  'Mạnh',
  'Đình',
  'Nhật',
  'Bảo',
  'Quốc',
  'Duy',
] as const

const MODERN_MIDDLE_FEMALE = [
  'Ngọc',
  'Thu',
  'Thanh',
  'Minh',
  'Phương',
  'Hồng',
  'Thùy',
  'Mai',
  'Kim',
  'Khánh',
  'Bảo',
  'Gia',
  'Hoài',
  'Diệu',
  'Quỳnh',
  'Bích',
  'Hải',
  'Tuyết',
] as const

const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Duy',
  'Đạt',
  'Hải',
  'Hiếu',
  'Hoàng',
  'Hùng',
  'Huy',
  'Khang',
  'Khánh',
  'Khoa',
  'Kiên',
  'Lâm',
  'Long',
  'Minh',
  'Nam',
  'Nghĩa',
  'Phong',
  'Phúc',
  'Phước',
  'Quân',
  'Quang',
  'Sơn',
  'Tài',
  'Tâm',
  'Thắng',
  'Thành',
  'Thịnh',
  'Tiến',
  'Toàn',
  'Trung',
  'Tuấn',
  'Tùng',
  'Việt',
  'Vinh',
  'Bảo',
  'Đức',
  'Hưng',
  'Lộc',
  'Nhân',
  'Trí',
  'Tú',
  'Thọ',
] as const

const GIVEN_FEMALE = [
  'Anh',
  'Châu',
  'Chi',
  'Diệp',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hồng',
  'Huệ',
  'Huyền',
  'Hương',
  'Lan',
  'Linh',
  'Loan',
  'Ly',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Ngọc',
  'Nhi',
  'Nhung',
  'Oanh',
  'Phương',
  'Quyên',
  'Quỳnh',
  'Tâm',
  'Thảo',
  'Thu',
  'Thủy',
  'Trang',
  'Trâm',
  'Tuyết',
  'Uyên',
  'Vân',
  'Vy',
  'Xuân',
  'Yến',
] as const

/** Probability of the traditional middle name (Văn, Thị) by birth year: common before 1970, rarer since. */
function traditionalShare(sex: 'male' | 'female', birthYear: number): number {
  if (birthYear < 1970) return sex === 'male' ? 0.7 : 0.85
  if (birthYear < 1990) return sex === 'male' ? 0.5 : 0.7
  if (birthYear < 2005) return sex === 'male' ? 0.3 : 0.45
  return sex === 'male' ? 0.12 : 0.2
}

/**
 * A Vietnamese name, surname first, with full diacritics (NFC): a surname drawn from the regional
 * distribution, a middle name (Văn for many men and Thị for many women, more often the older they are;
 * Minh, Ngọc, Thanh, Đức, Gia, ... for the others; two words for some, none for about 1%) and a given
 * name from a sex-appropriate list. A "two-word given name" such as Bảo Anh is, in the claims model where
 * `given_name` is the last word, a two-word middle name; it appears here that way.
 *
 * @example
 * ```ts
 * generateName(createPrng('x'), 'female', 1995, 'south') // e.g. { familyName: 'Huỳnh', middleName: 'Thị Ngọc', givenName: 'Trâm' }
 * ```
 */
export function generateName(
  prng: Prng,
  sex: 'male' | 'female',
  birthYear: number,
  region: Region,
): VietnameseNameParts {
  const familyName = pickWeighted(prng, SURNAME_TABLES[region])
  const givenList = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE
  const modernList = sex === 'male' ? MODERN_MIDDLE_MALE : MODERN_MIDDLE_FEMALE
  const givenName = pick(prng, givenList)
  if (chance(prng, 0.01)) return { familyName, givenName }

  let middle: string = chance(prng, traditionalShare(sex, birthYear))
    ? sex === 'male'
      ? 'Văn'
      : 'Thị'
    : pick(prng, modernList)
  if (middle === givenName) middle = sex === 'male' ? 'Văn' : 'Thị'
  // Some names carry two middle words: "Thị Ngọc", "Văn Minh", or a modern pair such as "Bảo Ngọc".
  if (chance(prng, sex === 'male' ? 0.06 : 0.14)) {
    const second = pick(prng, modernList)
    if (second !== middle && second !== givenName) middle = `${middle} ${second}`
  }
  return { familyName, middleName: middle, givenName }
}
