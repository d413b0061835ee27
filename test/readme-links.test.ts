import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The READMEs npm shows (every published package's) link only to absolute URLs or to anchors in the same
 * page: on npm there is no `../../docs` next to them (#15).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const readmes = [
  ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}/README.md`),
  'mock-idp/README.md',
]

describe('published READMEs', () => {
  for (const readme of readmes) {
    it(`${readme} links only to absolute URLs or anchors`, () => {
      const text = readFileSync(join(root, readme), 'utf8')
      const relative = [...text.matchAll(/\]\(\s*([^)\s]+)\s*\)/g)]
        .map((match) => match[1] ?? '')
        .filter((target) => !/^(https?:|mailto:|#)/.test(target))
      expect(relative).toEqual([])
    })
  }
})
