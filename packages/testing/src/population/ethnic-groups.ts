import type { VietnameseNameParts } from '@dinhdanh/client/schemas'
import { chance, type Prng, pick, pickWeighted, type WeightedTable, weightedTable } from './prng.js'

/**
 * An ethnic group as the population register stores it: the name, and the code with the code system it
 * comes from. Two code lists are in use (the General Statistics Office's list of Decision 121-TCTK/PPCĐ of
 * 1979, and the list of the Ministry of Public Security's population database), and they conflict: the
 * code is only meaningful with its system.
 *
 * @example
 * ```ts
 * const kinh: Ethnicity = { name: 'Kinh', code: '01', codeSystem: 'TCTK-121-1979' }
 * ```
 */
export type Ethnicity = { readonly name: string; readonly code: string; readonly codeSystem: 'TCTK-121-1979' }

/**
 * How a group's names are written in the register (surname first unless `clanLast`):
 * - `vietnamese`: like Kinh names (family, Văn/Thị or another middle name, given name);
 * - `clanLast`: Ê Đê and other matrilineal Central Highlands groups put the clan name last, after a
 *   prefix Y (men) or H' (women): "Y Moan Ênuôl", "H'Hen Niê";
 * - `prefixOnly`: Xơ Đăng and Ba Na names with no family name, a prefix A (men) or Y (women): "A Páo".
 */
type NameStyle = 'vietnamese' | 'clanLast' | 'prefixOnly'

type GroupModel = {
  readonly ethnicity: Ethnicity
  readonly style: NameStyle
  readonly families: readonly string[]
  /** Middle names by sex; an empty list means none. */
  readonly middleMale: readonly string[]
  readonly middleFemale: readonly string[]
  readonly givenMale: readonly string[]
  readonly givenFemale: readonly string[]
  /** Religion shares (percent); the rest is "Không". */
  readonly religions: readonly (readonly [string, number])[]
}

const group = (
  name: string,
  code: string,
  style: NameStyle,
  families: readonly string[],
  middle: readonly [readonly string[], readonly string[]],
  given: readonly [readonly string[], readonly string[]],
  religions: readonly (readonly [string, number])[] = [],
): GroupModel => ({
  ethnicity: { name, code, codeSystem: 'TCTK-121-1979' },
  style,
  families,
  middleMale: middle[0],
  middleFemale: middle[1],
  givenMale: given[0],
  givenFemale: given[1],
  religions,
})

const VAN_THI: readonly [readonly string[], readonly string[]] = [['Văn'], ['Thị']]
const PROTESTANT_HIGHLANDS = [
  ['Tin Lành', 35],
  ['Công giáo', 15],
] as const

/**
 * Naming conventions of the larger minority groups, from ethnographic descriptions (Viện Dân tộc học,
 * "Các dân tộc ít người ở Việt Nam", and the Committee for Ethnic Minority Affairs' profiles of the 54
 * groups): Hmông clan names (Giàng, Vàng, Sùng, Thào, ...) with the male marker A or Seo and the female
 * Thị or Mí; Dao clan names with generation names (Láo, Tả, Mùi); Thái lineage names (Lò, Cầm, Quàng,
 * Tòng, Vì); Mường names (Bùi, Đinh, Quách, Bạch, Xa); Khmer family names given by the state in the 20th
 * century (Thạch, Sơn, Kim, Danh) with Khmer given names; Ê Đê clan names written last; Jrai clan names
 * first with H' for women. Name lists are illustrative samples, not frequencies.
 */
