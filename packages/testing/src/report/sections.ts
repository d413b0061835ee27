import { type IsoDate, mobileCarrierOf } from '@dinhdanh/client/schemas'
import type { SyntheticCitizen } from '../population/synthetic-citizen.js'
import * as ref from './references.js'
import { REALISM_TOLERANCES, type ReportRow, type ReportSection } from './report-types.js'

// The tables of the realism report, one function each; realism-report.ts puts them together.

type Draft = Omit<ReportRow, 'tolerance' | 'ok' | 'unit' | 'reference'> & {
  unit?: 'years'
  reference?: number | undefined
}

function share(
  id: string,
  label: string,
  among: readonly SyntheticCitizen[],
  test: (citizen: SyntheticCitizen) => boolean,
  reference?: number,
): Draft {
  let count = 0
  for (const citizen of among) if (test(citizen)) count++
  return { id, label, value: among.length === 0 ? 0 : count / among.length, of: among.length, reference }
}

function checked(draft: Draft): ReportRow {
  const { reference, unit, ...rest } = draft
  const row = { ...rest, unit: unit ?? 'share', ...(reference === undefined ? {} : { reference }) } as const
  const tolerance = REALISM_TOLERANCES[draft.id]
  if (tolerance === undefined) return row
  return {
    ...row,
    tolerance,
    ...(draft.of === 0 ? {} : { ok: draft.value >= tolerance.min && draft.value <= tolerance.max }),
  }
}

const birthYear = (citizen: SyntheticCitizen) => Number(citizen.birthDate.slice(0, 4))
const firstMiddle = (citizen: SyntheticCitizen) => citizen.middleName?.split(' ')[0]
const aged = (citizens: readonly SyntheticCitizen[], from: number, to: number) =>
  citizens.filter((citizen) => citizen.age >= from && citizen.age <= to)
const hasDose = (citizen: SyntheticCitizen, disease: RegExp) =>
  citizen.vaccinations.some((dose) => disease.test(dose.disease))
const percent = (value: number) => value / 100

function section(id: string, title: string, source: string, drafts: readonly Draft[]): ReportSection {
  return { id, title, source, rows: drafts.map(checked) }
}

export function sexAndAge(citizens: readonly SyntheticCitizen[]): ReportSection {
  const ages = citizens.map((citizen) => citizen.age).sort((a, b) => a - b)
  const median = ages.length === 0 ? 0 : ages[Math.floor(ages.length / 2)]!
  return section('sex-age', 'Sex and age', ref.CENSUS_2019, [
    share('sex.male', 'men', citizens, (c) => c.gender === 'male', percent(ref.MALE_PERCENT)),
    {
      id: 'age.median',
      label: 'median age',
      unit: 'years',
      value: median,
      of: citizens.length,
      reference: ref.MEDIAN_AGE,
    },
  ])
}

export function familyNames(citizens: readonly SyntheticCitizen[]): ReportSection {
  const listed = new Set(ref.FAMILY_NAME_REFERENCE.flatMap(([, names]) => names))
  const rows = ref.FAMILY_NAME_REFERENCE.map(([label, names, reference]) =>
    share(`family.${label}`, label, citizens, (c) => names.includes(c.familyName), percent(reference)),
  )
  const rest = share('family.others', 'all other family names', citizens, (c) => !listed.has(c.familyName))
  return section('family-names', 'Family names (whole population)', ref.FAMILY_NAME_SOURCE, [...rows, rest])
}

export function middleNames(citizens: readonly SyntheticCitizen[]): ReportSection {
  const drafts: Draft[] = []
  for (const [cohort, from, to] of ref.COHORTS) {
    const born = citizens.filter((c) => birthYear(c) >= from && birthYear(c) <= to)
    const men = born.filter((c) => c.gender === 'male')
    const women = born.filter((c) => c.gender === 'female')
    drafts.push(share(`middle.Văn.${cohort}`, `men ${cohort}: Văn`, men, (c) => firstMiddle(c) === 'Văn'))
    drafts.push(share(`middle.Thị.${cohort}`, `women ${cohort}: Thị`, women, (c) => firstMiddle(c) === 'Thị'))
    const counts = new Map<string, number>()
    for (const citizen of born) {
      const middle = firstMiddle(citizen)
      if (middle !== undefined && middle !== 'Văn' && middle !== 'Thị')
        counts.set(middle, (counts.get(middle) ?? 0) + 1)
    }
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi')).slice(0, 3)
    for (const [name] of top) {
      drafts.push(
        share(`middle.other.${cohort}.${name}`, `  ${cohort}: ${name}`, born, (c) => firstMiddle(c) === name),
      )
    }
  }
  drafts.push(
    share('middle.repeats-family', 'middle name repeats the family name', citizens, (c) =>
      (c.middleName?.split(' ') ?? []).includes(c.familyName),
    ),
  )
  return section('middle-names', 'Middle names by birth cohort (first word)', ref.MIDDLE_NAME_SOURCE, drafts)
}

