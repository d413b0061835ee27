import type { NextFunction, Request, Response } from 'express'
import { describe, expect, it } from 'vitest'
import { cspNonce, securityHeaders } from './headers.js'

function run(
  method: string,
  path: string,
): { headers: Record<string, string>; nonce: unknown; called: boolean } {
  const headers: Record<string, string> = {}
  const res = {
    locals: {} as Record<string, unknown>,
    setHeader(name: string, value: string) {
      headers[name] = value
      return this
    },
  }
  let called = false
  const next: NextFunction = () => {
    called = true
  }
  securityHeaders({ method, path } as Request, res as unknown as Response, next)
  return { headers, nonce: res.locals.nonce, called }
}

describe('securityHeaders', () => {
  it('sets a CSP with the request nonce in style-src and script-src, and the other headers', () => {
    const { headers, nonce, called } = run('GET', '/interaction/abc')
    expect(called).toBe(true)
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(headers).toEqual({
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
  })

  it('lets a GET of /.well-known be cached, never a POST', () => {
    expect(run('GET', '/.well-known/openid-configuration').headers['Cache-Control']).toBeUndefined()
    expect(run('POST', '/.well-known/openid-configuration').headers['Cache-Control']).toBe('no-store')
  })
})

describe('cspNonce', () => {
  it('gives 16 bytes of base64, never the same twice, across refills of its pool', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2_000; i++) {
      const nonce = cspNonce()
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
      seen.add(nonce)
    }
    expect(seen.size).toBe(2_000)
  })

  it('spreads its bytes: every byte value turns up over 2,000 nonces', () => {
    const counts = new Array<number>(256).fill(0)
    for (let i = 0; i < 2_000; i++)
      for (const byte of Buffer.from(cspNonce(), 'base64')) counts[byte] = (counts[byte] ?? 0) + 1
    // 32,000 bytes, 125 of each value expected: a pool handed out twice or left unfilled would show here.
    expect(Math.min(...counts)).toBeGreaterThan(60)
    expect(Math.max(...counts)).toBeLessThan(200)
  })
})
