import { OLD_PROVINCE_CODES, PROVINCES_2025 } from '@dinhdanh/client/schemas'
import { type WeightedTable, weightedTable } from './prng.js'

/**
 * Where a province lies, for the regional shape of names (Huỳnh and Võ are the southern forms of Hoàng
 * and Vũ, and grow more common from the central coast southwards).
 *
 * @example
 * ```ts
 * const region: Region = OLD_PROVINCE_FACTS['079']!.region // 'south'
 * ```
 */
export type Region = 'north' | 'central' | 'south'

/**
 * What the generator knows about one province of the OLD 63-province table (the table of the ID prefix).
 *
 * @example
 * ```ts
 * const facts: OldProvinceFacts = { code2025: '44', region: 'central', population: 0.9 }
 * ```
 */
export type OldProvinceFacts = {
  /** The 2025 province that took it over (APPROXIMATE: see {@link OLD_PROVINCE_FACTS}). */
  readonly code2025: string
  readonly region: Region
  /** Rough population in millions (early 2020s), used only as a sampling weight. */
  readonly population: number
}

/**
 * For each old 3-digit province code: the 2025 province it was merged into, its region and a rough
 * population. APPROXIMATE and for synthetic data only: the 2025 merger (Resolution 202/2025/QH15) is
 * modelled as whole old provinces joining one new province, populations are rounded public estimates,
 * and none of this may be used to map a real ID prefix to a new province (the ID prefix keeps the OLD
 * table; this map only chooses where a synthetic citizen is likely to live now).
 *
 * @example
 * ```ts
 * OLD_PROVINCE_FACTS['044']?.code2025 // '44' (old Quảng Bình is now part of Quảng Trị)
 * OLD_PROVINCE_FACTS['074']?.code2025 // '79' (old Bình Dương is now part of TP Hồ Chí Minh)
 * ```
 */
export const OLD_PROVINCE_FACTS: Readonly<Record<string, OldProvinceFacts>> = Object.freeze({
  '001': { code2025: '01', region: 'north', population: 8.4 },
  '002': { code2025: '08', region: 'north', population: 0.9 },
  '004': { code2025: '04', region: 'north', population: 0.55 },
  '006': { code2025: '19', region: 'north', population: 0.33 },
  '008': { code2025: '08', region: 'north', population: 0.8 },
  '010': { code2025: '15', region: 'north', population: 0.77 },
  '011': { code2025: '11', region: 'north', population: 0.64 },
  '012': { code2025: '12', region: 'north', population: 0.48 },
  '014': { code2025: '14', region: 'north', population: 1.3 },
  '015': { code2025: '15', region: 'north', population: 0.84 },
  '017': { code2025: '25', region: 'north', population: 0.88 },
  '019': { code2025: '19', region: 'north', population: 1.33 },
  '020': { code2025: '20', region: 'north', population: 0.8 },
  '022': { code2025: '22', region: 'north', population: 1.36 },
  '024': { code2025: '24', region: 'north', population: 1.9 },
  '025': { code2025: '25', region: 'north', population: 1.5 },
  '026': { code2025: '25', region: 'north', population: 1.2 },
  '027': { code2025: '24', region: 'north', population: 1.5 },
  '030': { code2025: '31', region: 'north', population: 1.95 },
  '031': { code2025: '31', region: 'north', population: 2.1 },
  '033': { code2025: '33', region: 'north', population: 1.3 },
  '034': { code2025: '33', region: 'north', population: 1.9 },
  '035': { code2025: '37', region: 'north', population: 0.88 },
  '036': { code2025: '37', region: 'north', population: 1.88 },
  '037': { code2025: '37', region: 'north', population: 1.0 },
  '038': { code2025: '38', region: 'north', population: 3.7 },
  '040': { code2025: '40', region: 'north', population: 3.4 },
  '042': { code2025: '42', region: 'north', population: 1.3 },
  '044': { code2025: '44', region: 'central', population: 0.9 },
  '045': { code2025: '44', region: 'central', population: 0.65 },
  '046': { code2025: '46', region: 'central', population: 1.16 },
  '048': { code2025: '48', region: 'central', population: 1.2 },
  '049': { code2025: '48', region: 'central', population: 1.5 },
  '051': { code2025: '51', region: 'central', population: 1.25 },
  '052': { code2025: '52', region: 'central', population: 1.5 },
  '054': { code2025: '66', region: 'central', population: 0.88 },
  '056': { code2025: '56', region: 'central', population: 1.25 },
  '058': { code2025: '56', region: 'central', population: 0.6 },
  '060': { code2025: '68', region: 'central', population: 1.25 },
  '062': { code2025: '51', region: 'central', population: 0.58 },
  '064': { code2025: '52', region: 'central', population: 1.6 },
  '066': { code2025: '66', region: 'central', population: 1.9 },
  '067': { code2025: '68', region: 'central', population: 0.67 },
  '068': { code2025: '68', region: 'central', population: 1.33 },
  '070': { code2025: '75', region: 'south', population: 1.03 },
  '072': { code2025: '80', region: 'south', population: 1.19 },
  '074': { code2025: '79', region: 'south', population: 2.7 },
  '075': { code2025: '75', region: 'south', population: 3.3 },
  '077': { code2025: '79', region: 'south', population: 1.18 },
  '079': { code2025: '79', region: 'south', population: 9.4 },
  '080': { code2025: '80', region: 'south', population: 1.73 },
  '082': { code2025: '82', region: 'south', population: 1.8 },
  '083': { code2025: '86', region: 'south', population: 1.3 },
  '084': { code2025: '86', region: 'south', population: 1.0 },
  '086': { code2025: '86', region: 'south', population: 1.0 },
  '087': { code2025: '82', region: 'south', population: 1.6 },
  '089': { code2025: '91', region: 'south', population: 1.9 },
  '091': { code2025: '91', region: 'south', population: 1.75 },
  '092': { code2025: '92', region: 'south', population: 1.25 },
  '093': { code2025: '92', region: 'south', population: 0.73 },
  '094': { code2025: '92', region: 'south', population: 1.2 },
  '095': { code2025: '96', region: 'south', population: 0.92 },
  '096': { code2025: '96', region: 'south', population: 1.2 },
})