const GROUPS: Readonly<Record<string, GroupModel>> = {
  Tày: group(
    'Tày',
    '02',
    'vietnamese',
    ['Hoàng', 'Nông', 'Lục', 'Ma', 'Hà', 'Lương', 'Đàm', 'Bế', 'Triệu', 'Vi', 'Lâm', 'Mông'],
    VAN_THI,
    [
      ['Thắng', 'Hùng', 'Quyết', 'Chiến', 'Khánh', 'Phương', 'Lực', 'Tuấn', 'Dũng', 'Toàn'],
      ['Mai', 'Nhàn', 'Hoa', 'Thơm', 'Hương', 'Duyên', 'Liên', 'Thảo', 'Lan', 'Ngân'],
    ],
  ),
  Thái: group(
    'Thái',
    '03',
    'vietnamese',
    ['Lò', 'Lường', 'Cầm', 'Quàng', 'Tòng', 'Vì', 'Hà', 'Điêu', 'Bạc', 'Lù', 'Sầm', 'Mè'],
    VAN_THI,
    [
      ['Pâng', 'Xiêng', 'Inh', 'Ún', 'Panh', 'Dũng', 'Thanh', 'Sơn', 'Hoan', 'Chính'],
      ['Ún', 'Xuân', 'Inh', 'Pọm', 'Lả', 'Mai', 'Hoa', 'Ngọc', 'Thoa', 'Liên'],
    ],
  ),
  Hoa: group(
    'Hoa',
    '04',
    'vietnamese',
    ['Lý', 'Trần', 'Hứa', 'Quách', 'Lâm', 'Trương', 'Mạch', 'Tăng', 'Diệp', 'Lương', 'Châu', 'Hồng'],
    [
      ['Quốc', 'Gia', 'Văn', 'Kiến'],
      ['Mỹ', 'Tú', 'Thị', 'Lệ'],
    ],
    [
      ['Vinh', 'Kiệt', 'Hào', 'Phát', 'Khải', 'Huy', 'Cường', 'Minh', 'Tài', 'Lợi'],
      ['Linh', 'Mẫn', 'Phụng', 'Ngọc', 'Quyên', 'Dung', 'Hoa', 'Ánh', 'Nghi', 'Trinh'],
    ],
    [
      ['Phật giáo', 20],
      ['Công giáo', 3],
    ],
  ),
  Khmer: group(
    'Khmer',
    '05',
    'vietnamese',
    ['Thạch', 'Sơn', 'Kim', 'Danh', 'Lâm', 'Châu', 'Trịnh', 'Lý'],
    [[], ['Thị']],
    [
      ['Sô Phanh', 'Sóc Kha', 'Chanh Đa', 'Sa Rươn', 'Út', 'Ha', 'Pho', 'Rinh', 'Sang', 'Thanh'],
      ['Sà Phiên', 'Sa Ly', 'Sô Phi', 'Chanh Thu', 'Ra Ni', 'Nga', 'Mỹ', 'Sương', 'Hiền', 'Kha'],
    ],
    [['Phật giáo', 92]],
  ),
  Mường: group('Mường', '06', 'vietnamese', ['Bùi', 'Đinh', 'Quách', 'Bạch', 'Hà', 'Xa', 'Cao'], VAN_THI, [
    ['Khang', 'Thượng', 'Lâm', 'Thành', 'Đức', 'Bình', 'Tuấn', 'Hải', 'Tùng', 'Minh'],
    ['Thao', 'Xuân', 'Mận', 'Hoa', 'Nga', 'Hằng', 'Huyền', 'Lan', 'Phương', 'Thúy'],
  ]),
  Nùng: group(
    'Nùng',
    '07',
    'vietnamese',
    ['Hoàng', 'Nông', 'Lương', 'Lăng', 'Chu', 'Vi', 'Mã', 'Lý', 'Hứa', 'Sầm'],
    VAN_THI,
    [
      ['Slao', 'Pao', 'Thắng', 'Lợi', 'Quân', 'Tuấn', 'Hùng', 'Sinh', 'Đoàn', 'Kiên'],
      ['Slam', 'Mây', 'Nhung', 'Duyên', 'Thoa', 'Hiền', 'Phượng', 'Lan', 'Chuyên', 'Hạnh'],
    ],
  ),
  Hmông: group(
    'Mông',
    '08',
    'vietnamese',
    ['Giàng', 'Vàng', 'Sùng', 'Thào', 'Lý', 'Hầu', 'Mùa', 'Sình', 'Lầu', 'Vừ', 'Cứ', 'Hạng'],
    [
      ['A', 'Seo', 'Mí', 'Văn'],
      ['Thị', 'Mí', 'Thị'],
    ],
    [
      ['Páo', 'Dính', 'Chứ', 'Sử', 'Lử', 'Sính', 'Dế', 'Pó', 'Chá', 'Dợ', 'Súa', 'Vàng', 'Tủa', 'Chinh'],
      ['Mỷ', 'Dung', 'Sua', 'Say', 'Mai', 'Pà', 'Dở', 'Chú', 'Xúa', 'Máy', 'Sâu', 'Ly'],
    ],
    [
      ['Tin Lành', 30],
      ['Công giáo', 3],
    ],
  ),
  Dao: group(
    'Dao',
    '09',
    'vietnamese',
    ['Triệu', 'Bàn', 'Đặng', 'Lý', 'Chảo', 'Phàn', 'Tẩn', 'Hoàng'],
    [
      ['Văn', 'Láo', 'Tả', 'Kim'],
      ['Thị', 'Mùi', 'Tả', 'Thị'],
    ],
    [
      ['Quẩy', 'Tạ', 'Lở', 'Phin', 'Chòi', 'Sếnh', 'Chiêu', 'Phủ', 'Vần', 'Kiềm'],
      ['Mẩy', 'Dung', 'Chài', 'Nải', 'Xiêm', 'Liên', 'Mai', 'Phây', 'Nhất', 'Châm'],
    ],
  ),
  Jrai: group(
    'Gia Rai',
    '10',
    'vietnamese',
    ['Ksor', 'Siu', 'Rơ Mah', 'Rah Lan', 'Kpă', 'Nay', 'Rơ Châm', 'Puih'],
    [[], ["H'"]],
    [
      ['Phước', 'Kơk', 'Hiu', 'Thuân', 'Blik', 'Dôh', 'Nhăm', 'Ơn', 'Jun', 'Tâm'],
      ['Ly', 'Mai', 'Hiam', 'Nhí', 'Thơm', 'Nga', 'Blưn', 'Yă', 'Lan', 'Xíu'],
    ],
    PROTESTANT_HIGHLANDS,
  ),
  ÊĐê: group(
    'Ê Đê',
    '12',
    'clanLast',
    ['Niê', 'Mlô', 'Êban', 'Ayun', 'Byă', 'Ênuôl', 'Adrơng', 'Kbuôr', 'Buôn Yă', 'Hđơk'],
    [['Y'], ["H'"]],
    [
      ['Moan', 'Tlang', 'Ngông', 'Bih', 'Jut', 'Kông', 'Blong', 'Wang', 'Hiên', 'Dhăm'],
      ['Hen', 'Bia', 'Lin', 'Ngách', 'Blum', 'Yam', 'Ngơn', 'Nhi', 'Dơn', 'Wê'],
    ],
    PROTESTANT_HIGHLANDS,
  ),
  BaNa: group(
    'Ba Na',
    '13',
    'prefixOnly',
    [],
    [['A'], ['Y']],
    [
      ['Pui', 'Blong', 'Nhưn', 'Pốt', 'Hmiu', 'Thu', 'Sơn', 'Đe', 'Jrôm', 'Kriêng'],
      ['Hơn', 'Bliêng', 'Đoan', 'Thi', 'Khuê', 'Nhăn', 'Ngọc', 'Sương', 'Sao', 'Pơr'],
    ],
    PROTESTANT_HIGHLANDS,
  ),
  XơĐăng: group(
    'Xơ Đăng',
    '14',
    'prefixOnly',
    [],
    [['A'], ['Y']],
    [
      ['Páo', 'Khoa', 'Quang', 'Phép', 'Nhong', 'Tư', 'Hiếu', 'Tân', 'Vang', 'Rin'],
      ['Hiền', 'Bloong', 'Liên', 'Nuôi', 'Rin', 'Tuyết', 'Xuân', 'Lan', 'Thương', 'Hồng'],
    ],
    [['Công giáo', 40]],
  ),
  CơHo: group(
    'Cơ Ho',
    '16',
    'vietnamese',
    ['Ka', 'Liêng', 'Bon', 'Cil', 'Kơ Să', 'Ma', 'Kră'],
    [[], []],
    [
      ['Brăk', 'Bình', 'Sáu', 'Ren', 'Kiều', 'Hà', 'Tiếp', 'Điệp', 'Đin', 'Kră'],
      ['Hoa', 'Thu', 'Ngọc', 'Hương', 'Ju', 'Ly', 'Nhơn', 'Brin', 'Hờ', 'Sa'],
    ],
    [
      ['Tin Lành', 30],
      ['Công giáo', 30],
    ],
  ),
  Chăm: group(
    'Chăm',
    '17',
    'vietnamese',
    ['Đàng', 'Thành', 'Quảng', 'Thông', 'Lưu', 'Phú', 'Châu', 'Lộ'],
    VAN_THI,
    [
      ['Năng', 'Sa', 'Phú', 'Hàm', 'Thuận', 'Sanh', 'Tấn', 'Ba', 'Minh', 'Quyết'],
      ['Sa', 'Bích', 'Nhung', 'Hoa', 'Thị', 'Sương', 'Ánh', 'Hân', 'Mai', 'Phượng'],
    ],
    [
      ['Bà La Môn', 40],
      ['Hồi giáo', 30],
    ],
  ),
  BruVânKiều: group(
    'Bru - Vân Kiều',
    '26',
    'vietnamese',
    ['Hồ', 'Hồ', 'Lê', 'Kray', 'Pả'],
    VAN_THI,
    [
      ['Dưỡng', 'Sinh', 'Thoang', 'Pả', 'Ba', 'Hoan', 'Loan', 'Bốn', 'Chắt', 'Rin'],
      ['Bôn', 'Chơn', 'Lanh', 'Xuân', 'Pỏn', 'Hoa', 'Mai', 'Lan', 'Duyên', 'Thơm'],
    ],
    [['Tin Lành', 10]],
  ),
}

