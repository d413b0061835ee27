/**
 * DEMO ONLY: the face-match step of remote account opening, simulated. Under Circular 17/2024/TT-NHNN a
 * bank compares the customer's live face (with a liveness check) against the chip card's portrait using a
 * certified biometric provider. Here the "camera" draws a synthetic selfie with `portraitSvg` of
 * `@dinhdanh/testing` (the same drawing the mock provider shares as the portrait, re-taken against another
 * background and slightly tilted), and the "comparison" checks the facial features of the two drawings
 * one by one. It works only on these synthetic drawings, proves nothing about a real face, and must never
 * be used for one.
 */
import type { Citizen, Portrait } from '@dinhdanh/client'
import { portraitSvg } from '@dinhdanh/testing'

/** Which selfie the demo "camera" takes: the customer's own face, or someone else's (the mismatch demo). */
export type SelfieKind = 'self' | 'other'

/** The drawing features the demo compares, with their labels. */
const FEATURES = [
  [
    'face',
    { vi: 'Khuôn mặt và màu da', en: 'Face shape and skin' },
    /<path d="M[^"]*A[^"]*C[^"]*Z" fill="#[0-9a-f]{6}"\/>/,
  ],
  ['eyes', { vi: 'Mắt', en: 'Eyes' }, /<g fill="#ffffff">.*?<\/g>/],
  ['irises', { vi: 'Tròng mắt', en: 'Irises' }, /<g fill="#[0-9a-f]{6}"><circle .*?<\/g>/],
  ['brows', { vi: 'Lông mày', en: 'Eyebrows' }, /<g stroke="#[0-9a-f]{6}" stroke-width="2"[^>]*>.*?<\/g>/],
  ['nose', { vi: 'Mũi', en: 'Nose' }, /<path [^>]*stroke="#00000040"[^>]*\/>/],
  ['mouth', { vi: 'Miệng', en: 'Mouth' }, /<path [^>]*stroke-width="2\.4"[^>]*\/>/],
  ['glasses', { vi: 'Kính', en: 'Glasses' }, /<g stroke="#222222".*?<\/g>/],
] as const

/** At least this share of the features must be the same for the demo to call it a match. */
export const DEMO_MATCH_THRESHOLD = 6 / 7

/** One compared feature. */
export interface FeatureComparison {
  name: (typeof FEATURES)[number][0]
  label: { vi: string; en: string }
  same: boolean
}

/** What the demo comparison found. */
export interface DemoFaceMatch {
  features: FeatureComparison[]
  /** The share of features that are the same, 0 to 1. */
  score: number
  matched: boolean
}

/** The SVG text of a shared portrait (an SVG drawing from the mock), or `undefined` for another image. */
function svgOf(portrait: Portrait): string | undefined {
  if (portrait.mediaType !== 'image/svg+xml') return undefined
  return Buffer.from(portrait.base64, 'base64').toString('utf8')
}

/**
 * The demo "camera": a synthetic selfie of this citizen (their drawing against another background,
 * tilted a little, as a phone camera would take it), or of another person for the mismatch demo (give it
 * only the personal number then: the drawing then holds nothing of the shared data). An SVG.
 *
 * @example
 * ```ts
 * const selfie = demoSelfie(result.citizen, 'self')
 * ```
 */
export function demoSelfie(
  citizen: Pick<Citizen, 'personalId'> & Partial<Pick<Citizen, 'gender' | 'birthDate'>>,
  kind: SelfieKind,
): string {
  const personalId =
    kind === 'self'
      ? citizen.personalId
      : String((BigInt(citizen.personalId) + 7_919n) % 1_000_000_000_000n).padStart(12, '0')
  const svg = portraitSvg({
    personalId,
    ...(citizen.gender && { gender: citizen.gender }),
    ...(citizen.birthDate && { birthDate: citizen.birthDate }),
  })
  // Another room: a warmer background; a hand-held camera: a slight tilt of everything in front of it.
  const open = svg.indexOf('>') + 1
  const close = svg.lastIndexOf('</svg>')
  const [background, ...rest] = svg.slice(open, close).split(/(?<=\/>)/)
  return `${svg.slice(0, open)}${(background ?? '').replace(/fill="#[0-9a-f]{6}"/, 'fill="#f7efd9"')}<g transform="rotate(-3 60 75)">${rest.join('')}</g></svg>`
}

/**
 * The DEMO comparison of the shared portrait with the selfie: each facial feature of the two synthetic
 * drawings, the same or not (background and tilt ignored). Not face matching: see the module comment.
 *
 * @example
 * ```ts
 * const match = demoFaceMatch(result.attributes.portrait, demoSelfie(result.citizen, 'self'))
 * match.matched // true
 * ```
 */
export function demoFaceMatch(portrait: Portrait, selfieSvg: string): DemoFaceMatch {
  const shared = svgOf(portrait)
  const features = FEATURES.map(([name, label, pattern]) => {
    const a = shared === undefined ? null : (pattern.exec(shared)?.[0] ?? '')
    const b = pattern.exec(selfieSvg)?.[0] ?? ''
    return { name, label, same: a === b }
  })
  const score = features.filter((feature) => feature.same).length / features.length
  return { features, score, matched: shared !== undefined && score >= DEMO_MATCH_THRESHOLD }
}

/**
 * An SVG as a `data:` URL for an `<img>` (the CSP allows `data:` images; an SVG in an `<img>` runs no
 * script).
 *
 * @example
 * ```ts
 * html`<img src="${svgDataUrl(selfie)}" alt="">`
 * ```
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`
}
