import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * docs/api is generated (`npm run docs:api`, TypeDoc from the TSDoc, decision 0007) and checked in, so it
 * is read on GitHub without building anything. This test regenerates it into a temporary directory: a
 * change to a public export, its type or its TSDoc that was not followed by `npm run docs:api` fails here.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const committed = join(root, 'docs/api')
const fresh = mkdtempSync(join(tmpdir(), 'dinhdanh-docs-api-check-'))
afterAll(() => rmSync(fresh, { recursive: true, force: true }))

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

describe('docs/api, the generated API reference', () => {
  it('is what `npm run docs:api` generates from the sources now', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/docs-api.mjs'), fresh], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(run.stderr + run.stdout).toContain('API reference written to')
    expect(run.status).toBe(0)

    const expected = files(fresh)
    // Every entry point of every published package has a page (the index lists them).
    for (const page of [
      'client',
      'client/errors',
      'web',
      'express',
      'fastify',
      'hono',
      'testing/msw',
      'mock-idp',
    ])
      expect(expected).toContain(`@dinhdanh/${page}.md`)

    const stale = expected.filter((file) => {
      try {
        return readFileSync(join(committed, file), 'utf8') !== readFileSync(join(fresh, file), 'utf8')
      } catch {
        return true // missing from docs/api
      }
    })
    const extra = files(committed).filter((file) => !expected.includes(file))
    expect(
      { stale, extra },
      'docs/api is out of date with the TSDoc and exports: run `npm run docs:api` and commit docs/api',
    ).toEqual({ stale: [], extra: [] })
  })
})
