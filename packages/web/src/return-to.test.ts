import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeReturnTo } from './return-to.js'

const ORIGIN = 'https://bank.example'

/** Where a browser goes when it follows `Location: <path>` from a page of the app. */
const resolved = (path: string) => new URL(path, `${ORIGIN}/auth/callback`)

describe('safeReturnTo', () => {
  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil',
    '/\\/evil.example',
    '\\\\evil.example',
    'https:evil',
    'https://evil.example',
    'http://evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil',
    '/%5C%5Cevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n//evil.example',
    '/\u0000evil',
    'evil.example',
    '.',
    '',
    '/%E0%A4%A',
  ])('R40: refuses %j (→ "/")', (value) => {
    expect(safeReturnTo(value)).toBe('/')
  })

  it.each([
    '/.//evil.example',
    '/./\\evil',
    '/a/..//evil.example',
    '/..//evil.example',
    '/x/../..//evil.example',
    '/%2e//evil.example',
    '/%2e%2e//evil.example',
    '/%2E/%2E//evil.example',
    // Found by the property below: normalises to `/%2F`, which decodes to `//`.
    '/../%2F',
  ])('R40: refuses dot segments that normalise into a scheme-relative URL: %j', (value) => {
    expect(safeReturnTo(value)).toBe('/')
  })

  it('R40: refuses values that are not strings, and overlong ones', () => {
    for (const value of [undefined, null, 42, ['/a', '/b'], { toString: () => '/a' }]) {
      expect(safeReturnTo(value)).toBe('/')
    }
    expect(safeReturnTo(`/${'a'.repeat(2048)}`)).toBe('/')
  })

  it('uses the given fallback', () => {
    expect(safeReturnTo('//evil.example', '/home')).toBe('/home')
  })

  it.each([
    ['/', '/'],
    ['/me', '/me'],
    ['/transfer?amount=5&to=VCB', '/transfer?amount=5&to=VCB'],
    ['/docs#section-2', '/docs#section-2'],
    ['/a/./b/../c', '/a/c'],
    ['/search?q=%2F%2Ffoo', '/search?q=%2F%2Ffoo'],
    ['/search?next=//elsewhere', '/search?next=//elsewhere'],
    ['/hồ-sơ', '/h%E1%BB%93-s%C6%A1'],
    ['/<script>', '/%3Cscript%3E'],
  ])('keeps the same-origin path %j (as %j)', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected)
  })

  it('R40: whatever the input, the browser stays on the app (property)', () => {
    const piece = fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2F',
      '%2f',
      '%5C',
      '%09',
      '\t',
      '\n',
      ':',
      '@',
      '?',
      '#',
      'evil.example',
      'https:',
      'javascript:',
      'a',
      ' ',
      '%',
      '%25',
      '%252F',
      '<',
      'ồ',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
        (value) => {
          const result = safeReturnTo(value)
          expect(result.startsWith('/')).toBe(true)
          expect(result.startsWith('//')).toBe(false)
          expect(resolved(result).origin).toBe(ORIGIN)
          // Stable: what comes out goes through again unchanged.
          expect(safeReturnTo(result)).toBe(result)
        },
      ),
      { numRuns: 5000 },
    )
  })
})
