import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * One test browser (issue #11): `@dinhdanh/testing/browser` keeps the cookies of every test that acts as a
 * browser. A module that reads `Set-Cookie` headers into a jar of its own (`getSetCookie()` in a loop that
 * splits `name=value`, or a regular expression over `set-cookie`) is a second cookie jar: it drifts (one
 * forgets `Path`, another `Max-Age`, a third the 4096-byte limit), and a test passes in one browser that a
 * real one would fail. This test finds them by what they do, not by their names.
 *
 * Reading a `Set-Cookie` header to assert what a server sent (`.getSetCookie()` in an `expect`) is fine;
 * parsing it to keep and send back cookies is what the shared browser is for.
 */
const root = fileURLToPath(new URL('..', import.meta.url))

/** The one module allowed to parse `Set-Cookie` headers into a jar. */
const THE_JAR = 'packages/testing/src/browser/cookie-jar.ts'

/**
 * Modules that still keep cookies of their own, each with why it may. Empty this list, never grow it
 * without a reason a reviewer accepts.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  // docs/testing.md teaches a dependency-free "browser in twenty lines"; this test runs it as the page shows.
  'test/docs-testing-examples.test.ts': 'runs the dependency-free browser docs/testing.md shows',
}

const SCANNED = ['packages', 'mock-idp/src', 'examples', 'test', 'bench', 'scripts']

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sources(path))
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/**
 * Does `text` keep cookies of its own? Any of: a loop over `Set-Cookie` headers that splits each at `;`
 * (then at `=`), a `getSetCookie()` list mapped to `name=value` pairs and kept, a `parseSetCookie`
 * function, or a class named as a jar. Reading one header to assert on it is none of these.
 */
export function parsesSetCookie(text: string): boolean {
  const lines = text.split('\n')
  const loop = lines.some((line, index) => {
    const variable = /for\s*\(\s*const\s+(\w+)\s+of\b/.exec(line)?.[1]
    if (variable === undefined) return false
    const body = lines.slice(index + 1, index + 5).join('\n')
    return new RegExp(`\\b${variable}\\.split\\(\\s*(?:';'|"; ?"|/;)`).test(body) && /=/.test(body)
  })
  const kept =
    /getSetCookie\(\)\s*\.map\([^)]*\)?\s*=>[^)]*\.split\(\s*';'\s*\)\s*\[0\]/.test(text) &&
    /\.push\(\s*\.\.\.[^)]*getSetCookie/.test(text)
  const named = /\bfunction\s+parseSetCookie\b|\bclass\s+\w*(?:CookieJar|CookieStore|Jar)\b/.test(text)
  return loop || kept || named
}

describe('one cookie jar', () => {
  const found = SCANNED.flatMap((start) => {
    const dir = join(root, start)
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? sources(dir) : []
  })
    .map((file) => relative(root, file).split(sep).join('/'))
    .filter((file) => file !== THE_JAR && file !== 'test/one-cookie-jar.test.ts')
    .filter((file) => parsesSetCookie(readFileSync(join(root, file), 'utf8')))
    .sort()

  it('only @dinhdanh/testing/browser parses Set-Cookie headers into a jar', () => {
    const allowed = found.filter((file) => file in ALLOWED)
    if (allowed.length > 0)
      console.warn(`⚠ cookie jars of their own, still allowed (#11):\n  ${allowed.join('\n  ')}`)
    expect(found.filter((file) => !(file in ALLOWED))).toEqual([])
  })

  it('allows only modules that still parse Set-Cookie headers', () => {
    expect(Object.keys(ALLOWED).filter((file) => !found.includes(file))).toEqual([])
  })

  it('recognises a jar of its own (as the six browsers before #11 kept them), not an assertion', () => {
    // The fastify plugin's test browser, before #11.
    const store = `for (const header of headers) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
      const separator = pair.indexOf('=')`
    // signInThroughApp, before #11.
    const inline = `for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const separator = pair.indexOf('=')`
    const pushed = "jar.push(...response.headers.getSetCookie().map((c) => c.split(';')[0] ?? ''))"
    expect(
      [store, inline, pushed, 'class SelftestJar {', 'function parseSetCookie(header) {'].map(
        parsesSetCookie,
      ),
    ).toEqual([true, true, true, true, true])
    const assertion =
      "expect(page.headers.getSetCookie().find((h) => h.startsWith('a='))?.split(';')[0]).toBe('a=1')"
    expect(parsesSetCookie(assertion)).toBe(false)
    expect(parsesSetCookie(readFileSync(join(root, THE_JAR), 'utf8'))).toBe(true)
  })
})
