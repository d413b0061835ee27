import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { toWebRequest } from './web-request.js'

describe('toWebRequest', () => {
  it('review finding: a path like //evil.example/… keeps the configured origin, and the raw query', () => {
    const req = {
      originalUrl: '//evil.example/auth/callback?code=a+b/c==&state=s',
      headers: { cookie: 'x=1' },
      method: 'GET',
    } as unknown as Request
    const request = toWebRequest(req, 'https://bank.test')
    const url = new URL(request.url)
    expect(url.origin).toBe('https://bank.test')
    expect(url.pathname).toBe('//evil.example/auth/callback')
    expect(request.url).toContain('code=a+b/c==')
    expect(request.headers.get('cookie')).toBe('x=1')
  })
})
