import { describe, expect, it } from 'vitest'
import {
  PORTRAIT_MAX_BYTES,
  PORTRAIT_MEDIA_TYPES,
  type Portrait,
  portraitClaimsSchema,
  toPortrait,
} from './portrait.js'

const svg = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><circle r="2"/></svg>',
).toString('base64')
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64')
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]).toString('base64')

const parse = (portrait: unknown) => portraitClaimsSchema.safeParse({ portrait })

describe('portraitClaimsSchema', () => {
  it('accepts each media type with bytes of that format', () => {
    for (const [media_type, data] of [
      ['image/svg+xml', svg],
      ['image/png', png],
      ['image/jpeg', jpeg],
    ] as const) {
      expect(parse({ media_type, data }).success, media_type).toBe(true)
    }
    expect(PORTRAIT_MEDIA_TYPES).toEqual(['image/svg+xml', 'image/jpeg', 'image/png'])
  })

  it('accepts base64 without padding, refuses base64url, spaces and line breaks', () => {
    expect(parse({ media_type: 'image/svg+xml', data: svg.replace(/=+$/, '') }).success).toBe(true)
    const withUrlAlphabet = Buffer.from('<svg>??>>~~</svg>').toString('base64url')
    expect(withUrlAlphabet).toMatch(/[-_]/)
    expect(parse({ media_type: 'image/svg+xml', data: withUrlAlphabet }).success).toBe(false)
    expect(parse({ media_type: 'image/svg+xml', data: `${svg.slice(0, 8)} ${svg.slice(8)}` }).success).toBe(
      false,
    )
    expect(parse({ media_type: 'image/svg+xml', data: `${svg.slice(0, 8)}\n${svg.slice(8)}` }).success).toBe(
      false,
    )
    expect(parse({ media_type: 'image/svg+xml', data: 'AAAAA' }).success).toBe(false)
  })

  it('refuses another media type, a missing or empty image, and bytes of another format', () => {
    expect(parse({ media_type: 'image/gif', data: png }).success).toBe(false)
    expect(parse({ media_type: 'text/html', data: svg }).success).toBe(false)
    expect(parse({ media_type: 'image/png' }).success).toBe(false)
    expect(parse({ media_type: 'image/png', data: '' }).success).toBe(false)
    expect(parse({ media_type: 'image/png', data: 42 }).success).toBe(false)
    expect(parse(null).success).toBe(false)
    expect(parse('data:image/png;base64,AAAA').success).toBe(false)
    const mislabelled = parse({ media_type: 'image/jpeg', data: png })
    expect(mislabelled.error?.issues).toEqual([expect.objectContaining({ path: ['portrait', 'data'] })])
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64')
    expect(parse({ media_type: 'image/svg+xml', data: html }).success).toBe(false)
  })

  it('accepts an image of exactly the limit and refuses one byte more, without echoing the data', () => {
    const header = Buffer.from([0xff, 0xd8, 0xff])
    const at = Buffer.concat([header, Buffer.alloc(PORTRAIT_MAX_BYTES - 3, 7)]).toString('base64')
    expect(parse({ media_type: 'image/jpeg', data: at }).success).toBe(true)
    const over = Buffer.concat([header, Buffer.alloc(PORTRAIT_MAX_BYTES - 2, 7)]).toString('base64')
    const refused = parse({ media_type: 'image/jpeg', data: over })
    expect(refused.success).toBe(false)
    expect(JSON.stringify(refused.error)).not.toContain(over.slice(0, 40))
    const huge = parse({ media_type: 'image/jpeg', data: 'A'.repeat(10_000_000) })
    expect(huge.success).toBe(false)
  })
})

describe('toPortrait', () => {
  it('gives the media type, the base64, the decoded size and a data URL for an <img>', () => {
    const value: Portrait = toPortrait(
      portraitClaimsSchema.parse({ portrait: { media_type: 'image/png', data: png } }),
    )
    expect(value).toEqual({
      mediaType: 'image/png',
      base64: png,
      byteLength: 12,
      dataUrl: `data:image/png;base64,${png}`,
    })
    const unpadded = toPortrait(
      portraitClaimsSchema.parse({ portrait: { media_type: 'image/svg+xml', data: svg.replace(/=+$/, '') } }),
    )
    expect(unpadded.byteLength).toBe(Buffer.from(svg, 'base64').length)
  })
})
