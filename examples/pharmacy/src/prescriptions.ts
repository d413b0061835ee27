/**
 * The pharmacy's demo prescriptions. A real pharmacy reads the prescription from the national
 * e-prescription system (đơn thuốc điện tử, by its code); the demo offers three fixed ones.
 *
 * Prices are illustrative (uncertain: in the range of generic drugs at Vietnamese hospital pharmacies in
 * 2025, not a price list). `covered` says whether the drug is on the list of modern drugs the
 * health-insurance fund pays for (Circular 20/2022/TT-BYT); vitamins and supplements are not.
 */
import type { Bilingual } from 'dinhdanh-example-shared'

/** One line of a prescription. */
export interface PrescriptionItem {
  /** The active ingredient and strength, as prescriptions write it (an international name). */
  drug: string
  quantity: number
  unit: Bilingual
  unitPriceVnd: number
  /** On the insurance fund's drug list (Circular 20/2022/TT-BYT). */
  covered: boolean
}

/** A prescription a doctor gave the citizen. */
export interface Prescription {
  id: string
  title: Bilingual
  /** How many days of treatment. */
  days: number
  items: readonly PrescriptionItem[]
}

const TABLET: Bilingual = { vi: 'viên', en: 'tablets' }
const SACHET: Bilingual = { vi: 'gói', en: 'sachets' }

/** The three prescriptions of the demo. */
export const PRESCRIPTIONS: readonly Prescription[] = [
  {
    id: 'tang-huyet-ap',
    title: { vi: 'Tăng huyết áp và mỡ máu', en: 'High blood pressure and cholesterol' },
    days: 30,
    items: [
      { drug: 'Amlodipin 5 mg', quantity: 30, unit: TABLET, unitPriceVnd: 1_500, covered: true },
      { drug: 'Losartan 50 mg', quantity: 30, unit: TABLET, unitPriceVnd: 4_500, covered: true },
      { drug: 'Atorvastatin 20 mg', quantity: 30, unit: TABLET, unitPriceVnd: 6_000, covered: true },
    ],
  },
  {
    id: 'dai-thao-duong',
    title: { vi: 'Đái tháo đường típ 2', en: 'Type 2 diabetes' },
    days: 30,
    items: [
      { drug: 'Metformin 850 mg', quantity: 60, unit: TABLET, unitPriceVnd: 2_000, covered: true },
      { drug: 'Gliclazid 30 mg', quantity: 60, unit: TABLET, unitPriceVnd: 4_200, covered: true },
      {
        drug: 'Vitamin nhóm B (B1, B6, B12)',
        quantity: 30,
        unit: TABLET,
        unitPriceVnd: 3_000,
        covered: false,
      },
    ],
  },
  {
    id: 'viem-phe-quan',
    title: { vi: 'Viêm phế quản cấp', en: 'Acute bronchitis' },
    days: 7,
    items: [
      {
        drug: 'Amoxicilin + acid clavulanic 875 mg/125 mg',
        quantity: 14,
        unit: TABLET,
        unitPriceVnd: 12_000,
        covered: true,
      },
      { drug: 'Acetylcystein 200 mg', quantity: 21, unit: SACHET, unitPriceVnd: 2_500, covered: true },
      { drug: 'Paracetamol 500 mg', quantity: 20, unit: TABLET, unitPriceVnd: 800, covered: true },
    ],
  },
]

/** The prescription with this id, if any. */
export function findPrescription(id: string): Prescription | undefined {
  return PRESCRIPTIONS.find((prescription) => prescription.id === id)
}
