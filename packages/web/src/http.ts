/**
 * The few HTTP facts the rules need from a web-standard `Request`, and the responses they answer with.
 * Framework-free: no adapter parses `Accept` or `Origin` itself.
 */

/** The media ranges of an `Accept` header with their quality (RFC 9110 section 12.5.1). */
function mediaRanges(header: string | null): { type: string; q: number }[] {
  if (!header) return [{ type: '*/*', q: 1 }]
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase())
    const q = params.find((p) => p.startsWith('q='))
    const quality = q === undefined ? 1 : Number(q.slice(2))
    return { type, q: Number.isFinite(quality) ? quality : 0 }
  })
}

/**
 * Whether a request accepts `mime` (e.g. `text/html`), wildcards included; a missing `Accept` accepts all.
 *
 * @example
 * ```ts
 * accepts(new Request('http://x/', { headers: { accept: 'application/json' } }), 'text/html') // false
 * ```
 */
export function accepts(request: Request, mime: string): boolean {
  const [major] = mime.split('/')
  return mediaRanges(request.headers.get('accept')).some(
    ({ type, q }) => q > 0 && (type === mime || type === '*/*' || type === `${major}/*`),
  )
}

/**
 * An API call, which cannot follow a redirect to the provider's screens: any method but GET, or a request
 * that accepts JSON and not HTML.
 *
 * @example
 * ```ts
 * if (isApiCall(request)) return json(401, { error: 'sign_in_required' })
 * ```
 */
export function isApiCall(request: Request): boolean {
  return request.method !== 'GET' || (accepts(request, 'application/json') && !accepts(request, 'text/html'))
}

/**
 * Whether a state-changing request comes from this app's own pages (`Sec-Fetch-Site`, `Origin`).
 *
 * @example
 * ```ts
 * if (!sameOrigin(request, 'https://bank.example')) return csrfRefused()
 * ```
 */
export function sameOrigin(request: Request, baseUrl: string): boolean {
  const site = request.headers.get('sec-fetch-site')
  if (site !== null && site !== 'same-origin' && site !== 'none') return false
  const origin = request.headers.get('origin')
  // A page served with `Referrer-Policy: no-referrer` makes Chromium send `Origin: null` with its own
  // forms; `Sec-Fetch-Site: same-origin` (set by the browser, never by a page) then vouches for it.
  if (origin === 'null') return site === 'same-origin'
  return origin === null || origin === new URL(baseUrl).origin
}

/** The body was larger than the route allows. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`)
  }
}

/**
 * Reads a request body as text, refusing more than `limit` bytes without reading the rest.
 *
 * @example
 * ```ts
 * const text = await readText(request, 16 * 1024)
 * ```
 */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) throw new BodyTooLargeError(limit)
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new BodyTooLargeError(limit)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads an `application/x-www-form-urlencoded` body (other content types give an empty form).
 *
 * @example
 * ```ts
 * const form = await readForm(request, 4096)
 * form.get('_csrf')
 * ```
 */
export async function readForm(request: Request, limit: number): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return new URLSearchParams()
  return new URLSearchParams(await readText(request, limit))
}

/**
 * A redirect that is never cached.
 *
 * @example
 * ```ts
 * return redirect(303, '/account')
 * ```
 */
export function redirect(status: 301 | 302 | 303 | 307 | 308, location: string): Response {
  return new Response(null, { status, headers: { location, 'cache-control': 'no-store' } })
}

/**
 * A JSON response that is never cached.
 *
 * @example
 * ```ts
 * return json(400, { error: 'invalid_request' })
 * ```
 */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/**
 * A plain-text response.
 *
 * @example
 * ```ts
 * return text(400, 'Bad sign-in request: ...')
 * ```
 */
export function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