/**
 * Old province codes weighted by population: where a synthetic citizen's birth was registered.
 *
 * @example
 * ```ts
 * pickWeighted(prng, OLD_PROVINCE_TABLE) // '079' about 9% of the time
 * ```
 */
export const OLD_PROVINCE_TABLE: WeightedTable<string> = weightedTable(
  Object.keys(OLD_PROVINCE_CODES).map((code) => [code, OLD_PROVINCE_FACTS[code]?.population ?? 0.5] as const),
)

/**
 * 2025 province codes weighted by population (the sum of the old provinces each absorbed): where people
 * who moved live now.
 *
 * @example
 * ```ts
 * pickWeighted(prng, PROVINCE_2025_TABLE) // '79' about 14% of the time
 * ```
 */
export const PROVINCE_2025_TABLE: WeightedTable<string> = weightedTable(
  Object.keys(PROVINCES_2025).map((code) => {
    let population = 0
    for (const facts of Object.values(OLD_PROVINCE_FACTS)) {
      if (facts.code2025 === code) population += facts.population
    }
    return [code, population] as const
  }),
)

/**
 * A few communes and wards (xã / phường) of each 2025 province. ILLUSTRATIVE: names in the style of the
 * 2025 two-level map (many new units took the name of a former town or district), not an authoritative
 * list, and without commune codes.
 *
 * @example
 * ```ts
 * LOCALITIES_2025['01']?.includes('Phường Hoàn Kiếm') // true
 * ```
 */
