/**
 * The boarding pass's machine-readable part: the IATA Bar Coded Boarding Pass (BCBP) mandatory items as
 * text, and a drawing that stands for the 2-D code. The drawing is an illustration (a pattern derived from
 * the text), not a scannable QR code: a real airline renders the BCBP string with a QR or Aztec encoder.
 */
import { createHash } from 'node:crypto'
import { html, raw, type SafeHtml } from 'dinhdanh-example-shared'
import type { Booking } from './bookings.js'
import { boardingPassName } from './name-match.js'

/** The day of the year (1-366) of an ISO date, as BCBP writes the flight date. */
function dayOfYear(isoDate: string): number {
  const date = Date.parse(`${isoDate}T00:00:00Z`)
  const start = Date.parse(`${isoDate.slice(0, 4)}-01-01T00:00:00Z`)
  return Math.round((date - start) / 86_400_000) + 1
}

/**
 * The BCBP "M1" mandatory items (60 characters) of one passenger on one flight. The name comes from the
 * national record (`citizen.fullName`), written as airlines print it: `NGUYEN/VAN AN`.
 *
 * @example
 * ```ts
 * bcbp(booking, 'Nguyễn Văn An', 1) // 'M1NGUYEN/VAN AN       EK7AN2H HANSGNCC 0201 123Y012A0001 100'
 * ```
 */
export function bcbp(booking: Booking, fullName: string, sequence: number): string {
  const [carrier = '', number = ''] = booking.flight.number.split(' ')
  const seat = booking.seat.padStart(4, '0')
  return [
    'M1',
    boardingPassName(fullName).slice(0, 20).padEnd(20),
    'E',
    booking.pnr.padEnd(7),
    booking.flight.from.code,
    booking.flight.to.code,
    carrier.padEnd(3),
    number.padStart(4, '0').padEnd(5),
    String(dayOfYear(booking.flight.date)).padStart(3, '0'),
    'Y',
    seat,
    String(sequence).padStart(4, '0').padEnd(5),
    '1',
    '00',
  ].join('')
}

const SIZE = 25
const MODULE = 6

/** Whether a module belongs to one of the three corner "finder" squares QR codes have. */
function finder(x: number, y: number): boolean | undefined {
  for (const [ox, oy] of [
    [0, 0],
    [SIZE - 7, 0],
    [0, SIZE - 7],
  ] as const) {
    const dx = x - ox
    const dy = y - oy
    if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false
      const ring = Math.min(dx, dy, 6 - dx, 6 - dy)
      return ring !== 1
    }
  }
  return undefined
}

/**
 * An inline SVG standing for the boarding pass's 2-D code (no script, no external image: the pages' CSP
 * allows neither). Deterministic: the same data draws the same pattern.
 *
 * @example
 * ```ts
 * html`<figure>${codeDrawing(data, 'Mã lên máy bay')}</figure>`
 * ```
 */
export function codeDrawing(data: string, label: string): SafeHtml {
  let bits = ''
  for (let round = 0; bits.length < SIZE * SIZE; round++) {
    const digest = createHash('sha256').update(`${round}:${data}`).digest()
    for (const byte of digest) bits += byte.toString(2).padStart(8, '0')
  }
  const squares: string[] = []
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const fixed = finder(x, y)
      const dark = fixed ?? bits[y * SIZE + x] === '1'
      if (dark)
        squares.push(
          `<rect x="${(x + 2) * MODULE}" y="${(y + 2) * MODULE}" width="${MODULE}" height="${MODULE}"/>`,
        )
    }
  }
  const side = (SIZE + 4) * MODULE
  // The squares are numbers computed here, never request data: safe to mark as markup.
  return html`<svg id="boarding-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side}" height="${side}" role="img" aria-label="${label}"><rect width="${side}" height="${side}" fill="#fff"/><g fill="#111">${raw(squares.join(''))}</g></svg>`
}
