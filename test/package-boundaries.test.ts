import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Packages import each other only by package name, never by a relative path into another package's
 * files (issue #11): a relative import across packages skips the `exports` map users get, hides a
 * dependency from package.json, and draws arrows the architecture does not have (an adapter reaching into
 * the mock provider's sources). Shared test support is imported by name too: `@dinhdanh/test/support/*.js`.
 */
const root = fileURLToPath(new URL('..', import.meta.url))

/** The roots a file may import within: each workspace package, and the benches. */
const ROOTS = [
  ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`),
  ...readdirSync(join(root, 'examples')).map((name) => `examples/${name}`),
  'mock-idp',
  'test',
  'bench',
  'scripts',
]

/**
 * Relative imports across packages that are known and being removed (loudly listed, not failing). Empty
 * this list, never grow it.
 */
const KNOWN: ReadonlySet<string> = new Set<string>([])

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sources(path))
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

const rootOf = (file: string) =>
  ROOTS.filter((r) => file === r || file.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0]

describe('package boundaries', () => {
  const crossings: string[] = []
  for (const start of ROOTS) {
    const dir = join(root, start)
    for (const file of statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? sources(dir) : []) {
      const own = relative(root, file).split(sep).join('/')
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = relative(root, resolve(dirname(file), match[1] ?? ''))
          .split(sep)
          .join('/')
        const targetRoot = rootOf(target)
        if (targetRoot !== undefined && targetRoot !== rootOf(own)) crossings.push(`${own} -> ${targetRoot}`)
      }
    }
  }
  const unique = [...new Set(crossings)].sort()

  it('no package imports another package by a relative path (only by its name)', () => {
    const known = unique.filter((crossing) => KNOWN.has(crossing))
    if (known.length > 0)
      console.warn(`⚠ known cross-package relative imports still to remove (#11):\n  ${known.join('\n  ')}`)
    expect(unique.filter((crossing) => !KNOWN.has(crossing))).toEqual([])
  })

  it('the list of known crossings holds only crossings that still exist', () => {
    expect([...KNOWN].filter((crossing) => !unique.includes(crossing))).toEqual([])
  })
})
