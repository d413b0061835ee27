/**
 * Where to send the browser after sign-in: only a same-origin relative path (R40). `//evil.example`,
 * `/\evil`, `https:evil`, control characters, encoded slashes that decode to a scheme-relative URL, dot
 * segments that normalise to one (`/.//evil.example`): all become `fallback`.
 *
 * @example
 * ```ts
 * safeReturnTo('/transfer?amount=5') // '/transfer?amount=5'
 * safeReturnTo('//evil.example') // '/'
 * ```
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback
  // Control characters (tab and newline are stripped by URL parsers and can rebuild `//`).
  if (/\p{Cc}/u.test(value)) return fallback
  let decoded = value
  try {
    decoded = decodeURIComponent(value)
  } catch {
    return fallback
  }
  if (decoded.startsWith('//') || decoded.includes('\\')) return fallback
  const base = 'http://return-to.invalid'
  const url = new URL(value, base)
  if (url.origin !== base) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // The parser resolves dot segments and encodes, so `/.//evil` or `/a/..//evil` come out scheme-relative:
  // what it produced goes through the same checks (once: serialising a parsed URL again changes nothing).
  return path === value ? path : safeReturnTo(path, fallback)
}