type GroupKey = keyof typeof GROUPS

/**
 * Ethnic-minority share by OLD province (percent of residents), and how it splits among groups, rounded from
 * the 2019 Population and Housing Census (General Statistics Office, "Kết quả toàn bộ Tổng điều tra dân số
 * và nhà ở năm 2019", tables of population by ethnicity and province). Only the larger groups of each
 * province are modelled; provinces not listed have fewer than 3% minority residents, modelled as 1%
 * (mostly Hoa, Tày, Mường, Khmer by region). Nationally: Kinh 85.3%.
 */
export const MINORITY_SHARES: Readonly<Record<string, readonly (readonly [GroupKey, number])[]>> = {
  '002': [
    ['Hmông', 33],
    ['Tày', 23],
    ['Dao', 15],
    ['Nùng', 9],
  ],
  '004': [
    ['Tày', 41],
    ['Nùng', 31],
    ['Hmông', 11],
    ['Dao', 10],
  ],
  '006': [
    ['Tày', 52],
    ['Dao', 17],
    ['Nùng', 10],
    ['Hmông', 7],
  ],
  '008': [
    ['Tày', 26],
    ['Dao', 12],
    ['Nùng', 2],
    ['Hmông', 3],
  ],
  '010': [
    ['Hmông', 25],
    ['Tày', 15],
    ['Dao', 14],
    ['Nùng', 4],
  ],
  '011': [
    ['Thái', 38],
    ['Hmông', 35],
    ['Dao', 1],
  ],
  '012': [
    ['Hmông', 40],
    ['Thái', 31],
    ['Dao', 13],
  ],
  '014': [
    ['Thái', 53],
    ['Hmông', 17],
    ['Mường', 8],
    ['Dao', 2],
  ],
  '015': [
    ['Tày', 19],
    ['Dao', 10],
    ['Hmông', 11],
    ['Thái', 6],
  ],
  '017': [
    ['Mường', 63],
    ['Thái', 4],
    ['Dao', 2],
  ],
  '019': [
    ['Tày', 11],
    ['Nùng', 6],
    ['Dao', 2],
  ],
  '020': [
    ['Nùng', 42],
    ['Tày', 35],
    ['Dao', 3],
  ],
  '022': [
    ['Dao', 5],
    ['Tày', 3],
    ['Hoa', 1],
  ],
  '024': [
    ['Nùng', 5],
    ['Tày', 3],
    ['Hoa', 1],
  ],
  '025': [
    ['Mường', 13],
    ['Dao', 1],
  ],
  '037': [['Mường', 2]],
  '038': [
    ['Mường', 10],
    ['Thái', 6],
  ],
  '040': [
    ['Thái', 10],
    ['Hmông', 1],
  ],
  '044': [['BruVânKiều', 2]],
  '045': [['BruVânKiều', 8]],
  '051': [['XơĐăng', 2]],
  '052': [['BaNa', 2]],
  '054': [['ÊĐê', 4]],
  '056': [['Chăm', 1]],
  '058': [['Chăm', 12]],
  '060': [
    ['Chăm', 3],
    ['Hoa', 1],
  ],
  '062': [
    ['XơĐăng', 25],
    ['BaNa', 12],
    ['Jrai', 4],
  ],
  '064': [
    ['Jrai', 34],
    ['BaNa', 12],
  ],
  '066': [
    ['ÊĐê', 16],
    ['Nùng', 4],
    ['Tày', 3],
    ['Jrai', 1],
  ],
  '067': [
    ['Nùng', 6],
    ['Tày', 4],
    ['Hmông', 4],
  ],
  '068': [
    ['CơHo', 12],
    ['Nùng', 2],
    ['Tày', 1],
  ],
  '070': [
    ['Khmer', 2],
    ['Nùng', 2],
    ['Tày', 1],
  ],
  '075': [
    ['Hoa', 3],
    ['Nùng', 1],
    ['Tày', 1],
  ],
  '079': [['Hoa', 4.5]],
  '084': [['Khmer', 31]],
  '089': [
    ['Khmer', 4],
    ['Chăm', 0.6],
    ['Hoa', 0.4],
  ],
  '091': [
    ['Khmer', 12],
    ['Hoa', 2],
  ],
  '092': [
    ['Khmer', 2],
    ['Hoa', 1],
  ],
  '093': [['Khmer', 3]],
  '094': [
    ['Khmer', 30],
    ['Hoa', 5],
  ],
  '095': [
    ['Khmer', 7],
    ['Hoa', 3],
  ],
  '096': [['Khmer', 2]],
}

