import { createPrng, type Prng, pick, randomInt } from './prng.js'
import type { SyntheticCitizen } from './synthetic-citizen.js'

/**
 * Who a portrait is drawn for: the personal number (the only input of the random stream), and optionally
 * the sex and birth date, which choose among hair styles and grey the hair of older citizens.
 *
 * @example
 * ```ts
 * const subject: PortraitSubject = { personalId: '001090001234', gender: 'male', birthDate: '1990-05-17' }
 * ```
 */
export type PortraitSubject = Pick<SyntheticCitizen, 'personalId'> &
  Partial<Pick<SyntheticCitizen, 'gender' | 'birthDate'>>

/**
 * The media type of every synthetic portrait.
 *
 * @example
 * ```ts
 * const claims = { portrait: { media_type: PORTRAIT_MEDIA_TYPE, data: portraitBase64(citizen) } }
 * ```
 */
export const PORTRAIT_MEDIA_TYPE = 'image/svg+xml'

const BACKGROUNDS = ['#dbe9f6', '#e6f0e0', '#f4e8d8', '#ece4f3', '#e2eef0', '#f3e1e1', '#eeeeee']
const SKIN = ['#f6d7c3', '#efc6a8', '#e3b48f', '#d4a27c', '#c08a64', '#a8734f']
const HAIR = ['#1b1b1b', '#262019', '#2f241c', '#3a2b20', '#4a3526']
const GREY_HAIR = ['#8d8d8d', '#a7a7a7', '#c4c4c4']
const SHIRTS = ['#2f5d8a', '#7a2e3b', '#3f6b4f', '#5b4a7a', '#8a6d2f', '#404a56', '#ffffff', '#b85c38']
const LIPS = ['#b5645a', '#a9574f', '#c27266', '#9c5148']
const IRIS = ['#2b1d14', '#3b2a1e', '#1e1a17']

/** A number of tenths as `String(tenths / 10)` writes it (one decimal place, none when it is 0). */
function formatTenths(tenths: number): string {
  const whole = Math.trunc(tenths / 10)
  const decimal = Math.abs(tenths % 10)
  if (decimal === 0) return String(whole)
  return `${tenths < 0 && whole === 0 ? '-' : ''}${whole}.${decimal}`
}

/**
 * Every coordinate of the drawing lies in -50.0 … 250.0 (the view box is 120 × 150): their texts, made
 * once (3,001 short strings), so a drawing's hundred coordinates cost an array read each instead of a
 * number printed.
 */
const TENTHS_MIN = -500
const TENTHS_TEXT: readonly string[] = Array.from({ length: 3001 }, (_, index) =>
  formatTenths(index + TENTHS_MIN),
)

/** A coordinate to one decimal, as `String(Math.round(value * 10) / 10)` writes it: short, identical on every machine. */
const n = (value: number): string => {
  const tenths = Math.round(value * 10)
  return TENTHS_TEXT[tenths - TENTHS_MIN] ?? formatTenths(tenths)
}
const between = (prng: Prng, min: number, max: number) => min + prng() * (max - min)

type HairStyle = 'short' | 'side_part' | 'crew' | 'receding' | 'long' | 'bob' | 'bun'

function hairStyle(prng: Prng, subject: PortraitSubject, old: boolean): HairStyle {
  const male: HairStyle[] = old ? ['short', 'side_part', 'receding', 'crew'] : ['short', 'side_part', 'crew']
  const female: HairStyle[] = ['long', 'bob', 'bun']
  if (subject.gender === 'male') return pick(prng, male)
  if (subject.gender === 'female') return pick(prng, female)
  return pick(prng, [...male, ...female])
}