export const LOCALITIES_2025: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '01': [
    'Phường Hoàn Kiếm',
    'Phường Ba Đình',
    'Phường Cầu Giấy',
    'Phường Đống Đa',
    'Phường Hà Đông',
    'Phường Long Biên',
    'Xã Sóc Sơn',
    'Xã Đông Anh',
  ],
  '04': ['Phường Thục Phán', 'Phường Nùng Trí Cao', 'Xã Trùng Khánh', 'Xã Hòa An'],
  '08': ['Phường Minh Xuân', 'Phường Hà Giang', 'Xã Chiêm Hóa', 'Xã Đồng Văn'],
  '11': ['Phường Điện Biên Phủ', 'Phường Mường Lay', 'Xã Mường Ảng', 'Xã Tuần Giáo'],
  '12': ['Phường Tân Phong', 'Phường Đoàn Kết', 'Xã Sìn Hồ', 'Xã Than Uyên'],
  '14': ['Phường Tô Hiệu', 'Phường Chiềng Sinh', 'Xã Mộc Châu', 'Xã Mai Sơn'],
  '15': ['Phường Lào Cai', 'Phường Yên Bái', 'Phường Sa Pa', 'Xã Văn Bàn'],
  '19': ['Phường Phan Đình Phùng', 'Phường Bắc Kạn', 'Xã Đại Từ', 'Xã Phú Bình'],
  '20': ['Phường Tam Thanh', 'Phường Lương Văn Tri', 'Xã Cao Lộc', 'Xã Hữu Lũng'],
  '22': ['Phường Hạ Long', 'Phường Cẩm Phả', 'Phường Móng Cái', 'Xã Tiên Yên'],
  '24': ['Phường Kinh Bắc', 'Phường Bắc Giang', 'Phường Từ Sơn', 'Xã Lục Nam'],
  '25': ['Phường Việt Trì', 'Phường Vĩnh Yên', 'Phường Hòa Bình', 'Xã Tam Đảo'],
  '31': ['Phường Hồng Bàng', 'Phường Lê Chân', 'Phường Hải Dương', 'Xã Thủy Nguyên'],
  '33': ['Phường Phố Hiến', 'Phường Thái Bình', 'Xã Văn Giang', 'Xã Tiền Hải'],
  '37': ['Phường Hoa Lư', 'Phường Nam Định', 'Phường Phủ Lý', 'Xã Kim Sơn'],
  '38': ['Phường Hạc Thành', 'Phường Sầm Sơn', 'Xã Hoằng Hóa', 'Xã Thọ Xuân'],
  '40': ['Phường Thành Vinh', 'Phường Cửa Lò', 'Xã Diễn Châu', 'Xã Nam Đàn'],
  '42': ['Phường Thành Sen', 'Phường Hồng Lĩnh', 'Xã Can Lộc', 'Xã Kỳ Anh'],
  '44': ['Phường Đồng Hới', 'Phường Đông Hà', 'Xã Phong Nha', 'Xã Vĩnh Linh'],
  '46': ['Phường Thuận Hóa', 'Phường Phú Xuân', 'Phường Hương Thủy', 'Xã Phú Vang'],
  '48': ['Phường Hải Châu', 'Phường Sơn Trà', 'Phường Hội An', 'Phường Tam Kỳ', 'Xã Điện Bàn'],
  '51': ['Phường Cẩm Thành', 'Phường Kon Tum', 'Xã Bình Sơn', 'Xã Đức Phổ'],
  '52': ['Phường Pleiku', 'Phường Quy Nhơn', 'Xã Chư Sê', 'Xã Hoài Nhơn'],
  '56': ['Phường Nha Trang', 'Phường Cam Ranh', 'Phường Phan Rang', 'Xã Ninh Hòa'],
  '66': ['Phường Buôn Ma Thuột', 'Phường Tuy Hòa', 'Xã Krông Pắc', 'Xã Ea Kar'],
  '68': ['Phường Xuân Hương - Đà Lạt', 'Phường Bảo Lộc', 'Phường Phan Thiết', 'Xã Gia Nghĩa'],
  '75': ['Phường Trấn Biên', 'Phường Biên Hòa', 'Phường Đồng Xoài', 'Xã Long Thành'],
  '79': [
    'Phường Sài Gòn',
    'Phường Bến Thành',
    'Phường Tân Định',
    'Phường Chợ Lớn',
    'Phường Thủ Đức',
    'Phường Gò Vấp',
    'Phường Thủ Dầu Một',
    'Phường Vũng Tàu',
    'Xã Củ Chi',
    'Xã Cần Giờ',
  ],
  '80': ['Phường Tân Ninh', 'Phường Long An', 'Xã Bến Lức', 'Xã Trảng Bàng'],
  '82': ['Phường Cao Lãnh', 'Phường Mỹ Tho', 'Phường Sa Đéc', 'Xã Cái Bè'],
  '86': ['Phường Long Châu', 'Phường Bến Tre', 'Phường Trà Vinh', 'Xã Mỏ Cày'],
  '91': ['Phường Long Xuyên', 'Phường Rạch Giá', 'Phường Châu Đốc', 'Đặc khu Phú Quốc'],
  '92': ['Phường Ninh Kiều', 'Phường Cái Răng', 'Phường Sóc Trăng', 'Xã Phụng Hiệp'],
  '96': ['Phường An Xuyên', 'Phường Bạc Liêu', 'Xã Năm Căn', 'Xã Đầm Dơi'],
})

/**
 * The OLD province (before 1 July 2025) that a place in a 2025 province belonged to, for records dated
 * before the reform: the citizen's birth province when it was merged into that 2025 province, otherwise
 * the most populous old province merged into it. (Synthetic data: the real answer depends on the commune.)
 *
 * @example
 * ```ts
 * oldProvinceNameFor('44', '044') // 'Quảng Bình'
 * oldProvinceNameFor('79', '001') // 'TP Hồ Chí Minh'
 * ```
 */
export function oldProvinceNameFor(provinceCode2025: string, birthProvinceCode: string): string {
  if (OLD_PROVINCE_FACTS[birthProvinceCode]?.code2025 === provinceCode2025) {
    return OLD_PROVINCE_CODES[birthProvinceCode] ?? PROVINCES_2025[provinceCode2025] ?? ''
  }
  return LARGEST_OLD_PROVINCE_NAME.get(provinceCode2025) ?? PROVINCES_2025[provinceCode2025] ?? ''
}

/** For each 2025 province, the name of the most populous old province merged into it (the first on a tie). */
const LARGEST_OLD_PROVINCE_NAME: ReadonlyMap<string, string> = (() => {
  const largest = new Map<string, string>()
  for (const code2025 of new Set(Object.values(OLD_PROVINCE_FACTS).map((facts) => facts.code2025))) {
    let best: string | undefined
    for (const [code, facts] of Object.entries(OLD_PROVINCE_FACTS)) {
      if (facts.code2025 !== code2025) continue
      if (best === undefined || facts.population > OLD_PROVINCE_FACTS[best]!.population) best = code
    }
    const name = best === undefined ? undefined : OLD_PROVINCE_CODES[best]
    if (name !== undefined) largest.set(code2025, name)
  }
  return largest
})()

/** The day the two-level administration (34 provinces, no districts) took effect. */
export const REFORM_2025: string = '2025-07-01'
