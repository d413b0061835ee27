import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Every example has the same file shape, so that `diff -r examples/bank/src examples/hospital/src` shows
 * only what differs in their business (issue 11): `src/app.ts` only wires the site together, each journey
 * registers its routes in `src/routes/<journey>.ts`, each page's body is in `src/views/<page>.ts`, and
 * `src/server.ts` is one `runExample()` call. `shared` (the examples' kit) and `landing` (the demo's front
 * page) are not examples.
 */
const examplesDir = fileURLToPath(new URL('../examples', import.meta.url))
const NOT_EXAMPLES = new Set(['shared', 'landing', 'node_modules'])
/** "≤ ~100 lines": wiring only; a route or a page body belongs in routes/ or views/. */
const MAX_CREATE_APP_LINES = 100

const examples = readdirSync(examplesDir)
  .filter((name) => !NOT_EXAMPLES.has(name) && !name.startsWith('.'))
  .filter((name) => statSync(join(examplesDir, name)).isDirectory())

/**
 * The lines between `export function createApp` and its closing brace (the first line that is `}` alone,
 * as the formatter writes a top-level function's end), or `undefined` when there is no such function.
 */
function createAppBodyLines(source: string): number | undefined {
  const lines = source.split('\n')
  const start = lines.findIndex((line) => /^export (async )?function createApp\b/.test(line))
  if (start < 0) return undefined
  const end = lines.findIndex((line, index) => index > start && line === '}')
  return end < 0 ? undefined : end - start - 1
}

describe('the examples share one file shape', () => {
  it('finds the examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['bank', 'hospital', 'retail', 'travel']))
  })

  it.each(examples)('%s has src/app.ts, src/server.ts, src/routes/ and src/views/', (name) => {
    const src = join(examplesDir, name, 'src')
    const missing = ['app.ts', 'server.ts', 'routes', 'views'].filter(
      (entry) => !existsSync(join(src, entry)),
    )
    expect(missing, `examples/${name}/src lacks ${missing.join(', ')}`).toEqual([])
    for (const dir of ['routes', 'views']) {
      expect(statSync(join(src, dir)).isDirectory(), `examples/${name}/src/${dir} is a folder`).toBe(true)
      const modules = readdirSync(join(src, dir)).filter(
        (file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file),
      )
      expect(modules.length, `examples/${name}/src/${dir} holds at least one module`).toBeGreaterThan(0)
    }
  })

  it.each(examples)(`%s: createApp only wires (at most ${MAX_CREATE_APP_LINES} lines)`, (name) => {
    const lines = createAppBodyLines(readFileSync(join(examplesDir, name, 'src', 'app.ts'), 'utf8'))
    expect(lines, `examples/${name}/src/app.ts exports a createApp function`).toBeDefined()
    expect(
      lines,
      `examples/${name}/src/app.ts: createApp is ${lines} lines; move routes to src/routes/ and page bodies to src/views/`,
    ).toBeLessThanOrEqual(MAX_CREATE_APP_LINES)
  })

  it('counts a createApp with a multi-line signature to its closing brace', () => {
    const source = [
      'export function createApp({',
      '  client,',
      '}: Deps): Express {',
      '  const app = express()',
      '  return app',
      '}',
      '',
      'function helper() {}',
    ].join('\n')
    expect(createAppBodyLines(source)).toBe(4)
    expect(createAppBodyLines('export const x = 1\n')).toBeUndefined()
  })
})
