import { describe, expect, it } from 'vitest'
import { type CaseResult, escapeXml, formatJunit, formatTable } from './report.js'

const results: CaseResult[] = [
  {
    id: 'valid-sign-in',
    title: 'Valid sign-in',
    forged: 'nothing',
    expected: 'accepted',
    outcome: 'passed',
    got: 'accepted (HTTP 200 at /me)',
    durationMs: 120,
  },
  {
    id: 'alg-none',
    title: 'alg: none',
    forged: 'ID token unsigned',
    expected: 'refused',
    outcome: 'failed',
    got: 'ACCEPTED (HTTP 200 at /me)',
    detail: 'the relying party signed the browser in: <script>x()</script> & "quotes" \'apos\'',
    durationMs: 80,
  },
  {
    id: 'error-markup',
    title: 'Markup in error_description',
    forged: 'error_description=<script>x()</script> & "quotes" \'apos\'',
    expected: 'refused',
    outcome: 'passed',
    got: 'refused',
    durationMs: 50,
  },
  {
    id: 'auth-time-too-old',
    title: 'auth_time older than max_age',
    forged: 'auth_time',
    expected: 'refused',
    outcome: 'not-applicable',
    got: 'not applicable: the relying party sent no max_age',
    durationMs: 40,
  },
  {
    id: 'userinfo-sub',
    title: 'userinfo sub differs',
    forged: 'sub',
    expected: 'refused',
    outcome: 'error',
    got: 'could not run: HTTP 500 at /auth/callback',
    detail: 'control \u0001 character and a lone surrogate \uD800 here',
    durationMs: 30,
  },
]

describe('formatTable', () => {
  it('has a header, one row per case with its mark, and a summary with the details of failures and errors', () => {
    const lines = formatTable(results).split('\n')
    expect(lines[0]).toMatch(/^case +\| what was forged +\| expected +\| got$/)
    expect(lines[1]).toMatch(/^-+-\+-+/)
    expect(lines[2]).toMatch(/^ok valid-sign-in +\| nothing +\| accepted +\| accepted \(HTTP 200 at \/me\)$/)
    expect(lines[3]).toMatch(/^FAIL alg-none /)
    expect(lines[5]).toMatch(/^n\/a auth-time-too-old /)
    expect(lines[6]).toMatch(/^ERROR userinfo-sub /)
    expect(lines).toContain('5 cases: 2 as expected, 1 failed, 1 not applicable, 1 errors')
    expect(lines.some((line) => line.startsWith('alg-none: the relying party signed the browser in'))).toBe(
      true,
    )
  })
})

describe('formatJunit', () => {
  const xml = formatJunit(results, { suite: 'bank & "friends"' })

  it('counts tests, failures, errors and skips, and names the suite escaped', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bank &amp; &quot;friends&quot;"',
      ),
    ).toBe(true)
    expect(xml).toContain('tests="5" failures="1" errors="1" skipped="1" time="0.320"')
  })

  it('makes an accepted forgery a failure, a broken case an error, an inapplicable one a skip', () => {
    expect(xml).toMatch(
      /<testcase classname="[^"]+" name="alg-none: alg: none" time="0\.080">\s*<failure message="expected refused, got ACCEPTED \(HTTP 200 at \/me\)" type="forgery-accepted">/,
    )
    expect(xml).toMatch(/name="userinfo-sub: userinfo sub differs"[^>]*>\s*<error message="could not run/)
    expect(xml).toMatch(/name="auth-time-too-old: [^"]+"[^>]*>\s*<skipped message="not applicable/)
    expect(xml).toMatch(/name="valid-sign-in: Valid sign-in" time="0\.120"><\/testcase>/)
  })

  it('escapes markup, ampersands and quotes, and drops characters XML cannot carry', () => {
    expect(xml).not.toContain('<script>')
    expect(xml).toContain('&lt;script&gt;x()&lt;/script&gt; &amp; &quot;quotes&quot; &apos;apos&apos;')
    expect(xml.includes('\u0001') || xml.includes('\uD800')).toBe(false)
    expect(xml).toContain('control  character and a lone surrogate  here')
  })

  it('escapeXml keeps Vietnamese and emoji (valid surrogate pairs) as they are', () => {
    expect(escapeXml('Nguyễn Văn An 👍 <b>')).toBe('Nguyễn Văn An 👍 &lt;b&gt;')
  })
})
