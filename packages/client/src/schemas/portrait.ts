import { z } from 'zod'
import { isStaticSvgDrawing } from './portrait-svg.js'

/**
 * The image formats a `portrait` may come in: the chip card's photo as JPEG or PNG, and SVG for the
 * synthetic drawings of test providers.
 *
 * @example
 * ```ts
 * PORTRAIT_MEDIA_TYPES.includes('image/png') // true
 * ```
 */
export const PORTRAIT_MEDIA_TYPES = ['image/svg+xml', 'image/jpeg', 'image/png'] as const

/**
 * The largest portrait accepted, in decoded bytes (200 KiB): a chip card's photo is far smaller, and a
 * bigger value is a provider error or an attempt to exhaust memory.
 *
 * @example
 * ```ts
 * if (file.byteLength > PORTRAIT_MAX_BYTES) throw new Error('too large')
 * ```
 */
export const PORTRAIT_MAX_BYTES = 200 * 1024

/** Base64 characters that many bytes take, padding included. */
const MAX_BASE64_LENGTH = Math.ceil(PORTRAIT_MAX_BYTES / 3) * 4
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function decodedLength(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  return Math.floor((data.length * 3) / 4) - padding
}

/**
 * Why an SVG portrait is refused, or `undefined`: it must be UTF-8 and a static drawing
 * ({@link isStaticSvgDrawing}), never a document with script, handlers or external references.
 */
function svgProblem(bytes: Buffer): string | undefined {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return 'expected an image/svg+xml image in UTF-8'
  }
  return isStaticSvgDrawing(text)
    ? undefined
    : 'expected a static SVG drawing: <svg> as the root, shapes only, no script, event handlers, styles, text or external references'
}

/** What the first bytes of each format are; a portrait whose bytes are another format is refused. */
function looksLike(mediaType: (typeof PORTRAIT_MEDIA_TYPES)[number], bytes: Buffer): boolean {
  switch (mediaType) {
    case 'image/jpeg':
      return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
    case 'image/png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    case 'image/svg+xml':
      // Checked apart, in full: see svgProblem.
      return true
  }
}

/**
 * Zod schema for the claims of the `portrait` attribute: a face image for face matching at remote
 * account opening (Circular 17/2024/TT-NHNN). `media_type` is one of {@link PORTRAIT_MEDIA_TYPES};
 * `data` is standard base64 (padding optional, no line breaks) of at most {@link PORTRAIT_MAX_BYTES}
 * decoded bytes, whose first bytes must be of the announced format (a PNG announced as JPEG is refused);
 * an SVG must be a static drawing ({@link isStaticSvgDrawing}: no script, handlers or external references).
 * The length is checked before anything is decoded. Issues never contain the data.
 *
 * @example
 * ```ts
 * portraitClaimsSchema.parse({ portrait: { media_type: 'image/png', data: 'iVBORw0KGgo…' } })
 * ```
 */
export const portraitClaimsSchema = z.object({
  portrait: z
    .object({
      media_type: z.enum(PORTRAIT_MEDIA_TYPES, {
        message: "expected media_type 'image/svg+xml', 'image/jpeg' or 'image/png'",
      }),
      data: z
        .string({ message: 'expected data as a base64 string' })
        .min(4, { message: 'expected a non-empty base64 image' })
        .max(MAX_BASE64_LENGTH, { message: `expected at most ${PORTRAIT_MAX_BYTES} bytes of image` })
        .refine((data) => BASE64.test(data) && data.replace(/=+$/, '').length % 4 !== 1, {
          message: 'expected standard base64 (A-Z, a-z, 0-9, +, /, optional = padding)',
          abort: true,
        })
        .refine((data) => decodedLength(data) <= PORTRAIT_MAX_BYTES, {
          message: `expected at most ${PORTRAIT_MAX_BYTES} bytes of image`,
        }),
    })
    .superRefine((portrait, ctx) => {
      // Runs only on a value that passed the field checks (zod skips it otherwise); the guard says so.
      if (typeof portrait.data !== 'string' || !PORTRAIT_MEDIA_TYPES.includes(portrait.media_type)) return
      const bytes = Buffer.from(portrait.data, 'base64')
      if (!looksLike(portrait.media_type, bytes)) {
        ctx.addIssue({
          code: 'custom',
          path: ['data'],
          message: `expected the bytes of an ${portrait.media_type} image, got another format`,
        })
        return
      }
      const problem = portrait.media_type === 'image/svg+xml' ? svgProblem(bytes) : undefined
      if (problem) ctx.addIssue({ code: 'custom', path: ['data'], message: problem })
    }),
})

/**
 * The `portrait` claims after validation.
 *
 * @example
 * ```ts
 * const claims: PortraitClaims = portraitClaimsSchema.parse(shared)
 * ```
 */
export type PortraitClaims = z.output<typeof portraitClaimsSchema>

/**
 * The value of the `portrait` attribute: biometric data (sensitive personal data under Decree 13/2023
 * and the 2025 Personal Data Protection Law). Use it for the purpose it was shared for (face matching),
 * never log it, and delete it when that purpose is done. Show it only through an `<img>` element
 * (`<img src={portrait.dataUrl}>`). An SVG is checked to be a static drawing, but still never inline its
 * markup in a page; if you serve a stored portrait from your origin, send it with its media type,
 * `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`.
 *
 * @example
 * ```ts
 * const portrait: Portrait = result.attributes.portrait!
 * html`<img alt="Ảnh chân dung" src="${portrait.dataUrl}">`
 * const bytes = Buffer.from(portrait.base64, 'base64') // for a face-matching service
 * ```
 */
export type Portrait = {
  mediaType: (typeof PORTRAIT_MEDIA_TYPES)[number]
  /** The image, standard base64. */
  base64: string
  /** Size of the decoded image in bytes. */
  byteLength: number
  /** `data:<mediaType>;base64,<base64>`, ready for an `<img src>`. */
  dataUrl: string
}

/**
 * Maps parsed `portrait` claims to the {@link Portrait} value.
 *
 * @example
 * ```ts
 * toPortrait(portraitClaimsSchema.parse(shared)).mediaType // 'image/jpeg'
 * ```
 */
export function toPortrait(claims: PortraitClaims): Portrait {
  const { media_type: mediaType, data } = claims.portrait
  return {
    mediaType,
    base64: data,
    byteLength: decodedLength(data),
    dataUrl: `data:${mediaType};base64,${data}`,
  }
}
