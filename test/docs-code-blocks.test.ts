import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The code of the newcomer's pages runs. Every fenced block in them is marked, on the line before it:
 * `<!-- file: test/docs-examples/… -->` means the block is that whole file, byte for byte (the file runs in
 * the `integration` project: the examples' own tests and each guide's `guide.test.ts`, which follows the page
 * against the real mock provider); `<!-- not run: why -->` (shell, a registration to send, output) says why
 * it cannot run. An unmarked block, or a block that drifted from its file, fails here.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const PAGES = [
  'docs/README.md',
  'docs/integrate-express.md',
  'docs/integrate-client.md',
  'docs/production.md',
  'docs/errors.md',
]

interface Block {
  line: number
  marker: string | undefined
  code: string
}

function blocks(text: string): Block[] {
  const lines = text.split('\n')
  const found: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```\w/.test(lines[i] ?? '')) continue
    const end = lines.findIndex((line, j) => j > i && line === '```')
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`)
    const marker = /^<!-- (file: \S+|not run: [^>]+) -->$/.exec(lines[i - 1] ?? '')?.[1]
    found.push({ line: i + 1, marker, code: `${lines.slice(i + 1, end).join('\n')}\n` })
    i = end
  }
  return found
}

describe('code blocks of the newcomer pages', () => {
  for (const page of PAGES) {
    describe(page, () => {
      const text = readFileSync(join(root, page), 'utf8')
      const all = blocks(text)

      it('marks every block as a tested file or as not run, with a reason', () => {
        expect(
          all.filter((block) => block.marker === undefined).map((block) => `line ${block.line}`),
        ).toEqual([])
      })

      for (const block of all.filter((b) => b.marker?.startsWith('file: '))) {
        const file = block.marker?.slice('file: '.length) ?? ''
        it(`line ${block.line} is ${file}, verbatim`, () => {
          expect(file).toMatch(/^test\/docs-examples\//)
          expect(existsSync(join(root, file)), `${file} does not exist`).toBe(true)
          expect(block.code).toBe(readFileSync(join(root, file), 'utf8'))
        })
      }
    })
  }
})
