import { isIP } from 'node:net'
import type { Request } from 'express'
import { isLoopbackAddress } from './local-only.js'

/**
 * The address a request comes from, for throttling (O11, finding 6 of issue 12): the socket's peer; when
 * that peer is a proxy this mock trusts (on this machine, or listed with `--trust-proxy`, the TLS proxy in
 * front of it), the last `X-Forwarded-For` hop that proxy appended. Earlier hops are whatever the client
 * sent and are ignored. An IPv6 source counts by its /64, the block one subscriber gets, so a stranger
 * cannot spread attempts over addresses of their own block. Never used to open anything (see `localOnly`):
 * only to keep one address's failures from slowing the same citizen at other addresses.
 *
 * @example
 * ```ts
 * sourceAddress(req) // '198.51.100.7' behind a trusted proxy, '2001:db8:1:2::/64' for an IPv6 peer
 * ```
 */
export function sourceAddress(req: Request): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown')
  const trusted = (req.app?.locals?.trustedProxies as ReadonlySet<string> | undefined) ?? new Set<string>()
  if (!isLoopbackAddress(peer) && !trusted.has(peer)) return blockOf(peer)
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .at(-1)
  return forwarded && isIP(normalise(forwarded)) ? blockOf(normalise(forwarded)) : blockOf(peer)
}

/**
 * The proxies whose `X-Forwarded-For` is believed, from `--trust-proxy` (addresses, normalised).
 *
 * @example
 * ```ts
 * app.locals.trustedProxies = trustedProxies(['10.0.0.5'])
 * ```
 */
export function trustedProxies(addresses: readonly string[]): ReadonlySet<string> {
  return new Set(addresses.map(normalise))
}

/** One spelling per address: IPv4 mapped into IPv6 as plain IPv4, lower case. */
function normalise(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
}

/** An IPv4 address as it is; an IPv6 address as its /64 (`2001:db8:1:2::/64`). */
function blockOf(address: string): string {
  if (isIP(address) !== 6) return address
  const [head = '', tail = ''] = address.split('::')
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]))
  const left = groups(head)
  const right = address.includes('::') ? groups(tail) : []
  const full = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${full
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`
}
