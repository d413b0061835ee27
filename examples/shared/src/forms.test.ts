import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { fromThisSite, readCookie, sameSecret, signedInFormValid } from './forms.js'

function request(headers: Record<string, string>, extra: Partial<Request> = {}): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { headers: lower, get: (name: string) => lower[name.toLowerCase()], ...extra } as unknown as Request
}

describe('readCookie', () => {
  it('reads one cookie among others, decoded; a broken encoding is absent', () => {
    const req = request({ cookie: 'a=1; age_check=x%2By; b=2' })
    expect(readCookie(req, 'age_check')).toBe('x+y')
    expect(readCookie(req, 'age')).toBeUndefined()
    expect(readCookie(request({ cookie: 'age_check=%E0%A4%A' }), 'age_check')).toBeUndefined()
    expect(readCookie(request({}), 'age_check')).toBeUndefined()
  })
})

describe('sameSecret', () => {
  it('is true only for the same string, and never throws on other lengths or types', () => {
    expect(sameSecret('2468', '2468')).toBe(true)
    expect(sameSecret('2469', '2468')).toBe(false)
    expect(sameSecret('24680', '2468')).toBe(false)
    expect(sameSecret(undefined, '2468')).toBe(false)
    expect(sameSecret(['2468'], '2468')).toBe(false)
  })
})

describe('fromThisSite', () => {
  const base = 'http://localhost:3001'
  it('accepts same-origin posts, and Origin null only when Sec-Fetch-Site vouches for it', () => {
    expect(fromThisSite(request({ origin: base, 'sec-fetch-site': 'same-origin' }), base)).toBe(true)
    expect(fromThisSite(request({}), base)).toBe(true) // an old client sends neither
    expect(fromThisSite(request({ origin: 'null', 'sec-fetch-site': 'same-origin' }), base)).toBe(true)
    expect(fromThisSite(request({ origin: 'null' }), base)).toBe(false)
    expect(fromThisSite(request({ origin: 'http://evil.example' }), base)).toBe(false)
    expect(fromThisSite(request({ origin: base, 'sec-fetch-site': 'cross-site' }), base)).toBe(false)
    expect(fromThisSite(request({ 'sec-fetch-site': 'same-site' }), base)).toBe(false)
  })
})

describe('signedInFormValid', () => {
  const base = 'http://localhost:3001'
  const signedIn = (body: unknown, headers: Record<string, string> = { origin: base }) =>
    request(headers, {
      body,
      eid: { isSignedIn: true, csrfToken: 'token-of-this-session' },
    } as Partial<Request>)
  it("needs the session's token and a post from this site, and a session", () => {
    expect(signedInFormValid(signedIn({ _csrf: 'token-of-this-session' }), base)).toBe(true)
    expect(signedInFormValid(signedIn({ _csrf: 'token-of-another-one' }), base)).toBe(false)
    expect(signedInFormValid(signedIn({}), base)).toBe(false)
    expect(
      signedInFormValid(
        signedIn({ _csrf: 'token-of-this-session' }, { origin: 'http://evil.example' }),
        base,
      ),
    ).toBe(false)
    const signedOut = request({ origin: base }, {
      body: { _csrf: 'anonymous' },
      eid: { isSignedIn: false, csrfToken: 'anonymous' },
    } as Partial<Request>)
    expect(signedInFormValid(signedOut, base)).toBe(false)
  })
})
