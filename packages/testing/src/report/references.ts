/**
 * Reference figures the realism report sets the synthetic population against, each with its source.
 * They are rounded public figures, written down independently of the generator's own tables so that the
 * report checks the generator instead of repeating it. Where no published figure was found the row says
 * `assumption` and the figure is this kit's judgement, to be replaced when a source turns up.
 *
 * @module
 */

/**
 * Where a reference figure comes from: a citation, or `assumption: …` when it is a judgement.
 *
 * @example
 * ```ts
 * const source: ReferenceSource = 'Tổng điều tra dân số và nhà ở 2019 (GSO)'
 * ```
 */
export type ReferenceSource = string

/** The 2019 Population and Housing Census, General Statistics Office (Tổng cục Thống kê). */
export const CENSUS_2019: ReferenceSource =
  'Tổng điều tra dân số và nhà ở năm 2019, Tổng cục Thống kê (General Statistics Office): kết quả toàn bộ'

/**
 * Family-name shares (percent of the whole population). Source: the commonly quoted estimate of Lê Trung
 * Hoa, "Họ và tên người Việt Nam" (NXB Khoa học Xã hội, 2005), as summarised in ../shared/DOMAIN.md and in
 * Wikipedia's "Vietnamese name". Hoàng/Huỳnh and Vũ/Võ are one name each there (northern and southern
 * forms), so the report adds them up too. The estimate predates the census and covers every ethnic
 * group only roughly: treat it as ±20% of each figure.
 */
export const FAMILY_NAME_REFERENCE: readonly (readonly [
  label: string,
  names: readonly string[],
  percent: number,
])[] = [
  ['Nguyễn', ['Nguyễn'], 38],
  ['Trần', ['Trần'], 11],
  ['Lê', ['Lê'], 9.5],
  ['Phạm', ['Phạm'], 7],
  ['Hoàng + Huỳnh', ['Hoàng', 'Huỳnh'], 5.1],
  ['Phan', ['Phan'], 4.5],
  ['Vũ + Võ', ['Vũ', 'Võ'], 3.9],
  ['Đặng', ['Đặng'], 2.1],
  ['Bùi', ['Bùi'], 2],
  ['Đỗ', ['Đỗ'], 1.4],
  ['Hồ', ['Hồ'], 1.3],
  ['Ngô', ['Ngô'], 1.3],
  ['Dương', ['Dương'], 1],
  ['Lý', ['Lý'], 0.5],
]
export const FAMILY_NAME_SOURCE: ReferenceSource =
  'Lê Trung Hoa, "Họ và tên người Việt Nam" (2005), as quoted in ../shared/DOMAIN.md and Wikipedia "Vietnamese name"'

/**
 * Middle names by birth cohort: the traditional Văn (men) and Thị (women) give way to other middle names in
 * younger cohorts. No published table by cohort was found: the figures are an ASSUMPTION (most people born
 * before 1960 carry Văn/Thị; a minority of those born since 2000), consistent with the trend DOMAIN.md
 * describes.
 */
export const MIDDLE_NAME_SOURCE: ReferenceSource =
  'assumption: Văn/Thị for most people born before 1960, a minority of those born since 2000 (no published cohort table found)'

/** Birth cohorts of the middle-name table (inclusive years). */
export const COHORTS: readonly (readonly [label: string, from: number, to: number])[] = [
  ['born before 1960', 1900, 1959],
  ['born 1960-1979', 1960, 1979],
  ['born 1980-1999', 1980, 1999],
  ['born since 2000', 2000, 2399],
]

/**
 * Ethnic-minority share of residents by OLD province (percent), rounded from the 2019 census's tables of
 * population by ethnicity and province; nationally Kinh 85.3%. The report groups citizens by the province
 * of birth registration (the ID prefix), which is close to, not the same as, residence.
 */
export const MINORITY_SHARE_REFERENCE: readonly (readonly [
  code: string,
  province: string,
  percent: number,
])[] = [
  ['002', 'Hà Giang', 88],
  ['004', 'Cao Bằng', 95],
  ['010', 'Lào Cai', 65],
  ['011', 'Điện Biên', 82],
  ['012', 'Lai Châu', 85],
  ['014', 'Sơn La', 83],
  ['015', 'Yên Bái', 56],
  ['017', 'Hòa Bình', 74],
  ['020', 'Lạng Sơn', 83],
  ['062', 'Kon Tum', 54],
  ['064', 'Gia Lai', 47],
  ['066', 'Đắk Lắk', 33],
  ['084', 'Trà Vinh', 32],
  ['094', 'Sóc Trăng', 36],
]
/** The eight northern mountain provinces issue 14 measured (none of their citizens had a minority name). */
export const NORTHERN_MOUNTAIN_PROVINCES: readonly string[] = [
  '002',
  '004',
  '010',
  '011',
  '012',
  '014',
  '015',
  '020',
]
/** Population-weighted minority share of {@link NORTHERN_MOUNTAIN_PROVINCES} (2019 census, rounded). */
export const NORTHERN_MOUNTAIN_MINORITY_PERCENT = 78
/** Kinh share of the whole population (2019 census). */
export const KINH_PERCENT = 85.3
/** Share with no religion ("Không"), 2019 census (13.7% follow a recognised religion). */
export const NO_RELIGION_PERCENT = 86.3

