import { describe, expect, it } from 'vitest'
import { decodeEntities, fieldValue, findForm, textOf } from './forms.js'

const PAGE = `<!doctype html><html><head><style>p { color: red }</style><script>var x = '<b>'</script></head>
<body><h1>Xin ch&#224;o&nbsp;b&#7841;n</h1>
<form method="get" action="/search"><input name="q" value="a&amp;b"></form>
<form id="consent" method="post" action="/interaction/abc/consent">
  <input type="hidden" name="csrf" value="t0k&#39;en"/>
  <input type="hidden" name="lang" value="vi">
  <input type="checkbox" name="attributes" value="identity">
  <button type="submit" name="decision" value="allow">Đồng ý</button>
</form></body></html>`

describe('forms', () => {
  it('fieldValue reads an input or a button by name, decoded, and throws naming a missing field', () => {
    expect(fieldValue(PAGE, 'csrf')).toBe("t0k'en")
    expect(fieldValue({ body: PAGE }, 'q')).toBe('a&b')
    expect(fieldValue(PAGE, 'decision')).toBe('allow')
    expect(() => fieldValue(PAGE, '_csrf')).toThrow(/no field named _csrf/)
  })

  it('findForm finds a form by action (suffix, RegExp or predicate) with its hidden fields only', () => {
    const consent = findForm(PAGE, '/consent')
    expect(consent).toMatchObject({ action: '/interaction/abc/consent', method: 'post' })
    expect(consent.hidden).toEqual({ csrf: "t0k'en", lang: 'vi' })
    expect(findForm(PAGE, /search/).method).toBe('get')
    expect(findForm(PAGE, (form) => form.html.includes('id="consent"')).action).toBe(
      '/interaction/abc/consent',
    )
    expect(findForm(PAGE).action).toBe('/search')
    expect(() => findForm(PAGE, '/logout')).toThrow(/no form matching \/logout/)
  })

  it('textOf drops tags, styles and scripts, decodes references and collapses whitespace', () => {
    const text = textOf(PAGE)
    expect(text.startsWith('Xin chào bạn ')).toBe(true)
    expect(text).toContain('Đồng ý')
    expect(text).not.toContain('color')
    expect(text).not.toContain('var x')
    expect(textOf('<p>a &amp; b\n\n  <b>c</b></p>')).toBe('a & b c')
  })

  it('decodeEntities decodes numeric and the named references the servers write', () => {
    expect(decodeEntities('&#x1EC7;&#7879;&quot;&lt;&gt;&amp;lt;')).toBe('ệệ"<>&lt;')
  })
})
