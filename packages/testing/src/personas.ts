import type { IsoDate, LocalizedText } from '@dinhdanh/client/schemas'
import { personasOn } from './personas-on.js'
import { REFERENCE_DATE } from './population/calendar.js'
import { type CitizenOptions, type CitizenOverrides, citizenFor } from './population/citizen-for.js'
import type { SyntheticCitizen } from './population/synthetic-citizen.js'

/**
 * A named citizen that exists for one test scenario: a personal ID number whose encoded sex and birth
 * year fit the story, what it demonstrates, and explicit overrides laid over the generated citizen.
 *
 * @example
 * ```ts
 * const persona: Persona = personas.level2Adult
 * persona.personalId // '001090001234'
 * ```
 */
export type Persona = {
  readonly personalId: string
  /** Short description in Vietnamese and English. */
  readonly description: LocalizedText
  /** The scenario the persona exists for (English, for test authors). */
  readonly scenario: string
  /** Applied on top of `citizenFor` by {@link citizenWithPersona}. */
  readonly overrides: CitizenOverrides
  /** For the NFD persona: the same name in Unicode NFD, to feed as input and prove normalisation. */
  readonly nameAsSuppliedNfd?: string
}

const NFD_NAME = 'Nguyễn Thị Ngọc Huyền'

/** Two COVID-19 doses and a booster of 2021-2022, at a commune health station named as it then was. */
function covidCampaign(vaccine: string, facility: string) {
  return [
    { vaccine, disease: 'COVID-19', dose: 1, date: '2021-08-10', facility },
    { vaccine, disease: 'COVID-19', dose: 2, date: '2021-09-20', facility },
    { vaccine: 'Comirnaty', disease: 'COVID-19', dose: 3, date: '2022-03-15', facility },
  ] as const
}

const LEVEL2_ADULT_ADDRESS = {
  formatted: '12 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội',
  street_address: '12 Tràng Tiền',
  locality: 'Phường Hoàn Kiếm',
  region: 'Hà Nội',
  country: 'VN',
  province_code: '01',
  legacy: false,
} as const

/**
 * The named personas: the same citizens in the mock provider, the msw kit and every test. Ages are on the
 * reference date 2026-07-01; each number encodes the persona's sex and birth year (digit 4: 0/1 = male/
 * female born 1900-1999, 2/3 = born 2000-2099; digits 5-6: the year). On another day use
 * `personasOn(today)`: the boundary personas, the children's birth years (and so their numbers) and the
 * dates of `level2Adult`'s card and `expiredLicence`'s licence follow the day.
 *
 * | persona | number | name | level | account | demonstrates |
 * |---|---|---|---|---|---|
 * | `level2Adult` | 001090001234 | Nguyễn Văn An | 2 | active | level-2 adult with a chip card, health insurance and a valid licence |
 * | `level1Adult` | 079195004321 | Trần Thị Bích Ngọc | 1 | active | level-1 account only: step-up to level 2 is refused |
 * | `awaitingActivation` | 048098001122 | Lê Minh Khoa | 1 | pending_activation | registered, SMS activation not done: sign-in refused, phone unverified |
 * | `locked` | 031185007788 | Phạm Thị Hương | 2 | locked | locked account: sign-in refused |
 * | `deceased` | 038052003344 | Lê Văn Thành | 2 | revoked | revoked number (deceased): sign-in refused, back-channel logout |
 * | `child10` | 001316005566 | Nguyễn Ngọc Bảo Anh | 1 | active | child of 10: level 1 only, no own phone so sign-in is refused, not over 18, no licence |
 * | `teen16` | 079210007788 | Huỳnh Gia Bảo | 2 | active | 16-year-old with level 2: not over 18 |
 * | `elderlyLegacyId` | 036045001357 | Phạm Văn Thọ | 2 | active | aged 80, old 9-digit CMND on the card, card that never expires |
 * | `noHealthInsurance` | 092099004455 | Võ Thanh Tùng | 2 | active | no health-insurance card: the claim is absent |
 * | `expiredLicence` | 001087002468 | Đỗ Quang Huy | 2 | active | driving licence expired on 2025-11-20 |
 * | `nfdName` | 040190002222 | Nguyễn Thị Ngọc Huyền | 2 | active | name supplied in NFD, stored in NFC |
 * | `healthInsuranceSourceDown` | 079301009999 | Lê Thị Thanh Trúc | 2 | active | health-insurance register unavailable |
 * | `toddler4NoAccount` | 079322003456 | Trần Ngọc Khánh Vy | 0 | none | child of 4 without an e-ID account |
 * | `turns18Today` | 001208001808 | Bùi Đức Minh | 2 | active | 18th birthday on the reference date: `age_over_18` true |
 * | `turns18Tomorrow` | 001308001809 | Đặng Thu Trang | 2 | active | 18 the day after: `age_over_18` false |
 *
 * @example
 * ```ts
 * const citizen = citizenWithPersona(personas.child10.personalId)!
 * citizen.age // 10
 * citizen.level // 1
 * ```
 */
