import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The mock provider's layout (issue 11): one folder per endpoint under src/endpoints, each a small route
 * of the context; shared rules live below them, so no endpoint imports another's folder and nothing but
 * app.ts (which mounts them) imports an endpoint.
 */
const SRC = dirname(fileURLToPath(import.meta.url))
const ENDPOINTS = join(SRC, 'endpoints')
const MAX_ROUTE_FILE_LINES = 200
const MAX_CLOSURE_LINES = 150

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** The files a module imports by relative path, resolved to absolute `.ts` paths. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  )
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')))
}

/** The endpoint folder a path belongs to (`login`), if any. */
function endpointOf(path: string): string | undefined {
  const rel = relative(ENDPOINTS, path)
  return rel.startsWith('..') ? undefined : rel.split(sep)[0]
}

const lines = (text: string) => text.split('\n').length

describe('the mock provider layout', () => {
  const files = sourceFiles(SRC)
  const endpointFiles = files.filter((file) => endpointOf(file) !== undefined)

  it('has its endpoints in folders', () => {
    const names = readdirSync(ENDPOINTS)
    expect(names).toEqual(
      expect.arrayContaining(['login', 'otp', 'consent', 'qr', 'phone', 'account', 'admin']),
    )
    for (const name of names) expect(readdirSync(join(ENDPOINTS, name))).toContain('index.ts')
  })

  it("no endpoint imports another endpoint's folder", () => {
    const crossing = endpointFiles.flatMap((file) =>
      relativeImports(file)
        .filter((target) => {
          const to = endpointOf(target)
          return to !== undefined && to !== endpointOf(file)
        })
        .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
    )
    expect(crossing).toEqual([])
  })

  it('no module below the endpoints imports one (only app.ts mounts them)', () => {
    const upward = files
      .filter((file) => endpointOf(file) === undefined && file !== join(SRC, 'app.ts'))
      .filter((file) => !file.endsWith('layout.test.ts'))
      .flatMap((file) =>
        relativeImports(file)
          .filter((target) => endpointOf(target) !== undefined)
          .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
      )
    expect(upward).toEqual([])
  })

  it(`keeps every route file under ${MAX_ROUTE_FILE_LINES} lines`, () => {
    const long = endpointFiles
      .filter((file) => !file.endsWith('.test.ts') && !file.endsWith(`${sep}view.ts`))
      .map((file) => ({ file: relative(SRC, file), lines: lines(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_ROUTE_FILE_LINES)
    expect(long).toEqual([])
  })

  it(`keeps every function of an endpoint under ${MAX_CLOSURE_LINES} lines`, () => {
    const long: string[] = []
    for (const file of endpointFiles.filter((f) => !f.endsWith('.test.ts'))) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
      const visit = (node: ts.Node) => {
        if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
          const start = source.getLineAndCharacterOfPosition(node.getStart()).line
          const end = source.getLineAndCharacterOfPosition(node.getEnd()).line
          if (end - start + 1 > MAX_CLOSURE_LINES)
            long.push(`${relative(SRC, file)}:${start + 1} (${end - start + 1} lines)`)
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    expect(long).toEqual([])
  })
})