const KINH: Ethnicity = { name: 'Kinh', code: '01', codeSystem: 'TCTK-121-1979' }

const KINH_KEY = 'Kinh'

function buildTable(provinceCode: string, region: 'north' | 'central' | 'south'): WeightedTable<string> {
  const shares = MINORITY_SHARES[provinceCode] ?? [[region === 'south' ? 'Hoa' : 'Tày', 1] as const]
  const minority = shares.reduce((sum, [, share]) => sum + share, 0)
  return weightedTable<string>([[KINH_KEY, 100 - minority], ...shares])
}

/** The tables made so far, by old province and region (a key string per citizen was a cost of its own). */
const TABLES = new Map<string, { [R in 'north' | 'central' | 'south']?: WeightedTable<string> }>()

/**
 * The ethnic group of a citizen whose birth was registered in an old province (drawn from the census shares
 * of {@link MINORITY_SHARES}); `undefined` for Kinh, else the group key.
 *
 * @example
 * ```ts
 * drawEthnicGroup(prng, '064', 'central') // 'Jrai' about a third of the time
 * ```
 */
export function drawEthnicGroup(
  prng: Prng,
  provinceCode: string,
  region: 'north' | 'central' | 'south',
): GroupKey | undefined {
  let byRegion = TABLES.get(provinceCode)
  if (byRegion === undefined) {
    byRegion = {}
    TABLES.set(provinceCode, byRegion)
  }
  let table = byRegion[region]
  if (table === undefined) {
    table = buildTable(provinceCode, region)
    byRegion[region] = table
  }
  const drawn = pickWeighted(prng, table)
  return drawn === KINH_KEY ? undefined : drawn
}

