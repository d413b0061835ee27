import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The READMEs npm shows (every published package's) link only to absolute URLs or to anchors in the same
 * page: on npm there is no `../../docs`, `src/…` or `examples/…` next to them (#15).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const readmes = [
  ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}/README.md`),
  'mock-idp/README.md',
]

const ABSOLUTE = /^(https?:|mailto:|#)/
/** A path inside the repository, which npm does not ship next to the README. */
const REPOSITORY_PATH = /^(\.\.?\/|(src|docs|examples|test|scripts|bench|mock-idp|packages)\/)/

/**
 * Every link target in `markdown` that would not resolve on npm: relative inline links and reference
 * definitions, relative `href`/`src` in HTML outside code blocks, and repository paths written as code
 * (`src/readme-example.test.ts`) outside a link's text, which a reader cannot follow either.
 */
function relativeTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '')
  const inline = [...markdown.matchAll(/\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '')
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((m) => m[1] ?? '')
  const html = [...prose.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] ?? '')
  const relative = [...inline, ...references, ...html].filter((target) => !ABSOLUTE.test(target))
  const unlinkedPaths = [...prose.matchAll(/(\[?)`([^`\n]+)`/g)]
    .filter((m) => m[1] !== '[' && REPOSITORY_PATH.test(m[2] ?? ''))
    .map((m) => m[2] ?? '')
  return [...relative, ...unlinkedPaths]
}

/**
 * Paths written as code in a README another change is editing (packages/testing is being reworked at the
 * time of writing); link them there, then empty this list. Any other one fails.
 */
const PENDING: Record<string, readonly string[]> = {}

describe('published READMEs', () => {
  for (const readme of readmes) {
    it(`${readme} links only to absolute URLs or anchors`, () => {
      const pending = PENDING[readme] ?? []
      const targets = relativeTargets(readFileSync(join(root, readme), 'utf8'))
      expect(targets.filter((target) => !pending.includes(target))).toEqual([])
    })
  }

  it('the check finds every kind of link that breaks on npm, and accepts the absolute ones', () => {
    const broken = [
      'See [the guide](../../docs/testing.md) and [the client](../client/README.md "title").',
      '[ref]: ../../docs/errors.md',
      'Runs in the suite (`src/readme-example.test.ts`), as `examples/travel` does; `./local.md`.',
      '<a href="docs/index.html">docs</a>',
    ].join('\n\n')
    expect(relativeTargets(broken)).toEqual([
      '../../docs/testing.md',
      '../client/README.md',
      '../../docs/errors.md',
      'docs/index.html',
      'src/readme-example.test.ts',
      'examples/travel',
      './local.md',
    ])
    const fine = [
      '[the guide](https://github.com/dinhdanh/dinhdanh/blob/main/docs/testing.md), [options](#options)',
      '[`src/readme-example.test.ts`](https://github.com/dinhdanh/dinhdanh/blob/main/src/readme-example.test.ts)',
      '```ts\nres.send(\'<a href="/auth/login">Sign in</a>\')\n```',
      '`npx @dinhdanh/client keygen`, `/auth/login`, `process.env.EID_ISSUER`',
    ].join('\n\n')
    expect(relativeTargets(fine)).toEqual([])
  })
})

/**
 * The docs (read on GitHub, where relative links work) and the root README: every relative link points at a
 * file or folder that exists, and a `#anchor` into a Markdown file names one of its headings (GitHub's
 * slugs). Covers the newcomer pages (#15) and every other page of docs/ except the generated reference,
 * whose links TypeDoc writes (test/docs-api.test.ts keeps it current).
 */
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  ...readdirSync(join(root, 'docs/decisions')).map((name) => `docs/decisions/${name}`),
]

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading = ''] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    result.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return result
}

describe('relative links in the docs and the root README', () => {
  for (const page of docs) {
    it(`${page}: every relative link resolves`, () => {
      const text = readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '')
      const broken: string[] = []
      for (const [, target = ''] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?\s*\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue
        const [path = '', anchor] = target.split('#')
        const file = path === '' ? join(root, page) : join(root, dirname(page), decodeURIComponent(path))
        if (!existsSync(file)) {
          broken.push(`${target} (no such file)`)
          continue
        }
        if (anchor !== undefined && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor))
          broken.push(`${target} (no such heading)`)
      }
      expect(broken).toEqual([])
    })
  }
})