export const personas = Object.freeze({
  level2Adult: {
    personalId: '001090001234',
    description: {
      vi: 'Nam, 36 tuổi, sống tại Hà Nội, tài khoản định danh mức 2',
      en: 'Man, 36, living in Hà Nội, level-2 e-ID account',
    },
    scenario: 'The happy path: level 2, chip card, current health insurance and a valid driving licence.',
    overrides: {
      fullName: 'Nguyễn Văn An',
      birthDate: '1990-05-17',
      level: 2,
      accountStatus: 'active',
      address: LEVEL2_ADULT_ADDRESS,
      permanentAddress: LEVEL2_ADULT_ADDRESS,
      // Fixed so the hospital demo always has doses to show (the generated record may be empty).
      vaccinations: covidCampaign('Vero Cell', 'Trạm Y tế phường Tràng Tiền'),
      healthInsurance: {
        number: '0101234567',
        legacy_code: 'DN4010101234567',
        benefit_level: 4,
        valid_from: '2026-01-01',
        valid_to: '2026-12-31',
      },
      drivingLicence: {
        classes: [
          { class: 'A1', issue_date: '2008-06-10' },
          { class: 'B', issue_date: '2019-03-01', expiry_date: '2029-03-01' },
        ],
        issued_by: 'Sở Giao thông vận tải Hà Nội',
      },
    },
  },
  level1Adult: {
    personalId: '079195004321',
    description: {
      vi: 'Nữ, 30 tuổi, sinh tại TP Hồ Chí Minh, chỉ có tài khoản mức 1',
      en: 'Woman, 30, born in TP Hồ Chí Minh, level-1 account only',
    },
    scenario: 'Services that require level 2 (acr "2") must refuse her or ask for a step-up.',
    overrides: { fullName: 'Trần Thị Bích Ngọc', birthDate: '1995-09-02', level: 1, accountStatus: 'active' },
  },
  awaitingActivation: {
    personalId: '048098001122',
    description: {
      vi: 'Nam, 27 tuổi, sinh tại Đà Nẵng, đã đăng ký nhưng chưa kích hoạt qua SMS',
      en: 'Man, 27, born in Đà Nẵng, registered but not yet activated by SMS',
    },
    scenario: 'Sign-in is refused until activation; the phone number is not verified.',
    overrides: {
      fullName: 'Lê Minh Khoa',
      birthDate: '1998-12-03',
      level: 1,
      accountStatus: 'pending_activation',
    },
  },
  locked: {
    personalId: '031185007788',
    description: {
      vi: 'Nữ, 41 tuổi, sinh tại Hải Phòng, tài khoản bị khóa',
      en: 'Woman, 41, born in Hải Phòng, account locked',
    },
    scenario: 'Sign-in is refused with an account-locked error.',
    overrides: { fullName: 'Phạm Thị Hương', birthDate: '1985-04-20', level: 2, accountStatus: 'locked' },
  },
  deceased: {
    personalId: '038052003344',
    description: {
      vi: 'Nam, sinh năm 1952 tại Thanh Hóa, đã mất: số định danh bị thu hồi',
      en: 'Man born 1952 in Thanh Hóa, deceased: number revoked',
    },
    scenario: 'Sign-in is refused; sessions already open should be ended (back-channel logout).',
    overrides: { fullName: 'Lê Văn Thành', birthDate: '1952-08-15', level: 2, accountStatus: 'revoked' },
  },
  child10: {
    personalId: '001316005566',
    description: {
      vi: 'Bé gái 10 tuổi, sinh tại Hà Nội, tài khoản mức 1',
      en: 'Girl of 10, born in Hà Nội, level-1 account',
    },
    scenario:
      'Ages 6-13 get level 1 only and have no mobile number of their own, so sign-in is refused (a child uses a guardian’s account, not simulated); not over 18; no driving licence; health insurance as a pupil.',
    overrides: {
      fullName: 'Nguyễn Ngọc Bảo Anh',
      birthDate: '2016-03-08',
      level: 1,
      accountStatus: 'active',
    },
  },
  teen16: {
    personalId: '079210007788',
    description: {
      vi: 'Nam, 16 tuổi, sinh tại TP Hồ Chí Minh, tài khoản mức 2',
      en: 'Boy of 16, born in TP Hồ Chí Minh, level-2 account',
    },
    scenario: 'Level 2 from 14 with a chip card, yet not over 18: age-restricted purchases are refused.',
    overrides: { fullName: 'Huỳnh Gia Bảo', birthDate: '2010-02-14', level: 2, accountStatus: 'active' },
  },
  elderlyLegacyId: {
    personalId: '036045001357',
    description: {
      vi: 'Nam, 80 tuổi, sinh tại Nam Định, còn số chứng minh nhân dân 9 số cũ',
      en: 'Man, 80, born in Nam Định, still has an old 9-digit ID (CMND)',
    },
    scenario: 'id_card carries legacy_id_number; the card was issued after 60 and never expires.',
    overrides: {
      fullName: 'Phạm Văn Thọ',
      birthDate: '1945-10-02',
      level: 2,
      accountStatus: 'active',
      idCard: { legacy_id_number: '160123456' },
    },
  },
  noHealthInsurance: {
    personalId: '092099004455',
    description: {
      vi: 'Nam, 26 tuổi, sinh tại Cần Thơ, không có thẻ bảo hiểm y tế',
      en: 'Man, 26, born in Cần Thơ, no health-insurance card',
    },
    scenario: 'The health_insurance claim is absent even when the scope is granted.',
    overrides: {
      vaccinations: covidCampaign('Vaxzevria', 'Trạm Y tế phường An Hòa'),
      fullName: 'Võ Thanh Tùng',
      birthDate: '1999-07-21',
      level: 2,
      accountStatus: 'active',
      healthInsurance: null,
    },
  },
  expiredLicence: {
    personalId: '001087002468',
    description: {
      vi: 'Nam, 39 tuổi, sinh tại Hà Nội, giấy phép lái xe hạng B đã hết hạn',
      en: 'Man, 39, born in Hà Nội, class B driving licence expired',
    },
    scenario: 'The licence is released but expired on 2025-11-20, before the reference date.',
    overrides: {
      fullName: 'Đỗ Quang Huy',
      birthDate: '1987-01-30',
      level: 2,
      accountStatus: 'active',
      drivingLicence: {
        classes: [{ class: 'B', issue_date: '2015-11-20', expiry_date: '2025-11-20' }],
        issued_by: 'Sở Giao thông vận tải Hà Nội',
      },
    },
  },
  nfdName: {
    personalId: '040190002222',
    description: {
      vi: 'Nữ, 35 tuổi, sinh tại Nghệ An, tên nhiều dấu được nhập ở dạng NFD',
      en: 'Woman, 35, born in Nghệ An, heavily accented name supplied in NFD',
    },
    scenario: 'Feed nameAsSuppliedNfd as input: it must compare equal to the stored NFC name.',
    overrides: { fullName: NFD_NAME, birthDate: '1990-11-11', level: 2, accountStatus: 'active' },
    nameAsSuppliedNfd: NFD_NAME.normalize('NFD'),
  },
  healthInsuranceSourceDown: {
    personalId: '079301009999',
    description: {
      vi: 'Nữ, 25 tuổi, sinh tại TP Hồ Chí Minh, hệ thống bảo hiểm y tế không phản hồi',
      en: 'Woman, 25, born in TP Hồ Chí Minh, health-insurance register not answering',
    },
    scenario: 'She holds a card, but its source is unavailable: the provider fails that attribute only.',
    overrides: {
      fullName: 'Lê Thị Thanh Trúc',
      birthDate: '2001-06-05',
      level: 2,
      accountStatus: 'active',
      healthInsurance: {},
      sources: { health_insurance: 'unavailable' },
    },
  },
  toddler4NoAccount: {
    personalId: '079322003456',
    description: {
      vi: 'Bé gái 4 tuổi, sinh tại TP Hồ Chí Minh, chưa có tài khoản định danh',
      en: 'Girl of 4, born in TP Hồ Chí Minh, no e-ID account',
    },
    scenario: 'Level 0: there is no account to sign in with (under 6, level 1 only on request).',
    overrides: { fullName: 'Trần Ngọc Khánh Vy', birthDate: '2022-01-19', level: 0, accountStatus: 'none' },
  },
  turns18Today: {
    personalId: '001208001808',
    description: {
      vi: 'Nam, sinh tại Hà Nội, tròn 18 tuổi đúng ngày tham chiếu',
      en: 'Young man born in Hà Nội, turning 18 on the reference date',
    },
    scenario: 'Boundary: the 18th birthday counts, so age_over_18 is true on 2026-07-01.',
    overrides: { fullName: 'Bùi Đức Minh', birthDate: '2008-07-01', level: 2, accountStatus: 'active' },
  },
  turns18Tomorrow: {
    personalId: '001308001809',
    description: {
      vi: 'Nữ, sinh tại Hà Nội, tròn 18 tuổi một ngày sau ngày tham chiếu',
      en: 'Young woman born in Hà Nội, turning 18 the day after the reference date',
    },
    scenario: 'Boundary: age_over_18 is false on 2026-07-01 and true from 2026-07-02.',
    overrides: { fullName: 'Đặng Thu Trang', birthDate: '2008-07-02', level: 2, accountStatus: 'active' },
  },
} as const satisfies Readonly<Record<string, Persona>>)