/**
 * The {@link Ethnicity} of a group key from {@link drawEthnicGroup} (`undefined`: Kinh).
 *
 * @example
 * ```ts
 * ethnicityOf('ÊĐê').name // 'Ê Đê'
 * ```
 */
export function ethnicityOf(key: GroupKey | undefined): Ethnicity {
  return key === undefined ? KINH : GROUPS[key]!.ethnicity
}

/**
 * A name in the group's convention: the parts as the claims carry them (family name = the first word,
 * given name = the last, as the register's "họ, chữ đệm và tên" is split) and the full name as written.
 * For Ê Đê names the clan comes last ("H'Hen Niê"): `familyName` is then the clan and `fullName` keeps
 * the written order; `clanLast` says so.
 *
 * @example
 * ```ts
 * generateMinorityName(prng, 'ÊĐê', 'female') // { fullName: "H'Hen Niê", familyName: 'Niê', givenName: "H'Hen", clanLast: true }
 * ```
 */
export function generateMinorityName(
  prng: Prng,
  key: GroupKey,
  sex: 'male' | 'female',
): VietnameseNameParts & { fullName: string; clanLast: boolean } {
  const model = GROUPS[key]!
  const given = pick(prng, sex === 'male' ? model.givenMale : model.givenFemale)
  const middles = sex === 'male' ? model.middleMale : model.middleFemale
  const middle = middles.length === 0 ? undefined : pick(prng, middles)
  if (model.style === 'clanLast') {
    const clan = pick(prng, model.families)
    const givenName = middle === "H'" ? `H'${given}` : `${middle ?? 'Y'} ${given}`
    return { fullName: `${givenName} ${clan}`, familyName: clan, givenName, clanLast: true }
  }
  if (model.style === 'prefixOnly') {
    const prefix = middle ?? (sex === 'male' ? 'A' : 'Y')
    return { fullName: `${prefix} ${given}`, familyName: prefix, givenName: given, clanLast: false }
  }
  const familyName = pick(prng, model.families)
  // H' attaches to the given name (Jrai "Ksor H'Ly"), a Khmer two-word given name keeps both words.
  const words = middle === "H'" ? [familyName, `H'${given}`] : [familyName, middle, given]
  const full = words.filter((word) => word !== undefined && word !== '').join(' ')
  // Split at the first and the last space (a Khmer given name of two words is split too): the family
  // name before, the given name after, the middle name between.
  const first = full.indexOf(' ')
  const last = full.lastIndexOf(' ')
  const middleWords = first < last ? full.slice(first + 1, last) : ''
  const familyNameWord = first === -1 ? full : full.slice(0, first)
  const givenName = full.slice(last + 1)
  return middleWords === ''
    ? { fullName: full, familyName: familyNameWord, givenName, clanLast: false }
    : { fullName: full, familyName: familyNameWord, middleName: middleWords, givenName, clanLast: false }
}

