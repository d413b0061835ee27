import { isIP } from 'node:net'
import type { Request } from 'express'
import { isLoopbackAddress } from './local-only.js'

/**
 * The address a request comes from, for throttling (O11, finding 6 of issue 12): the socket's peer; when
 * that peer is on this machine (a TLS proxy in front of the mock, as the README suggests for a public URL),
 * the last `X-Forwarded-For` hop, which that proxy appended. Earlier hops are whatever the client sent and
 * are ignored. Never used to open anything (see `localOnly`): only to keep one address's failures from
 * slowing the same citizen at other addresses.
 *
 * @example
 * ```ts
 * sourceAddress(req) // '198.51.100.7' behind a local proxy, '203.0.113.9' when reached directly
 * ```
 */
export function sourceAddress(req: Request): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown')
  if (!isLoopbackAddress(peer)) return peer
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .at(-1)
  return forwarded && isIP(normalise(forwarded)) ? normalise(forwarded) : peer
}

/** One spelling per address: IPv4 mapped into IPv6 as plain IPv4, lower case. */
function normalise(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
}