/**
 * Current-address shares of the 2025 provinces (percent of about 101.3 million, GSO 2024 estimate), with
 * the merged provinces' populations as announced with Resolution 202/2025/QH15 (rounded). TP Hồ Chí Minh
 * (with old Bình Dương and Bà Rịa-Vũng Tàu) about 14.0 million, Hà Nội 8.7 million, Hải Phòng (with Hải
 * Dương) 4.7 million, Đồng Nai (with Bình Phước) 4.5 million, Cần Thơ (with Sóc Trăng and Hậu Giang) 4.2
 * million, Đà Nẵng (with Quảng Nam) 3.1 million.
 */
export const ADDRESS_SHARE_REFERENCE: readonly (readonly [
  code: string,
  province: string,
  percent: number,
])[] = [
  ['79', 'TP Hồ Chí Minh', 13.8],
  ['01', 'Hà Nội', 8.6],
  ['31', 'Hải Phòng', 4.6],
  ['75', 'Đồng Nai', 4.4],
  ['92', 'Cần Thơ', 4.1],
  ['48', 'Đà Nẵng', 3.0],
]
export const ADDRESS_SOURCE: ReferenceSource =
  'GSO 2024 population estimate (101.3 million) and the merged provinces of Resolution 202/2025/QH15 (rounded)'

/**
 * Mobile subscriber shares (percent), after the Ministry of Information and Communications' telecom market
 * reports for 2022-2023 (Sách Trắng CNTT-TT): Viettel about 54%, VNPT-Vinaphone about 25%, MobiFone about
 * 18%, the rest (Vietnamobile, Gmobile, virtual operators) about 3%.
 */
export const CARRIER_SHARE_REFERENCE: readonly (readonly [carrier: string, percent: number])[] = [
  ['Viettel', 54],
  ['Vinaphone', 25],
  ['MobiFone', 18],
  ['others', 3],
]
export const CARRIER_SOURCE: ReferenceSource =
  'Bộ Thông tin và Truyền thông, Sách Trắng CNTT-TT 2022-2023 (rounded)'

/** Age bands of the phone, card and vaccine tables (inclusive ages). */
export const AGE_BANDS: readonly (readonly [label: string, from: number, to: number])[] = [
  ['0-5', 0, 5],
  ['6-13', 6, 13],
  ['14-17', 14, 17],
  ['18-59', 18, 59],
  ['60+', 60, 200],
]
export const PHONE_SOURCE: ReferenceSource =
  'assumption: no mobile number of their own under 6 (a SIM is registered to an identity document, Decree 163/2024); nearly every adult has one'

/**
 * Chip-card holders: the Ministry of Public Security reported over 85 million chip cards issued by 2024,
 * which is nearly everyone of the 80-odd million citizens of 14 and over (Law on Identification 2023 Art.
 * 19: the card is compulsory from 14).
 */
export const ID_CARD_SOURCE: ReferenceSource =
  'Bộ Công an: over 85 million chip cards by 2024; compulsory from 14 (Luật Căn cước 2023 Art. 19)'
export const ID_CARD_HOLDERS_14_PLUS_PERCENT = 95

/**
 * Driving licences: about 50 million licences of the old classes were in circulation by the early 2020s
 * (Cục Đường bộ), most of them A1 (motorcycles); the share of adults holding one is an ASSUMPTION of about
 * a half, most of them with A1 and about a fifth of holders with a car class.
 */
export const LICENCE_SOURCE: ReferenceSource =
  'assumption: about half of adults hold a licence, mostly A1 (Cục Đường bộ: about 50 million licences in circulation)'
export const LICENCE_HOLDERS_ADULT_PERCENT = 50

/**
 * Childhood vaccines of the Expanded Programme on Immunisation (Tiêm chủng mở rộng): WHO/UNICEF estimates
 * of national immunisation coverage (WUENIC) put BCG, the measles first dose and the third dose of the
 * diphtheria-tetanus-pertussis vaccine around or above 90% in Vietnam in most recent years (lower in
 * 2021-2022). COVID-19: the Ministry of Health reported over 90% of adults with at least one dose by 2022.
 */
export const VACCINE_SOURCE: ReferenceSource =
  'WHO/UNICEF WUENIC estimates for Viet Nam (about 90%); Bộ Y tế COVID-19 campaign reports (over 90% of adults)'
export const CHILD_VACCINE_COVERAGE_PERCENT = 90

/** Health-insurance coverage: 93.35% of the population at the end of 2023 (Bảo hiểm xã hội Việt Nam). */
export const HEALTH_INSURANCE_PERCENT = 93.35
export const HEALTH_INSURANCE_SOURCE: ReferenceSource =
  'Bảo hiểm xã hội Việt Nam: 93.35% coverage at the end of 2023'

/** Sex and age: sex ratio 99.1 men per 100 women (49.8% men) and median age 32.9 in the 2019 census. */
export const MALE_PERCENT = 49.8
export const MEDIAN_AGE = 32.9
