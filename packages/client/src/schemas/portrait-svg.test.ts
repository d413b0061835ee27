import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { portraitClaimsSchema } from './portrait.js'
import { isStaticSvgDrawing, SVG_PORTRAIT_ATTRIBUTES, SVG_PORTRAIT_ELEMENTS } from './portrait-svg.js'

const NS = 'xmlns="http://www.w3.org/2000/svg"'
/** A drawing in the shape test providers send (see @dinhdanh/testing's portraitSvg). */
const DRAWING =
  `<svg ${NS} viewBox="0 0 120 150" width="240" height="300"><rect width="120" height="150" fill="#f4e8d8"/>` +
  '<path d="M14 150Q18 115.3 60 111.3Q102 115.3 106 150Z" fill="#8a6d2f"/>' +
  '<g fill="#ffffff"><ellipse cx="45" cy="70" rx="6" ry="4"/><circle cx="75" cy="70" r="3"/></g>' +
  '<g stroke="#222222" stroke-width="2" stroke-linecap="round" fill="none"><circle cx="45" cy="70" r="9"/></g></svg>'

const claims = (svg: string) => ({
  portrait: { media_type: 'image/svg+xml', data: Buffer.from(svg).toString('base64') },
})

describe('isStaticSvgDrawing (security review: an SVG portrait carrying script was accepted as an image)', () => {
  it('accepts a static drawing, with an XML declaration, a BOM, a title and a same-document gradient', () => {
    expect(isStaticSvgDrawing(DRAWING)).toBe(true)
    expect(isStaticSvgDrawing(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n${DRAWING}\n`)).toBe(true)
    const gradient =
      `<svg ${NS}><title>Ảnh &amp; chân dung</title><defs><linearGradient id="a"><stop offset="0" stop-color="#fff"/>` +
      '</linearGradient></defs><rect width="1" height="1" fill="url(#a)"/></svg>'
    expect(isStaticSvgDrawing(gradient)).toBe(true)
    expect(portraitClaimsSchema.safeParse(claims(DRAWING)).success).toBe(true)
  })

  it.each([
    ['a script element', `<svg ${NS}><script>alert(1)</script></svg>`],
    ['an event handler', `<svg ${NS} onload="alert(1)"><rect width="1" height="1"/></svg>`],
    ['a handler on a shape', `<svg ${NS}><rect width="1" height="1" onclick="x()"/></svg>`],
    ['foreignObject HTML', `<svg ${NS}><foreignObject><div>hi</div></foreignObject></svg>`],
    ['an external image', `<svg ${NS}><image href="https://evil.example/x.png"/></svg>`],
    ['a link', `<svg ${NS}><a href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>`],
    ['xlink:href on use', `<svg ${NS}><use xlink:href="https://evil.example/s.svg#a"/></svg>`],
    ['a style element', `<svg ${NS}><style>@import url(https://evil.example/a.css)</style></svg>`],
    ['a style attribute', `<svg ${NS}><rect style="fill:red" width="1" height="1"/></svg>`],
    [
      'an external url() in fill',
      `<svg ${NS}><rect fill="url(https://evil.example/#a)" width="1" height="1"/></svg>`,
    ],
    [
      'a doctype with entities',
      `<!DOCTYPE svg [<!ENTITY x "y">]><svg ${NS}><rect width="1" height="1"/></svg>`,
    ],
    ['an entity reference', `<svg ${NS}><title>&x;</title></svg>`],
    ['a comment', `<svg ${NS}><!-- <script> --><rect width="1" height="1"/></svg>`],
    ['CDATA', `<svg ${NS}><title><![CDATA[x]]></title></svg>`],
    ['a processing instruction', `<svg ${NS}><?xml-stylesheet href="a.css"?></svg>`],
    ['text outside title/desc', `<svg ${NS}>hello</svg>`],
    ['HTML with an svg comment', `<html><body><!-- <svg> --><script>alert(1)</script></body></html>`],
    ['markup after the root', `${DRAWING}<script>alert(1)</script>`],
    ['a second root', `${DRAWING}${DRAWING}`],
    ['another root element', `<g ${NS}><rect width="1" height="1"/></g>`],
    ['an unclosed root', `<svg ${NS}><g>`],
    ['mismatched closing tags', `<svg ${NS}><g></svg></g>`],
    ['another namespace', '<svg xmlns="http://www.w3.org/1999/xhtml"><rect width="1" height="1"/></svg>'],
    ['an unquoted attribute', `<svg ${NS}><rect width=1 height="1"/></svg>`],
    ['nothing', ''],
  ])('refuses %s', (_, svg) => {
    expect(isStaticSvgDrawing(svg)).toBe(false)
    const parsed = portraitClaimsSchema.safeParse(claims(svg))
    expect(parsed.success).toBe(false)
    // The refusal never repeats the image.
    if (!parsed.success && svg.length > 20) expect(JSON.stringify(parsed.error.issues)).not.toContain(svg)
  })

  it('refuses an SVG that is not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from(`<svg ${NS}><title>`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('</title></svg>'),
    ])
    const parsed = portraitClaimsSchema.safeParse({
      portrait: { media_type: 'image/svg+xml', data: bytes.toString('base64') },
    })
    expect(parsed.success).toBe(false)
  })

  it('property: a drawing of allow-listed elements and attributes passes; one forbidden tag or attribute anywhere fails it', () => {
    const elements = [...SVG_PORTRAIT_ELEMENTS].filter(
      (name) => name !== 'svg' && name !== 'title' && name !== 'desc',
    )
    const attributes = [...SVG_PORTRAIT_ATTRIBUTES].filter((name) => name !== 'xmlns')
    const shape = fc
      .record({
        name: fc.constantFrom(...elements),
        attrs: fc.uniqueArray(
          fc.tuple(fc.constantFrom(...attributes), fc.stringMatching(/^[#0-9a-zA-Z .,-]{0,12}$/)),
          {
            selector: ([name]) => name,
            maxLength: 4,
          },
        ),
      })
      .map(({ name, attrs }) => `<${name}${attrs.map(([a, v]) => ` ${a}="${v}"`).join('')}/>`)
    const forbidden = fc.constantFrom(
      '<script/>',
      '<image href="x"/>',
      '<rect onload="x"/>',
      '<a/>',
      '<rect style="x"/>',
      '<use xlink:href="#a"/>',
      '<!--x-->',
      'text',
    )
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 8 }), forbidden, fc.nat(), (shapes, bad, at) => {
        const drawing = (parts: string[]) => `<svg ${NS}>${parts.join('')}</svg>`
        expect(isStaticSvgDrawing(drawing(shapes))).toBe(true)
        const spoiled = [...shapes]
        spoiled.splice(at % (shapes.length + 1), 0, bad)
        expect(isStaticSvgDrawing(drawing(spoiled))).toBe(false)
      }),
      { numRuns: 300 },
    )
  })
})
