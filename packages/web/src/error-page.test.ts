import { EID_ERROR_CODES } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { escapeHtml, renderSignInErrorPage } from './error-page.js'

describe('escapeHtml', () => {
  it('R42: escapes markup in a citizen name', () => {
    expect(escapeHtml('Nguyễn <script>alert("x")</script> & \'An\'')).toBe(
      'Nguyễn &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;An&#39;',
    )
    expect(escapeHtml('"><img src=x onerror=alert(1)>')).not.toMatch(/[<>"]/)
  })

  it('R42: removes NUL and other control characters', () => {
    expect(escapeHtml('Trần\u0000Thị\u0007\u001b[31mNgọc\u007f\u0085')).toBe('TrầnThị[31mNgọc')
  })

  it('R42: caps a 10 kB string (500 characters by default) without splitting a character', () => {
    const long = 'Ạ'.repeat(10_240)
    expect(Array.from(escapeHtml(long))).toHaveLength(500)
    expect(escapeHtml(long, 20)).toBe('Ạ'.repeat(20))
    const emoji = `${'a'.repeat(499)}😀😀`
    const capped = escapeHtml(emoji)
    expect(capped).toBe(`${'a'.repeat(499)}😀`)
    expect(/\p{Cs}/u.test(capped)).toBe(false)
    // The cap applies to what is shown; escaping may lengthen it, never unescape it.
    expect(escapeHtml('<'.repeat(10_000))).toBe('&lt;'.repeat(500))
  })

  it('renders nothing for undefined and null', () => {
    expect(escapeHtml(undefined)).toBe('')
    expect(escapeHtml(null)).toBe('')
  })
})

describe('renderSignInErrorPage', () => {
  it('R42: escapes the retry link and the code, and is a complete Vietnamese-then-English page', () => {
    const page = renderSignInErrorPage(
      '"><script>alert(1)</script>' as 'ERR_EID_CSRF',
      '/auth/login?x="><script>alert(2)</script>',
    )
    expect(page).not.toContain('<script>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('href="/auth/login?x=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"')
    expect(page.startsWith('<!doctype html><html lang="vi">')).toBe(true)
    expect(page.indexOf('lang="vi"')).toBeLessThan(page.indexOf('lang="en"'))
  })

  it('explains a missing transaction: 10 minutes, cookies, another browser', () => {
    for (const code of ['ERR_EID_TRANSACTION_INVALID', 'ERR_EID_TRANSACTION_MISSING'] as const) {
      const page = renderSignInErrorPage(code, '/auth/login')
      expect(page).toContain('more than 10 minutes')
      expect(page).toContain('block cookies')
      expect(page).toContain('another browser')
      expect(page).toContain('quá 10 phút')
    }
  })

  it('has a page for every error code, with the code and a way to start again', () => {
    for (const code of EID_ERROR_CODES) {
      const page = renderSignInErrorPage(code, '/auth/login')
      expect(page).toContain(`<code>${code}</code>`)
      expect(page).toContain('<a class="button" href="/auth/login">Đăng nhập lại</a>')
      expect(page).toContain('<a class="button" href="/auth/login">Sign in again</a>')
    }
  })

  it('speaks the language the site chose first, the other a click away, and is styled', () => {
    const english = renderSignInErrorPage('ERR_EID_ACCESS_DENIED', '/auth/login', { lang: 'en' })
    expect(english).toMatch(/^<!doctype html><html lang="en">/)
    expect(english.indexOf('Sign-in failed')).toBeLessThan(english.indexOf('Không thể đăng nhập'))
    expect(english).toContain('<details lang="vi"><summary>Tiếng Việt</summary>')
    expect(english).toContain('<style>')
    const vietnamese = renderSignInErrorPage('ERR_EID_ACCESS_DENIED', '/auth/login')
    expect(vietnamese.indexOf('Không thể đăng nhập')).toBeLessThan(vietnamese.indexOf('Sign-in failed'))
  })

  it('tells a signed-in citizen who went Back to an old callback that nothing changed, and offers to go on', () => {
    const page = renderSignInErrorPage('ERR_EID_TRANSACTION_INVALID', '/auth/login', { signedIn: true })
    expect(page).toContain('Bạn đã đăng nhập rồi')
    expect(page).toContain('<a class="button" href="/">Tiếp tục</a>')
    expect(page).not.toContain('Đăng nhập lại')
    expect(page).toContain('<code>ERR_EID_TRANSACTION_INVALID</code>')
    // Only for a missing attempt: another error stays what it is.
    expect(renderSignInErrorPage('ERR_EID_ACCESS_DENIED', '/auth/login', { signedIn: true })).toContain(
      'Đăng nhập lại',
    )
  })
})