/**
 * The name (key in {@link personas}) of a persona.
 *
 * @example
 * ```ts
 * const name: PersonaName = 'child10'
 * ```
 */
export type PersonaName = keyof typeof personas

/** Persona names by number on one day (the last day asked for is kept: the mock asks about one day at a time). */
function personasByIdOn(
  personasOfDay: { readonly [Name in PersonaName]: Persona },
): Map<string, PersonaName> {
  return new Map(
    (Object.keys(personasOfDay) as PersonaName[]).map((name) => [personasOfDay[name].personalId, name]),
  )
}

const PERSONA_BY_ID: ReadonlyMap<string, PersonaName> = personasByIdOn(personas)
let lastDay: { readonly today: IsoDate; readonly byId: ReadonlyMap<string, PersonaName> } | undefined

/**
 * The persona with a personal ID number on a day, with its name, or `undefined` when the number is not a
 * persona's that day. `today` defaults to the reference date (2026-07-01, {@link personas}); on another day
 * the personas are those of `personasOn(today)`, whose boundary and children's numbers follow the year
 * (docs/decisions/0005-one-clock-for-population-and-screens.md).
 *
 * @throws {RangeError} when `today` is not a real `YYYY-MM-DD` date.
 * @example
 * ```ts
 * personaFor('079301009999')?.name // 'healthInsuranceSourceDown'
 * personaFor('001090009999') // undefined
 * personaFor('001209001808', '2027-03-01')?.name // 'turns18Today' (born 2009-03-01)
 * personaFor('001208001808', '2027-03-01') // undefined: that day he is someone born in 2008
 * ```
 */
