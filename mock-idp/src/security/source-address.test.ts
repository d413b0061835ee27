import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { sourceAddress, trustedProxies } from './source-address.js'

const request = (remoteAddress: string, forwarded?: string, trusted: string[] = []) =>
  ({
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    app: { locals: { trustedProxies: trustedProxies(trusted) } },
  }) as unknown as Request

describe('sourceAddress', () => {
  it('is the peer, or the last forwarded hop only behind a proxy on this machine or listed', () => {
    expect(sourceAddress(request('203.0.113.9', '127.0.0.1'))).toBe('203.0.113.9')
    expect(sourceAddress(request('::ffff:127.0.0.1', '10.0.0.1, 198.51.100.7'))).toBe('198.51.100.7')
    expect(sourceAddress(request('192.0.2.50', '198.51.100.7'))).toBe('192.0.2.50')
    expect(sourceAddress(request('192.0.2.50', '198.51.100.7', ['192.0.2.50']))).toBe('198.51.100.7')
    expect(sourceAddress(request('127.0.0.1', 'not-an-ip'))).toBe('127.0.0.1')
  })

  it('review finding: counts an IPv6 source by its /64, so one subscriber cannot spread attempts over its block', () => {
    expect(sourceAddress(request('2001:db8:1:2::1'))).toBe('2001:db8:1:2::/64')
    expect(sourceAddress(request('2001:db8:1:2:ffff:ffff:ffff:ffff'))).toBe('2001:db8:1:2::/64')
    expect(sourceAddress(request('2001:DB8::1'))).toBe('2001:db8:0:0::/64')
    expect(sourceAddress(request('::1', '2001:db8:1:3::7'))).toBe('2001:db8:1:3::/64')
    expect(sourceAddress(request('2001:db8:1:2::1'))).not.toBe(sourceAddress(request('2001:db8:1:3::1')))
  })
})
