import type { EducationLevel, IsoDate } from '@dinhdanh/client/schemas'
import { yearOf } from './calendar.js'
import { type Prng, pick, pickWeighted, randomInt, type WeightedTable, weightedTable } from './prng.js'
import type { EducationRecord } from './synthetic-citizen.js'

type Highest = EducationLevel | 'none'

/** Highest qualification reached, for people born after 1975. */
const HIGHEST_YOUNGER: WeightedTable<Highest> = weightedTable([
  ['none', 3],
  ['lower_secondary', 20],
  ['upper_secondary', 33],
  ['vocational', 9],
  ['college', 8],
  ['bachelor', 22],
  ['master', 4.3],
  ['doctorate', 0.7],
])
/** Highest qualification reached, for people born in 1975 and before. */
const HIGHEST_OLDER: WeightedTable<Highest> = weightedTable([
  ['none', 15],
  ['lower_secondary', 33],
  ['upper_secondary', 28],
  ['vocational', 8],
  ['college', 5],
  ['bachelor', 9],
  ['master', 1.6],
  ['doctorate', 0.4],
])

const SCHOOL_NAMES = [
  'Chu Văn An',
  'Lê Quý Đôn',
  'Nguyễn Du',
  'Trần Phú',
  'Phan Bội Châu',
  'Nguyễn Trãi',
  'Lê Hồng Phong',
  'Trần Quốc Tuấn',
  'Nguyễn Bỉnh Khiêm',
  'Lương Thế Vinh',
] as const

const UNIVERSITIES = [
  'Trường Đại học Bách khoa Hà Nội',
  'Trường Đại học Kinh tế Quốc dân',
  'Trường Đại học Y Hà Nội',
  'Trường Đại học Sư phạm Hà Nội',
  'Trường Đại học Ngoại thương',
  'Trường Đại học Vinh',
  'Trường Đại học Kinh tế, Đại học Huế',
  'Trường Đại học Bách khoa, Đại học Đà Nẵng',
  'Trường Đại học Kinh tế TP Hồ Chí Minh',
  'Trường Đại học Khoa học Tự nhiên, Đại học Quốc gia TP Hồ Chí Minh',
  'Trường Đại học Cần Thơ',
] as const

const COLLEGES = [
  'Trường Cao đẳng Kỹ thuật Cao Thắng',
  'Trường Cao đẳng Y tế Hà Nội',
  'Trường Cao đẳng Kinh tế - Kỹ thuật Cần Thơ',
  'Trường Cao đẳng Sư phạm Trung ương',
] as const

const FIELDS = [
  'Kinh tế',
  'Công nghệ thông tin',
  'Quản trị kinh doanh',
  'Luật',
  'Kế toán',
  'Ngôn ngữ Anh',
  'Kỹ thuật điện',
  'Sư phạm Toán học',
  'Điều dưỡng',
  'Tài chính - Ngân hàng',
] as const

const LEVEL_ORDER: readonly Highest[] = [
  'none',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college',
  'bachelor',
  'master',
  'doctorate',
]

function reaches(highest: Highest, level: Highest): boolean {
  return LEVEL_ORDER.indexOf(highest) >= LEVEL_ORDER.indexOf(level)
}

/**
 * The qualifications on record, lowest first, none awarded after `today` (diplomas count as awarded on
 * 30 June) nor after the schema's upper year bound: lower secondary at 15, upper secondary at 18, then at
 * most one of vocational, college or bachelor (and master, doctorate after a bachelor), with institutions
 * and titles in Vietnamese. Older generations reach lower levels more often.
 *
 * @example
 * ```ts
 * generateEducation(prng, '1990-05-17', '2026-07-01').map((entry) => entry.level)
 * // e.g. ['lower_secondary', 'upper_secondary', 'bachelor']
 * ```
 */
export function generateEducation(prng: Prng, birthDate: IsoDate, today: IsoDate): EducationRecord[] {
  const birthYear = yearOf(birthDate)
  const highest = pickWeighted(prng, birthYear > 1975 ? HIGHEST_YOUNGER : HIGHEST_OLDER)
  const field = pick(prng, FIELDS)
  const school = pick(prng, SCHOOL_NAMES)
  const records: EducationRecord[] = []
  // Diplomas count as awarded on 30 June: the last year whose diplomas are awarded by `today`.
  const lastYear = today.slice(5) >= '06-30' ? yearOf(today) : yearOf(today) - 1
  const add = (level: EducationLevel, qualification: string, institution: string, year: number): boolean => {
    if (year > 2200 || year > lastYear) return false
    records.push({ level, qualification, institution, year })
    return true
  }
  if (!reaches(highest, 'lower_secondary')) return records
  if (!add('lower_secondary', 'Bằng tốt nghiệp trung học cơ sở', `Trường THCS ${school}`, birthYear + 15)) {
    return records
  }
  if (!reaches(highest, 'upper_secondary')) return records
  if (
    !add('upper_secondary', 'Bằng tốt nghiệp trung học phổ thông', `Trường THPT ${school}`, birthYear + 18)
  ) {
    return records
  }
  if (highest === 'vocational') {
    add('vocational', `Trung cấp ${field}`, 'Trường Trung cấp Kinh tế - Kỹ thuật', birthYear + 20)
    return records
  }
  if (highest === 'college') {
    add('college', `Cao đẳng ${field}`, pick(prng, COLLEGES), birthYear + 21)
    return records
  }
  if (!reaches(highest, 'bachelor')) return records
  const university = pick(prng, UNIVERSITIES)
  const graduated = birthYear + 22 + randomInt(prng, 0, 2)
  if (!add('bachelor', `Cử nhân ${field}`, university, graduated)) return records
  if (!reaches(highest, 'master')) return records
  const master = graduated + randomInt(prng, 2, 6)
  if (!add('master', `Thạc sĩ ${field}`, university, master)) return records
  if (highest === 'doctorate')
    add('doctorate', `Tiến sĩ ${field}`, university, master + randomInt(prng, 3, 6))
  return records
}
