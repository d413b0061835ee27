import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Every negative case in docs/security.md has at least one test named after its id (`it('R15: …')`) in
 * the package that owns it, as soon as that package exists.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
/**
 * Owners whose package exists but is still being built (its issue open): their missing cases are
 * listed loudly instead of failing. Remove an owner from here when its issue closes.
 */
const IN_PROGRESS = new Set<string>([])

const OWNERS: Record<string, string> = {
  client: 'packages/client',
  express: 'packages/express',
  web: 'packages/web',
  'mock-idp': 'mock-idp',
  examples: 'examples',
}

function testFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...testFiles(path))
    else if (/\.test\.ts$/.test(name)) out.push(path)
  }
  return out
}

const rows = [
  ...readFileSync(join(root, 'docs/security.md'), 'utf8').matchAll(
    /^\|\s*([RO]\d\d|F\d+)\s*\|.*\|\s*([\w-]+)\s*\|\s*$/gm,
  ),
].map((match) => ({ id: match[1] ?? '', owner: match[2] ?? '' }))

describe('docs/security.md', () => {
  it('lists the relying-party and provider cases with an owner each', () => {
    expect(rows.length).toBeGreaterThanOrEqual(45)
    for (const row of rows) expect(Object.keys(OWNERS), row.id).toContain(row.owner)
  })

  for (const [owner, dir] of Object.entries(OWNERS)) {
    const ids = rows.filter((row) => row.owner === owner).map((row) => row.id)
    const present = existsSync(join(root, dir))
    it(`every case owned by ${owner} has a test named after its id${present ? '' : ' (package not built yet)'}`, () => {
      if (!present) {
        console.warn(`⚠ ${dir} does not exist yet: its ${ids.length} security cases are not checked`)
        return
      }
      const source = testFiles(join(root, dir))
        .concat(testFiles(join(root, 'test')))
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n')
      // R/O cases are titled by their id (`it('R15: …')`), findings by number (`it('finding 1: …')`).
      const title = (id: string) => (id.startsWith('F') ? `finding ${id.slice(1)}:` : `${id}\\b`)
      const missing = ids.filter((id) => !new RegExp(`\\bit\\(\\s*['"\`]${title(id)}`).test(source))
      if (IN_PROGRESS.has(owner)) {
        if (missing.length > 0)
          console.warn(`⚠ ${owner} is in progress; cases without a test yet: ${missing.join(', ')}`)
        return
      }
      expect(missing, `cases of ${owner} without a test`).toEqual([])
    })
  }
})