/** The hair behind the face (long styles) and over it (a cap over the crown, its lower edge the fringe). */
function hair(style: HairStyle, color: string, cx: number, top: number, rx: number): [string, string] {
  const left = cx - rx - 3
  const right = cx + rx + 3
  const base = top + 28
  const cap = (fringe: string) =>
    `<path d="M${n(left)} ${n(base)}A${n(rx + 3)} 32 0 0 1 ${n(right)} ${n(base)}${fringe}Z" fill="${color}"/>`
  switch (style) {
    case 'long':
      return [
        `<path d="M${n(left)} ${n(base)}A${n(rx + 3)} 32 0 0 1 ${n(right)} ${n(base)}L${n(right + 5)} 128H${n(left - 5)}Z" fill="${color}"/>`,
        cap(
          `Q${n(cx + 4)} ${n(top + 6)} ${n(cx - 2)} ${n(top + 14)}Q${n(left + 6)} ${n(top + 20)} ${n(left)} ${n(base + 8)}`,
        ),
      ]
    case 'bob':
      return [
        `<path d="M${n(left)} ${n(base)}A${n(rx + 3)} 32 0 0 1 ${n(right)} ${n(base)}V${n(top + 64)}H${n(left)}Z" fill="${color}"/>`,
        cap(`Q${n(cx)} ${n(top + 22)} ${n(left)} ${n(base)}`),
      ]
    case 'bun':
      return [
        `<circle cx="${n(cx)}" cy="${n(top - 10)}" r="12" fill="${color}"/>`,
        cap(`Q${n(cx)} ${n(top + 8)} ${n(left)} ${n(base)}`),
      ]
    case 'receding':
      return [
        '',
        `<path d="M${n(left)} ${n(base + 4)}Q${n(left)} ${n(top + 8)} ${n(cx - 12)} ${n(top + 4)}Q${n(left + 8)} ${n(top + 14)} ${n(left + 6)} ${n(base + 4)}ZM${n(right)} ${n(base + 4)}Q${n(right)} ${n(top + 8)} ${n(cx + 12)} ${n(top + 4)}Q${n(right - 8)} ${n(top + 14)} ${n(right - 6)} ${n(base + 4)}Z" fill="${color}"/>`,
      ]
    case 'crew':
      return ['', cap(`Q${n(cx)} ${n(top + 4)} ${n(left)} ${n(base)}`)]
    case 'side_part':
      return [
        '',
        cap(
          `Q${n(cx + 12)} ${n(top + 6)} ${n(cx - 8)} ${n(top + 16)}Q${n(left + 6)} ${n(top + 20)} ${n(left)} ${n(base + 4)}`,
        ),
      ]
    case 'short':
      return ['', cap(`Q${n(cx)} ${n(top + 14)} ${n(left)} ${n(base)}`)]
  }
}

/**
 * A synthetic portrait of a citizen: a small SVG drawing (about 2 KB), never a real face. Face shape,
 * skin tone, hair, eyes, brows, nose, mouth, glasses and clothes are drawn from a random stream seeded
 * with the personal number alone, so the same number gives the same bytes on every machine, version and
 * seed of the population, and another number gives another face. Computed on demand (nothing is stored
 * on the citizen). The SVG holds only shapes and colours from fixed lists: no script, no link, no text,
 * no external reference, no personal data.
 *
 * @example
 * ```ts
 * const svg = portraitSvg(citizenFor('001090001234')!)
 * // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 150" …'
 * ```
 */