export function ethnicity(citizens: readonly SyntheticCitizen[]): ReportSection {
  const minority = (c: SyntheticCitizen) => c.ethnicity !== undefined && c.ethnicity.name !== 'Kinh'
  const northern = citizens.filter((c) => ref.NORTHERN_MOUNTAIN_PROVINCES.includes(c.birthplace.provinceCode))
  const drafts: Draft[] = [
    share(
      'ethnicity.kinh',
      'Kinh (whole population)',
      citizens,
      (c) => c.ethnicity?.name === 'Kinh',
      percent(ref.KINH_PERCENT),
    ),
    share(
      'religion.none',
      'religion "Không"',
      citizens,
      (c) => c.religion === 'Không',
      percent(ref.NO_RELIGION_PERCENT),
    ),
    share(
      'ethnicity.northern-mountains',
      'minority, born in the 8 northern mountain provinces',
      northern,
      minority,
      percent(ref.NORTHERN_MOUNTAIN_MINORITY_PERCENT),
    ),
  ]
  for (const [code, province, reference] of ref.MINORITY_SHARE_REFERENCE) {
    const born = citizens.filter((c) => c.birthplace.provinceCode === code)
    drafts.push(
      share(`ethnicity.${code}`, `minority, born in ${province}`, born, minority, percent(reference)),
    )
  }
  return section('ethnicity', 'Ethnicity and religion', ref.CENSUS_2019, drafts)
}

export function addresses(citizens: readonly SyntheticCitizen[]): ReportSection {
  const drafts = ref.ADDRESS_SHARE_REFERENCE.map(([code, province, reference]) =>
    share(
      `address.${code}`,
      `current address in ${province}`,
      citizens,
      (c) => c.address.province_code === code,
      percent(reference),
    ),
  )
  drafts.push(
    share(
      'address.same',
      'current address = permanent address',
      citizens,
      (c) => c.address.formatted === c.permanentAddress.formatted,
    ),
  )
  return section('addresses', 'Current addresses by 2025 province', ref.ADDRESS_SOURCE, drafts)
}

export function phones(citizens: readonly SyntheticCitizen[]): ReportSection[] {
  const numbers = citizens.flatMap((c) => (c.phone?.number === undefined ? [] : [c.phone.number]))
  const carriers = numbers.map((number) => mobileCarrierOf(number) ?? 'unknown')
  const carrierShare = (
    id: string,
    label: string,
    test: (carrier: string) => boolean,
    reference?: number,
  ): Draft => ({
    id,
    label,
    value: carriers.length === 0 ? 0 : carriers.filter(test).length / carriers.length,
    of: carriers.length,
    reference,
  })
  const main = new Set(['Viettel', 'Vinaphone', 'MobiFone'])
  const carrierRows = ref.CARRIER_SHARE_REFERENCE.map(([carrier, reference]) =>
    carrier === 'others'
      ? carrierShare('carrier.others', 'others', (c) => !main.has(c) && c !== 'unknown', percent(reference))
      : carrierShare(`carrier.${carrier}`, carrier, (c) => c === carrier, percent(reference)),
  )
  carrierRows.push(carrierShare('carrier.unknown', 'prefix of no carrier', (c) => c === 'unknown'))
  const coverage = ref.AGE_BANDS.map(([band, from, to]) =>
    share(`phone.${band}`, `aged ${band}`, aged(citizens, from, to), (c) => c.phone?.number !== undefined),
  )
  return [
    section('carriers', 'Mobile carriers (of the numbers)', ref.CARRIER_SOURCE, carrierRows),
    section('phones', 'Mobile number on record, by age', ref.PHONE_SOURCE, coverage),
  ]
}