const KINH_RELIGIONS: Readonly<Record<'north' | 'central' | 'south', WeightedTable<string>>> = {
  north: weightedTable([
    ['Không', 88],
    ['Công giáo', 7],
    ['Phật giáo', 4.7],
    ['Tin Lành', 0.3],
  ]),
  central: weightedTable([
    ['Không', 83],
    ['Công giáo', 7],
    ['Phật giáo', 9],
    ['Tin Lành', 1],
  ]),
  south: weightedTable([
    ['Không', 77],
    ['Phật giáo', 9],
    ['Công giáo', 6],
    ['Cao Đài', 2.5],
    ['Phật giáo Hòa Hảo', 5],
    ['Tin Lành', 0.5],
  ]),
}

/**
 * The religion on record: "Không" (none) or one of the recognised religions, by group and region, rounded
 * from the 2019 census (about 86% "Không"; Catholics 6%, Buddhists 5%, Protestants 1%, Hòa Hảo and Cao Đài
 * in the south; Theravada Buddhism for most Khmer; Protestantism among Hmông and Central Highlands groups).
 *
 * @example
 * ```ts
 * drawReligion(prng, 'Khmer', 'south') // 'Phật giáo' about 92% of the time
 * ```
 */
export function drawReligion(
  prng: Prng,
  key: GroupKey | undefined,
  region: 'north' | 'central' | 'south',
): string {
  if (key === undefined) return pickWeighted(prng, KINH_RELIGIONS[region])
  const religions = GROUPS[key]!.religions
  for (const [religion, share] of religions) if (chance(prng, share / 100)) return religion
  return 'Không'
}
