import type { VietnameseNameParts } from '@dinhdanh/client/schemas'
import { chance, type Prng, pickWeighted, type WeightedTable, weightedTable } from './prng.js'
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

/** Birth cohorts with their own naming fashion. */
type Cohort = 'before1960' | '1960s70s' | '1980s90s' | '2000s' | 'since2015'

function cohortOf(birthYear: number): Cohort {
  if (birthYear < 1960) return 'before1960'
  if (birthYear < 1980) return '1960s70s'
  if (birthYear < 2000) return '1980s90s'
  if (birthYear < 2015) return '2000s'
  return 'since2015'
}

/**
 * Given names by cohort and sex, most frequent first (weights fall off as 1/√rank, a flattened Zipf shape).
 *
 * Source: the trends described by Lê Trung Hoa, "Họ và tên người Việt Nam" (NXB Khoa học Xã hội, 1992;
 * revised 2005): older cohorts carry short Hán-Việt virtue and flower names (Thành, Lợi, Thọ; Lan, Hoa,
 * Cúc), the cohorts of the 1980s-90s Tuấn, Hùng, Trang, Linh, Hương, and children of the 2010s-2020s soft
 * or rare names (Khang, Khôi, An; Vy, Nhi, Hân, Thư). The order within each list is this model's reading
 * of those trends; no published per-cohort frequency table was available, so these are modelled shapes,
 * not measured frequencies: the realism report (`npm run population:report`) prints what they produce.
 */
const GIVEN: Readonly<Record<Cohort, Readonly<Record<'male' | 'female', readonly string[]>>>> = {
  before1960: {
    male: [
      'Thành',
      'Hùng',
      'Dũng',
      'Lợi',
      'Thắng',
      'Tâm',
      'Hải',
      'Sơn',
      'Bình',
      'Thọ',
      'Phúc',
      'Lộc',
      'Tài',
      'Quý',
      'Vinh',
      'Chiến',
      'Cường',
      'Minh',
      'Nghĩa',
      'Hòa',
      'Thịnh',
      'Đức',
      'Khải',
      'Tuyên',
      'Lâm',
    ],
    female: [
      'Lan',
      'Hoa',
      'Mai',
      'Hồng',
      'Nga',
      'Hương',
      'Liên',
      'Cúc',
      'Huệ',
      'Tuyết',
      'Xuân',
      'Thu',
      'Loan',
      'Hạnh',
      'Nhung',
      'Sen',
      'Bích',
      'Tâm',
      'Hằng',
      'Dung',
      'Lựu',
      'Đào',
      'Thoa',
      'Thìn',
      'Hợi',
    ],
  },
  '1960s70s': {
    male: [
      'Hùng',
      'Dũng',
      'Tuấn',
      'Hải',
      'Sơn',
      'Thắng',
      'Minh',
      'Hòa',
      'Cường',
      'Bình',
      'Thanh',
      'Hưng',
      'Trung',
      'Quang',
      'Tiến',
      'Long',
      'Phong',
      'Thành',
      'Nam',
      'Hiếu',
      'Việt',
      'Toàn',
      'Chính',
      'Hà',
      'Lực',
    ],
    female: [
      'Hương',
      'Lan',
      'Hoa',
      'Hồng',
      'Hà',
      'Thủy',
      'Hạnh',
      'Nga',
      'Mai',
      'Hằng',
      'Loan',
      'Dung',
      'Thu',
      'Yến',
      'Vân',
      'Minh',
      'Hiền',
      'Phương',
      'Liên',
      'Nhung',
      'Huyền',
      'Oanh',
      'Bình',
      'Tâm',
      'Lý',
    ],
  },
  '1980s90s': {
    male: [
      'Tuấn',
      'Hùng',
      'Dũng',
      'Hải',
      'Minh',
      'Nam',
      'Huy',
      'Long',
      'Hiếu',
      'Đức',
      'Anh',
      'Trung',
      'Tùng',
      'Sơn',
      'Thắng',
      'Cường',
      'Phong',
      'Quang',
      'Khoa',
      'Việt',
      'Đạt',
      'Toàn',
      'Kiên',
      'Thành',
      'Hoàng',
      'Tú',
      'Vinh',
      'Duy',
    ],
    female: [
      'Trang',
      'Linh',
      'Hương',
      'Huyền',
      'Thảo',
      'Hà',
      'Ngọc',
      'Phương',
      'Nhung',
      'Hằng',
      'Anh',
      'Thủy',
      'Dung',
      'Yến',
      'Giang',
      'Vân',
      'Hiền',
      'Quỳnh',
      'Nga',
      'Mai',
      'Oanh',
      'Uyên',
      'Trâm',
      'Ly',
      'Loan',
      'Chi',
    ],
  },
  '2000s': {
    male: [
      'Huy',
      'Minh',
      'Đức',
      'Anh',
      'Khoa',
      'Nam',
      'Long',
      'Hiếu',
      'Phúc',
      'Quân',
      'Đạt',
      'Thịnh',
      'Bảo',
      'Tuấn',
      'Trí',
      'Khang',
      'Duy',
      'Vinh',
      'Hoàng',
      'Kiên',
      'Nhân',
      'Tài',
      'Hưng',
      'Thái',
      'Lâm',
    ],
    female: [
      'Linh',
      'Anh',
      'Trang',
      'Ngọc',
      'Vy',
      'Nhi',
      'Thảo',
      'Hân',
      'My',
      'Quỳnh',
      'Uyên',
      'Ly',
      'Chi',
      'Hà',
      'Hương',
      'Giang',
      'Trâm',
      'Yến',
      'Phương',
      'Ngân',
      'Thư',
      'Hiền',
      'Nhung',
      'Diệp',
      'Tiên',
    ],
  },
  since2015: {
    male: [
      'Minh',
      'Khang',
      'Huy',
      'Phúc',
      'Bảo',
      'Khôi',
      'Quân',
      'Nam',
      'An',
      'Lâm',
      'Phong',
      'Khoa',
      'Đăng',
      'Duy',
      'Vũ',
      'Long',
      'Hưng',
      'Kiệt',
      'Thiện',
      'Nguyên',
      'Khải',
      'Sơn',
      'Tùng',
      'Vinh',
      'Nhật',
    ],
    female: [
      'Anh',
      'Vy',
      'Nhi',
      'Hân',
      'An',
      'Chi',
      'Ngọc',
      'My',
      'Linh',
      'Thư',
      'Như',
      'Khuê',
      'Châu',
      'Diệp',
      'Trâm',
      'Nhiên',
      'Tâm',
      'Hà',
      'Lam',
      'Ngân',
      'Tuệ',
      'Yên',
      'Mai',
      'Phương',
      'Quyên',
    ],
  },
}