export function idCards(citizens: readonly SyntheticCitizen[], today: IsoDate): ReportSection {
  const cards = citizens.filter((c) => c.idCard !== undefined)
  const over60 = cards.filter((c) => c.age >= 60)
  return section('id-cards', 'Chip ID cards', ref.ID_CARD_SOURCE, [
    share(
      'id-card.holders-14+',
      'holders among those 14+',
      aged(citizens, 14, 200),
      (c) => c.idCard !== undefined,
      percent(ref.ID_CARD_HOLDERS_14_PLUS_PERCENT),
    ),
    share(
      'id-card.holders-under-14',
      'holders among those under 14',
      aged(citizens, 0, 13),
      (c) => c.idCard !== undefined,
    ),
    share(
      'id-card.kind.CCCD',
      'kind CCCD (issued before 2024-07-01)',
      cards,
      (c) => c.idCard?.kind === 'CCCD',
    ),
    share('id-card.kind.CC', 'kind CC (issued since 2024-07-01)', cards, (c) => c.idCard?.kind === 'CC'),
    share('id-card.expired', `expired on ${today}`, cards, (c) => (c.idCard?.expiry_date ?? '9999') < today),
    share(
      'id-card.no-expiry-60+',
      'never expires, among holders 60+',
      over60,
      (c) => c.idCard?.expiry_date === undefined,
    ),
    share(
      'id-card.legacy-cmnd',
      'old 9-digit CMND on record',
      cards,
      (c) => c.idCard?.legacy_id_number !== undefined,
    ),
  ])
}

export function licences(citizens: readonly SyntheticCitizen[], today: IsoDate): ReportSection {
  const holders = citizens.filter((c) => c.drivingLicence !== undefined)
  const classes = new Map<string, number>()
  for (const citizen of holders)
    for (const entry of citizen.drivingLicence!.classes)
      classes.set(entry.class, (classes.get(entry.class) ?? 0) + 1)
  const drafts: Draft[] = [
    share(
      'licence.holders-18+',
      'holders among adults',
      aged(citizens, 18, 200),
      (c) => c.drivingLicence !== undefined,
      percent(ref.LICENCE_HOLDERS_ADULT_PERCENT),
    ),
    share(
      'licence.holders-under-18',
      'holders among minors',
      aged(citizens, 0, 17),
      (c) => c.drivingLicence !== undefined,
    ),
    share('licence.expired', `every class expired on ${today}`, holders, (c) =>
      c.drivingLicence!.classes.every(
        (entry) => entry.expiry_date !== undefined && entry.expiry_date < today,
      ),
    ),
  ]
  for (const [name] of [...classes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    drafts.push(
      share(`licence.class.${name}`, `class ${name}`, holders, (c) =>
        c.drivingLicence!.classes.some((entry) => entry.class === name),
      ),
    )
  }
  return section('licences', 'Driving licences (classes: share of holders)', ref.LICENCE_SOURCE, drafts)
}

export function vaccines(citizens: readonly SyntheticCitizen[]): ReportSection {
  const expected = percent(ref.CHILD_VACCINE_COVERAGE_PERCENT)
  const drafts: Draft[] = []
  for (const [band, from, to] of ref.AGE_BANDS) {
    const group = aged(citizens, from, to)
    drafts.push(
      share(
        `vaccine.BCG.${band}`,
        `aged ${band}: BCG (tuberculosis)`,
        group,
        (c) => hasDose(c, /^Lao$/u),
        from < 6 ? expected : undefined,
      ),
    )
    drafts.push(
      share(
        `vaccine.measles.${band}`,
        `aged ${band}: measles`,
        group,
        (c) => hasDose(c, /Sởi/u),
        from < 6 ? expected : undefined,
      ),
    )
    drafts.push(
      share(
        `vaccine.dtp.${band}`,
        `aged ${band}: diphtheria-tetanus-pertussis`,
        group,
        (c) => hasDose(c, /Bạch hầu/u),
        from < 6 ? expected : undefined,
      ),
    )
    drafts.push(
      share(`vaccine.je.${band}`, `aged ${band}: Japanese encephalitis`, group, (c) =>
        hasDose(c, /Viêm não Nhật Bản/u),
      ),
    )
    drafts.push(
      share(
        `vaccine.covid.${band}`,
        `aged ${band}: COVID-19 (a dose)`,
        group,
        (c) => hasDose(c, /COVID/u),
        from >= 18 ? expected : undefined,
      ),
    )
  }
  return section('vaccines', 'Vaccines by age (at least one dose)', ref.VACCINE_SOURCE, drafts)
}

export function records(citizens: readonly SyntheticCitizen[]): ReportSection {
  const counts = new Map<string, number>()
  for (const citizen of citizens) counts.set(citizen.fullName, (counts.get(citizen.fullName) ?? 0) + 1)
  return section('names-insurance', 'Full names and health insurance', ref.HEALTH_INSURANCE_SOURCE, [
    share(
      'names.shared',
      'full name shared with another citizen of the sample',
      citizens,
      (c) => counts.get(c.fullName)! > 1,
    ),
    share(
      'health-insurance.holders',
      'health-insurance card holders',
      citizens,
      (c) => c.healthInsurance !== undefined,
      percent(ref.HEALTH_INSURANCE_PERCENT),
    ),
  ])
}
