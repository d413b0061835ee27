import { isIP } from 'node:net'
import type { Request } from 'express'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Whether an address is a loopback address: `127.0.0.0/8`, `::1`, or `127.x.x.x` mapped into IPv6
 * (`::ffff:127.0.0.1`, how a dual-stack socket reports an IPv4 loopback peer).
 *
 * @example
 * ```ts
 * isLoopbackAddress('::ffff:127.0.0.1') // true
 * isLoopbackAddress('192.0.2.7') // false
 * ```
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const plain = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  if (isIP(plain) === 4) return plain.startsWith('127.')
  return plain === '::1' || plain === '0:0:0:0:0:0:0:1'
}

/**
 * The guard of what only the developer's own machine may see (the SMS outbox, the shared passcode on the
 * home page): true when the issuer is a loopback URL AND the request's connection is loopback at both
 * ends (it came from this machine, to a loopback address the server listens on). Read from the socket,
 * never from `X-Forwarded-For` or `Host`, which any client sets: with `--host 0.0.0.0` and no `--issuer`
 * (a container) the issuer is `http://127.0.0.1:<port>`, yet a request to the machine's network address
 * comes from the network and is refused.
 *
 * @example
 * ```ts
 * const fromThisMachine = localOnly(issuer)
 * app.get('/dev/sms', (req, res) => (fromThisMachine(req) ? showOutbox(res) : askForAdminToken(res)))
 * ```
 */
export function localOnly(issuer: string): (req: Request) => boolean {
  const loopbackIssuer = LOOPBACK_HOSTS.has(new URL(issuer).hostname)
  return (req) =>
    loopbackIssuer &&
    isLoopbackAddress(req.socket.remoteAddress) &&
    isLoopbackAddress(req.socket.localAddress) &&
    // A tunnel or proxy on this machine (ngrok, ssh -R, a TLS proxy) connects from loopback too: headers
    // can only deny here, never grant. A forwarded request, or one addressed to another host name, is
    // refused.
    !FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined) &&
    LOOPBACK_HOSTS.has(hostOf(req.headers.host))
}

// Not X-Forwarded-Host/Proto or Forwarded: the app rewrites those from the issuer on every request.
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-real-ip', 'via']

/** The host name of a `Host` header (`127.0.0.1:4000` → `127.0.0.1`, `[::1]:4000` → `[::1]`). */
function hostOf(host: string | undefined): string {
  if (!host) return ''
  return (
    host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '')
  ).toLowerCase()
}