/** Names markedly more common in one region (Lê Trung Hoa, op. cit.: southern Phước, Lộc, Sang, Diễm). */
const REGIONAL_GIVEN: Readonly<Record<Region, Readonly<Record<'male' | 'female', readonly string[]>>>> = {
  north: { male: ['Hùng', 'Thắng', 'Tuấn'], female: ['Hương', 'Huyền', 'Nhung'] },
  central: { male: ['Hiếu', 'Phước', 'Thọ'], female: ['Hằng', 'Thủy', 'Nhi'] },
  south: { male: ['Phước', 'Lộc', 'Sang', 'Tài', 'Hậu'], female: ['Trâm', 'Diễm', 'Thư', 'Nhi', 'Tuyền'] },
}

/**
 * The long tail: given names in use in every cohort, each rare. Real given names number in the thousands
 * (Lê Trung Hoa, op. cit.); with only the cohort lists above, more than half of a 20,000 sample shared a
 * full name with someone. Each weighs {@link TAIL_WEIGHT} against 1 for a cohort's most frequent name.
 */
const LESS_COMMON_GIVEN: Readonly<Record<'male' | 'female', readonly string[]>> = {
  male: [
    'Ân',
    'Bách',
    'Bằng',
    'Biên',
    'Cảnh',
    'Chương',
    'Công',
    'Cương',
    'Đại',
    'Đạt',
    'Điền',
    'Định',
    'Đoàn',
    'Đông',
    'Giang',
    'Hào',
    'Hiển',
    'Hiệp',
    'Hoan',
    'Hội',
    'Huân',
    'Khải',
    'Khanh',
    'Khiêm',
    'Kiên',
    'Kỳ',
    'Lãm',
    'Lập',
    'Luân',
    'Lương',
    'Mẫn',
    'Ngạn',
    'Nguyên',
    'Nhân',
    'Ninh',
    'Pháp',
    'Quân',
    'Quyết',
    'Sáng',
    'Tấn',
    'Thái',
    'Thạch',
    'Thiện',
    'Thông',
    'Thuận',
    'Tín',
    'Tịnh',
    'Trí',
    'Triều',
    'Trường',
    'Tùng',
    'Tường',
    'Uy',
    'Viễn',
    'Vượng',
    'Xuyên',
    'Yên',
    'Ý',
  ],
  female: [
    'Ái',
    'An',
    'Ánh',
    'Bình',
    'Châu',
    'Chi',
    'Dao',
    'Diệp',
    'Diệu',
    'Duyên',
    'Giao',
    'Hạ',
    'Hải',
    'Hảo',
    'Hiền',
    'Hoài',
    'Hồng',
    'Khuê',
    'Kiều',
    'Lam',
    'Liễu',
    'Linh',
    'Lụa',
    'Mận',
    'Miên',
    'Mỹ',
    'Nga',
    'Ngân',
    'Nghi',
    'Nguyệt',
    'Nhàn',
    'Nhạn',
    'Oanh',
    'Phượng',
    'Quế',
    'Quyên',
    'San',
    'Sương',
    'Tâm',
    'Thắm',
    'Thanh',
    'Thoa',
    'Thơ',
    'Thục',
    'Thương',
    'Tiên',
    'Trinh',
    'Tú',
    'Uyên',
    'Vân',
    'Vi',
    'Xuyến',
    'Yên',
    'Ý',
  ],
}
const TAIL_WEIGHT = 0.07

