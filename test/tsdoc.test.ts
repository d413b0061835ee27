import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The public API is documented: every export reachable from a package's entry points has TSDoc with an
 * `@example`. Entry points are read from each package's `exports` map (`./dist/x.js` → `./src/x.ts`).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const PACKAGES = [
  'packages/client',
  'packages/testing',
  'packages/web',
  'packages/express',
  'packages/hono',
  'packages/fastify',
  'mock-idp',
]

function entryPoints(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default?: string }>
  }
  return Object.entries(pkg.exports)
    .filter(([key]) => key !== './package.json')
    .map(([, target]) => (typeof target === 'string' ? target : (target.default ?? '')))
    .map((file) => join(root, dir, file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')))
}

function undocumented(entries: string[]): string[] {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const missing = new Set<string>()
  for (const entry of entries) {
    const source = program.getSourceFile(entry)
    const moduleSymbol = source && checker.getSymbolAtLocation(source)
    if (!moduleSymbol) throw new Error(`cannot load ${entry}`)
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const documented = (symbol.declarations ?? []).some((declaration) =>
        ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'),
      )
      if (!documented) missing.add(`${exported.name} (${entry.slice(root.length)})`)
    }
  }
  return [...missing].sort()
}

describe('TSDoc with an @example on every public export', () => {
  // A package that does not exist yet has no API to document: it gets no test rather than a skipped one.
  for (const dir of PACKAGES.filter((d) => existsSync(join(root, d, 'src/index.ts')))) {
    it(dir, () => {
      expect(undocumented(entryPoints(dir))).toEqual([])
    })
  }
})