export function portraitSvg(subject: PortraitSubject): string {
  const prng = createPrng(`portrait\u001f${subject.personalId}`)
  const birthYear = subject.birthDate === undefined ? undefined : Number(subject.birthDate.slice(0, 4))
  const old = birthYear !== undefined && birthYear < 1968
  const background = pick(prng, BACKGROUNDS)
  const skin = pick(prng, SKIN)
  const hairColor = old && prng() < 0.7 ? pick(prng, GREY_HAIR) : pick(prng, HAIR)
  const style = hairStyle(prng, subject, old)
  const shirt = pick(prng, SHIRTS)
  const cx = 60
  const cy = between(prng, 66, 72)
  const rx = between(prng, 25, 31)
  const ry = between(prng, 32, 38)
  const top = cy - ry
  const jaw = between(prng, 0.72, 0.95)
  const eyeY = cy - between(prng, 2, 7)
  const eyeGap = between(prng, 10, 13.5)
  const eyeR = between(prng, 2.2, 3.2)
  const browLift = between(prng, 5, 8)
  const browTilt = between(prng, -1.5, 2)
  const noseLength = between(prng, 7, 12)
  const mouthY = cy + between(prng, 17, 22)
  const mouthHalf = between(prng, 6, 10)
  const smile = between(prng, -1, 5)
  const glasses = prng() < 0.22
  const iris = pick(prng, IRIS)
  const lips = pick(prng, LIPS)
  const ears = randomInt(prng, 0, 1) === 1
  const [back, front] = hair(style, hairColor, cx, top, rx)
  // The lower half of the face narrows by `jaw` (round to pointed); the upper half is an ellipse's.
  const face = `M${n(cx - rx)} ${n(cy)}A${n(rx)} ${n(ry)} 0 0 1 ${n(cx + rx)} ${n(cy)}C${n(cx + rx)} ${n(cy + ry * 0.7)} ${n(cx + rx * jaw * 0.5)} ${n(cy + ry)} ${n(cx)} ${n(cy + ry)}C${n(cx - rx * jaw * 0.5)} ${n(cy + ry)} ${n(cx - rx)} ${n(cy + ry * 0.7)} ${n(cx - rx)} ${n(cy)}Z`
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 150" width="240" height="300">`,
    `<rect width="120" height="150" fill="${background}"/>`,
    back,
    `<path d="M14 150Q18 ${n(cy + ry + 14)} ${n(cx)} ${n(cy + ry + 10)}Q102 ${n(cy + ry + 14)} 106 150Z" fill="${shirt}"/>`,
    `<rect x="${n(cx - 9)}" y="${n(cy + ry - 8)}" width="18" height="18" fill="${skin}"/>`,
    ears
      ? `<ellipse cx="${n(cx - rx)}" cy="${n(eyeY + 4)}" rx="4" ry="7" fill="${skin}"/><ellipse cx="${n(cx + rx)}" cy="${n(eyeY + 4)}" rx="4" ry="7" fill="${skin}"/>`
      : '',
    `<path d="${face}" fill="${skin}"/>`,
    front,
    `<g fill="#ffffff"><ellipse cx="${n(cx - eyeGap)}" cy="${n(eyeY)}" rx="${n(eyeR + 2)}" ry="${n(eyeR)}"/><ellipse cx="${n(cx + eyeGap)}" cy="${n(eyeY)}" rx="${n(eyeR + 2)}" ry="${n(eyeR)}"/></g>`,
    `<g fill="${iris}"><circle cx="${n(cx - eyeGap)}" cy="${n(eyeY)}" r="${n(eyeR * 0.75)}"/><circle cx="${n(cx + eyeGap)}" cy="${n(eyeY)}" r="${n(eyeR * 0.75)}"/></g>`,
    `<g stroke="${old ? hairColor : HAIR[0]}" stroke-width="2" stroke-linecap="round" fill="none"><path d="M${n(cx - eyeGap - 5)} ${n(eyeY - browLift + browTilt)}L${n(cx - eyeGap + 5)} ${n(eyeY - browLift)}"/><path d="M${n(cx + eyeGap - 5)} ${n(eyeY - browLift)}L${n(cx + eyeGap + 5)} ${n(eyeY - browLift + browTilt)}"/></g>`,
    `<path d="M${n(cx)} ${n(eyeY + 2)}L${n(cx - 3)} ${n(eyeY + 2 + noseLength)}H${n(cx + 2)}" stroke="#00000040" stroke-width="1.5" fill="none" stroke-linecap="round"/>`,
    `<path d="M${n(cx - mouthHalf)} ${n(mouthY)}Q${n(cx)} ${n(mouthY + smile)} ${n(cx + mouthHalf)} ${n(mouthY)}" stroke="${lips}" stroke-width="2.4" fill="none" stroke-linecap="round"/>`,
    glasses
      ? `<g stroke="#222222" stroke-width="1.4" fill="none"><circle cx="${n(cx - eyeGap)}" cy="${n(eyeY)}" r="${n(eyeR + 5)}"/><circle cx="${n(cx + eyeGap)}" cy="${n(eyeY)}" r="${n(eyeR + 5)}"/><path d="M${n(cx - eyeGap + eyeR + 5)} ${n(eyeY)}H${n(cx + eyeGap - eyeR - 5)}"/></g>`
      : '',
    '</svg>',
  ]
  return parts.join('')
}

/**
 * The claims of the `portrait` attribute for a citizen: `{ portrait: { media_type: 'image/svg+xml',
 * data: <base64 of portraitSvg> } }`, the shape the attribute catalogue's `portrait` schema accepts.
 *
 * @example
 * ```ts
 * portraitClaims(citizen).portrait.media_type // 'image/svg+xml'
 * ```
 */
export function portraitClaims(subject: PortraitSubject): {
  portrait: { media_type: typeof PORTRAIT_MEDIA_TYPE; data: string }
} {
  return {
    portrait: {
      media_type: PORTRAIT_MEDIA_TYPE,
      // The drawing is ASCII only (fixed shapes and colours), so btoa is exact, in Node.js and browsers.
      data: btoa(portraitSvg(subject)),
    },
  }
}