/** Middle names other than Văn/Thị, by cohort (the later, the more varied: Gia, Bảo, Khánh after 2000). */
const MIDDLE: Readonly<Record<Cohort, Readonly<Record<'male' | 'female', readonly string[]>>>> = {
  before1960: {
    male: ['Đình', 'Hữu', 'Công', 'Xuân', 'Ngọc', 'Đức', 'Quang', 'Minh'],
    female: ['Ngọc', 'Kim', 'Thanh', 'Xuân', 'Bích'],
  },
  '1960s70s': {
    male: ['Đình', 'Hữu', 'Công', 'Xuân', 'Minh', 'Đức', 'Quang', 'Thanh', 'Ngọc', 'Mạnh'],
    female: ['Thanh', 'Ngọc', 'Thu', 'Kim', 'Hồng', 'Minh', 'Bích'],
  },
  '1980s90s': {
    male: [
      'Minh',
      'Đức',
      'Quang',
      'Thanh',
      'Hoàng',
      'Anh',
      'Tuấn',
      'Ngọc',
      'Trọng',
      'Mạnh',
      'Đình',
      'Hữu',
      'Quốc',
      'Duy',
    ],
    female: ['Thu', 'Thanh', 'Ngọc', 'Minh', 'Phương', 'Hồng', 'Thùy', 'Mai', 'Kim', 'Hoài', 'Diệu', 'Quỳnh'],
  },
  '2000s': {
    male: ['Minh', 'Đức', 'Gia', 'Quang', 'Hoàng', 'Anh', 'Tuấn', 'Bảo', 'Quốc', 'Duy', 'Nhật', 'Trung'],
    female: ['Ngọc', 'Thu', 'Minh', 'Phương', 'Khánh', 'Thùy', 'Bảo', 'Mai', 'Hà', 'Quỳnh', 'Gia', 'Yến'],
  },
  since2015: {
    male: ['Gia', 'Minh', 'Bảo', 'Đăng', 'Hoàng', 'Anh', 'Nhật', 'Đức', 'Thiện', 'Khôi', 'Quốc', 'Tuệ'],
    female: ['Bảo', 'Ngọc', 'Khánh', 'Minh', 'Gia', 'Tuệ', 'An', 'Diệp', 'Hà', 'Phương', 'Thảo', 'Tường'],
  },
}

const zipf = (
  names: readonly string[],
  extra: readonly string[] = [],
  tail: readonly string[] = [],
): WeightedTable<string> => {
  const weights = new Map<string, number>()
  for (const [rank, name] of names.entries())
    weights.set(name, (weights.get(name) ?? 0) + 1 / Math.sqrt(rank + 1))
  for (const name of extra) weights.set(name, (weights.get(name) ?? 0) + 0.25)
  for (const name of tail) weights.set(name, (weights.get(name) ?? 0) + TAIL_WEIGHT)
  return weightedTable([...weights])
}

