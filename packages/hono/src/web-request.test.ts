import { describe, expect, it } from 'vitest'
import { toWebRequest } from './web-request.js'

describe('toWebRequest', () => {
  it('review finding: a path like //evil.example/… keeps the configured origin, and the raw query', () => {
    const raw = new Request('http://internal.invalid:8080//evil.example/auth/callback?code=a+b/c==&state=s')
    const url = new URL(toWebRequest(raw, 'https://shop.test').url)
    expect(url.origin).toBe('https://shop.test')
    expect(url.pathname).toBe('//evil.example/auth/callback')
    expect(url.search).toBe('?code=a+b/c==&state=s')
  })
})
