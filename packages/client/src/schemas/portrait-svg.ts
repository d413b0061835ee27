/**
 * What an SVG portrait may contain: a static drawing and nothing else. An SVG is a document that can hold
 * script, event handlers, `<foreignObject>` HTML, external references and entity definitions; shown
 * through `<img>` none of that runs, but a relying party that stores the portrait and later serves it
 * from its own origin would turn a hostile provider's "image" into stored cross-site scripting. So the
 * check is an allow-list, not a clean-up: every tag must be one of {@link SVG_PORTRAIT_ELEMENTS} with only
 * {@link SVG_PORTRAIT_ATTRIBUTES}, values may reference nothing but fragments of the same drawing
 * (`url(#id)`), and anything else (comments, CDATA, doctypes, processing instructions other than the
 * leading XML declaration, text outside `<title>`/`<desc>`, entities other than the five XML ones) makes
 * the portrait invalid. Nothing is parsed beyond that.
 */

/**
 * The elements of a static drawing.
 *
 * @example
 * ```ts
 * SVG_PORTRAIT_ELEMENTS.has('script') // false
 * ```
 */
export const SVG_PORTRAIT_ELEMENTS: ReadonlySet<string> = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
])

/**
 * The attributes of a static drawing: geometry and presentation, no event handlers, no links.
 *
 * @example
 * ```ts
 * SVG_PORTRAIT_ATTRIBUTES.has('onload') // false
 * ```
 */
export const SVG_PORTRAIT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'xmlns',
  'version',
  'id',
  'viewBox',
  'preserveAspectRatio',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'd',
  'points',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'clip-path',
  'clip-rule',
  'mask',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
])

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg'
const XML_DECLARATION = /^<\?xml\s[^<>?]*\?>/
const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z][A-Za-z0-9:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y
const ATTRIBUTE = /([A-Za-z][A-Za-z0-9:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
/** The five XML entities and numeric references; no other `&`. */
const TEXT = /^(?:[^<>&]|&(?:amp|lt|gt|quot|apos|#[0-9]{1,6}|#x[0-9A-Fa-f]{1,6});)*$/
/** `url(...)` that is not a same-document fragment. */
const EXTERNAL_URL = /url\s*\(\s*(?!['"]?#)/i

function valueAllowed(name: string, value: string): boolean {
  if (!TEXT.test(value) || EXTERNAL_URL.test(value)) return false
  return name !== 'xmlns' || value === SVG_NAMESPACE
}

/**
 * Whether an SVG document is a static drawing fit to be a portrait (see the module's description):
 * `<svg>` is the root, the only elements and attributes are the allow-listed ones, and nothing refers
 * outside the drawing.
 *
 * @example
 * ```ts
 * isStaticSvgDrawing('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>') // true
 * isStaticSvgDrawing('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') // false
 * ```
 */
export function isStaticSvgDrawing(document: string): boolean {
  let rest = document.replace(/^\uFEFF/, '').trim()
  const declaration = XML_DECLARATION.exec(rest)
  if (declaration) rest = rest.slice(declaration[0].length).trimStart()
  const open: string[] = []
  let index = 0
  let sawRoot = false
  while (index < rest.length) {
    const next = rest.indexOf('<', index)
    const text = rest.slice(index, next === -1 ? rest.length : next)
    // Text only inside <title>/<desc>; whitespace anywhere.
    if (text.trim() !== '' && !(open.at(-1) === 'title' || open.at(-1) === 'desc')) return false
    if (!TEXT.test(text)) return false
    if (next === -1) break
    TAG.lastIndex = next
    const tag = TAG.exec(rest)
    if (!tag) return false
    const [whole, closing, name = '', attributes = '', selfClosing] = tag
    if (!SVG_PORTRAIT_ELEMENTS.has(name)) return false
    if (closing) {
      if (attributes.trim() !== '' || selfClosing || open.pop() !== name) return false
    } else {
      if (open.length === 0 && (sawRoot || name !== 'svg')) return false
      sawRoot = true
      for (const [, attribute = '', double, single] of attributes.matchAll(ATTRIBUTE)) {
        if (!SVG_PORTRAIT_ATTRIBUTES.has(attribute) || !valueAllowed(attribute, double ?? single ?? ''))
          return false
      }
      if (!selfClosing) open.push(name)
    }
    index = next + whole.length
  }
  return sawRoot && open.length === 0
}