type Sex = 'male' | 'female'

/**
 * The tables made so far (on first use), by cohort, sex and region: nested records, so that finding a
 * citizen's table builds no key string.
 */
const GIVEN_TABLES: { [C in Cohort]?: { [S in Sex]?: { [R in Region]?: WeightedTable<string> } } } = {}
const MIDDLE_TABLES: { [C in Cohort]?: { [S in Sex]?: WeightedTable<string> } } = {}

function givenTable(cohort: Cohort, sex: Sex, region: Region): WeightedTable<string> {
  let bySex = GIVEN_TABLES[cohort]
  if (bySex === undefined) {
    bySex = {}
    GIVEN_TABLES[cohort] = bySex
  }
  let byRegion = bySex[sex]
  if (byRegion === undefined) {
    byRegion = {}
    bySex[sex] = byRegion
  }
  let table = byRegion[region]
  if (table === undefined) {
    table = zipf(GIVEN[cohort][sex], REGIONAL_GIVEN[region][sex], LESS_COMMON_GIVEN[sex])
    byRegion[region] = table
  }
  return table
}

function middleTable(cohort: Cohort, sex: Sex): WeightedTable<string> {
  let bySex = MIDDLE_TABLES[cohort]
  if (bySex === undefined) {
    bySex = {}
    MIDDLE_TABLES[cohort] = bySex
  }
  let table = bySex[sex]
  if (table === undefined) {
    table = zipf(MIDDLE[cohort][sex])
    bySex[sex] = table
  }
  return table
}

/** Probability of the traditional middle name (Văn, Thị) by birth year: common before 1970, rarer since. */
function traditionalShare(sex: 'male' | 'female', birthYear: number): number {
  if (birthYear < 1970) return sex === 'male' ? 0.7 : 0.85
  if (birthYear < 1990) return sex === 'male' ? 0.5 : 0.7
  if (birthYear < 2005) return sex === 'male' ? 0.3 : 0.45
  return sex === 'male' ? 0.12 : 0.2
}

/**
 * Probability of two middle words (a four-word name such as "Nguyễn Thị Ngọc Anh"). For births since 2000:
 * the word counts measured by hoten.org on its name sample SG01 ("Về số lượng từ trong họ tên người Việt",
 * https://hoten.org/so-luong-tu-trong-ten/, births 2007-2011: about 26% of men's and 65% of women's names
 * have four words). Before 2000 no such table was found; 15% and 30% are this model's assumption (four-word
 * names were less usual for older cohorts).
 */
function twoMiddleWordsShare(sex: 'male' | 'female', birthYear: number): number {
  if (birthYear >= 2000) return sex === 'male' ? 0.26 : 0.65
  return sex === 'male' ? 0.15 : 0.3
}

/**
 * A Vietnamese (Kinh) name, surname first, with full diacritics (NFC): a surname drawn from the regional
 * distribution, a middle name (Văn for many men and Thị for many women, more often the older they are;
 * otherwise one of the cohort's fashionable middle names; two words for some, none for about 1%) and a
 * given name from the cohort's, sex's and region's list. No middle word repeats the family name ("Hoàng
 * Hoàng Quân" does not occur) or the given name. A "two-word given name" such as Bảo Anh is, in the claims
 * model where `given_name` is the last word, a two-word middle name; it appears here that way.
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
  const cohort = cohortOf(birthYear)
  const familyName = pickWeighted(prng, SURNAME_TABLES[region])
  const givenName = pickWeighted(prng, givenTable(cohort, sex, region))
  if (chance(prng, 0.01)) return { familyName, givenName }
  const traditional = sex === 'male' ? 'Văn' : 'Thị'
  const taken = (word: string) => word === familyName || word === givenName
  let middle: string = chance(prng, traditionalShare(sex, birthYear))
    ? traditional
    : pickWeighted(prng, middleTable(cohort, sex))
  if (taken(middle)) middle = traditional
  // Some names carry two middle words: "Thị Ngọc", "Văn Minh", or a modern pair such as "Bảo Ngọc".
  if (chance(prng, twoMiddleWordsShare(sex, birthYear))) {
    const second = pickWeighted(prng, middleTable(cohort, sex))
    if (second !== middle && !taken(second)) middle = `${middle} ${second}`
  }
  return { familyName, middleName: middle, givenName }
}
