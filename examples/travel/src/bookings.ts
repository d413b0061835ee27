/**
 * The airline's bookings: a small in-memory table standing in for the reservation system. A real airline
 * reads them from its passenger service system; nothing here comes from VNeID.
 */
import type { Bilingual } from 'dinhdanh-example-shared'

/** An airport of the demo network. */
export interface Airport {
  code: string
  city: Bilingual
}

/** A domestic flight. */
export interface Flight {
  /** e.g. `CC 201` (CC: the demo's made-up airline code). */
  number: string
  from: Airport
  to: Airport
  /** `YYYY-MM-DD`, local time. */
  date: string
  /** Departure, `HH:MM`, local time. */
  departs: string
  gate: string
}

/** One booking (one passenger). */
export interface Booking {
  /** The booking code (PNR): 6 uppercase letters or digits. */
  pnr: string
  /** The passenger's name as the booking holds it (any case, NFC or NFD, with or without diacritics). */
  passengerName: string
  flight: Flight
  seat: string
  /** For the demo's landing page: which persona to sign in as, and what to expect. */
  demoHint?: Bilingual
}

/** The booking code format: 6 letters or digits (case ignored on input). */
export const PNR_PATTERN = /^[A-Z0-9]{6}$/

export const AIRPORTS = {
  HAN: { code: 'HAN', city: { vi: 'Hà Nội (Nội Bài)', en: 'Hà Nội (Nội Bài)' } },
  SGN: { code: 'SGN', city: { vi: 'TP Hồ Chí Minh (Tân Sơn Nhất)', en: 'Hồ Chí Minh City (Tân Sơn Nhất)' } },
  DAD: { code: 'DAD', city: { vi: 'Đà Nẵng', en: 'Đà Nẵng' } },
  PQC: { code: 'PQC', city: { vi: 'Phú Quốc', en: 'Phú Quốc' } },
} as const satisfies Record<string, Airport>

/** The date `days` after `now`, in Vietnam (UTC+7), as `YYYY-MM-DD`. */
function vietnamDate(now: Date, days: number): string {
  return new Date(now.getTime() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The demo bookings, on tomorrow's flights (online check-in opens the day before). Their passenger names
 * fit the personas of `@dinhdanh/testing` (the mock provider's citizens), one per rule of `name-match.ts`.
 *
 * @example
 * ```ts
 * const bookings = demoBookings(new Date())
 * bookings[0]?.pnr // 'K7AN2H'
 * ```
 */
export function demoBookings(now: Date): Booking[] {
  const date = vietnamDate(now, 1)
  return [
    {
      pnr: 'K7AN2H',
      passengerName: 'Nguyễn Văn An',
      flight: { number: 'CC 201', from: AIRPORTS.HAN, to: AIRPORTS.SGN, date, departs: '07:05', gate: '12' },
      seat: '12A',
      demoHint: {
        vi: 'Đăng nhập là Nguyễn Văn An (001090001234, mức 2): tên trùng khớp, nhận thẻ lên máy bay.',
        en: 'Sign in as Nguyễn Văn An (001090001234, level 2): the name matches, boarding pass issued.',
      },
    },
    {
      pnr: 'H8NFD3',
      // Typed on a keyboard that produces NFD (decomposed) Unicode: looks the same, differs byte for byte.
      passengerName: 'Nguyễn Thị Ngọc Huyền'.normalize('NFD'),
      flight: { number: 'CC 512', from: AIRPORTS.SGN, to: AIRPORTS.DAD, date, departs: '09:40', gate: '5' },
      seat: '7C',
      demoHint: {
        vi: 'Đăng nhập là Nguyễn Thị Ngọc Huyền (040190002222, mức 2): tên trên vé lưu ở dạng Unicode NFD, vẫn khớp.',
        en: 'Sign in as Nguyễn Thị Ngọc Huyền (040190002222, level 2): the booking stores the name in Unicode NFD, it still matches.',
      },
    },
    {
      pnr: 'ASC4AN',
      // As a global distribution system stores it: uppercase ASCII, no diacritics.
      passengerName: 'NGUYEN VAN AN',
      flight: { number: 'CC 208', from: AIRPORTS.SGN, to: AIRPORTS.HAN, date, departs: '18:30', gate: '21' },
      seat: '23F',
      demoHint: {
        vi: 'Đăng nhập là Nguyễn Văn An (001090001234): vé ghi chữ in hoa không dấu, vẫn khớp.',
        en: 'Sign in as Nguyễn Văn An (001090001234): the booking is in uppercase without diacritics, it still matches.',
      },
    },
    {
      pnr: 'MX9ANH',
      passengerName: 'Nguyễn Văn Anh',
      flight: { number: 'CC 133', from: AIRPORTS.DAD, to: AIRPORTS.HAN, date, departs: '13:15', gate: '3' },
      seat: '15D',
      demoHint: {
        vi: 'Đăng nhập là Nguyễn Văn An (001090001234): tên trên vé là "Anh", không khớp, không cấp thẻ lên máy bay.',
        en: 'Sign in as Nguyễn Văn An (001090001234): the booking says "Anh", no match, no boarding pass.',
      },
    },
    {
      pnr: 'L1NGOC',
      passengerName: 'Trần Thị Bích Ngọc',
      flight: { number: 'CC 371', from: AIRPORTS.HAN, to: AIRPORTS.PQC, date, departs: '11:20', gate: '8' },
      seat: '4B',
      demoHint: {
        vi: 'Đăng nhập là Trần Thị Bích Ngọc (079195004321): tài khoản chỉ ở mức 1, được giải thích cần mức 2.',
        en: 'Sign in as Trần Thị Bích Ngọc (079195004321): her account is level 1 only, she is told level 2 is needed.',
      },
    },
  ]
}

/** Normalises a typed booking code (`k7an2h ` → `K7AN2H`), or `undefined` when it is not one. */
export function parsePnr(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const pnr = value.trim().toUpperCase()
  return PNR_PATTERN.test(pnr) ? pnr : undefined
}

/** The boarding time: 40 minutes before departure (domestic flights). */
export function boardingTime(departs: string): string {
  const [hours = 0, minutes = 0] = departs.split(':').map(Number)
  const total = (hours * 60 + minutes - 40 + 24 * 60) % (24 * 60)
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}