export function personaFor(
  personalId: string,
  today: IsoDate = REFERENCE_DATE,
): (Persona & { readonly name: PersonaName }) | undefined {
  if (today === REFERENCE_DATE) {
    const name = PERSONA_BY_ID.get(personalId)
    return name === undefined ? undefined : { name, ...personas[name] }
  }
  const ofDay = personasOn(today)
  if (lastDay?.today !== today) lastDay = { today, byId: personasByIdOn(ofDay) }
  const name = lastDay.byId.get(personalId)
  return name === undefined ? undefined : { name, ...ofDay[name] }
}

/**
 * The citizen behind a number with the persona's overrides applied when the number is a persona's on
 * `options.today` (see {@link personaFor}), and the plain generated citizen otherwise: what the mock
 * provider and the msw kit serve. Overrides passed in `options` are laid over the persona's.
 *
 * @example
 * ```ts
 * citizenWithPersona('048098001122')?.account.status // 'pending_activation'
 * citizenWithPersona('001090009999') // the same as citizenFor('001090009999')
 * citizenWithPersona(personas.child10.personalId, { today: '2026-12-31' })?.age // 10
 * const onTheDay = personasOn('2027-03-01')
 * citizenWithPersona(onTheDay.turns18Tomorrow.personalId, { today: '2027-03-01' })?.ageOver18 // false
 * ```
 */
export function citizenWithPersona(
  personalId: string,
  options: CitizenOptions = {},
): SyntheticCitizen | undefined {
  const persona = personaFor(personalId, options.today)
  if (persona === undefined) return citizenFor(personalId, options)
  return citizenFor(personalId, { ...options, overrides: { ...persona.overrides, ...options.overrides } })
}

/**
 * The personas as a Markdown table (persona, number, name, level, account, age, what it demonstrates) on
 * `options.today` (the reference date by default, numbers from `personasOn`),
 * computed from the citizens themselves so it cannot drift; the mock provider's README prints it.
 *
 * @example
 * ```ts
 * console.log(personasMarkdown())
 * // | persona | number | name | level | account | age | demonstrates |
 * // |---|---|---|---|---|---|---|
 * // | `level2Adult` | 001090001234 | Nguyễn Văn An | 2 | active | 36 | ... |
 * ```
 */
export function personasMarkdown(options: Pick<CitizenOptions, 'seed' | 'today'> = {}): string {
  const lines = [
    '| persona | number | name | level | account | age | demonstrates |',
    '|---|---|---|---|---|---|---|',
  ]
  const ofDay = personasOn(options.today ?? REFERENCE_DATE)
  for (const name of Object.keys(ofDay) as PersonaName[]) {
    const persona: Persona = ofDay[name]
    const citizen = citizenWithPersona(persona.personalId, options)
    if (citizen === undefined) continue
    lines.push(
      `| \`${name}\` | ${persona.personalId} | ${citizen.fullName} | ${citizen.level} | ${citizen.account.status} | ${citizen.age} | ${persona.description.en}. ${persona.scenario} |`,
    )
  }
  return lines.join('\n')
}
