import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * What users get from npm: every publishable workspace package is packed with `npm pack`, its file list
 * checked, then all tarballs are installed together (offline, from the npm cache, pinned to this
 * repository's lockfile versions) into a fresh project outside the repository, which loads every subpath
 * of each `exports` map with `import` and with `require()` (Node 20.19+ loads ESM synchronously) and
 * type-checks a strict NodeNext consumer against the shipped `.d.ts` files.
 *
 * The packages must be built first (`npm run build`; `npm test` does it before the tests).
 */

const run = promisify(execFile)
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** What a runtime value looks like, as the loader scripts below report it. */
type Kind = 'class' | 'function' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined' | 'null'

/**
 * Named exports each subpath must have, by package. Subpaths of a package missing here (or packages
 * missing here) are still imported and required; add a row when a package gains a public entry point.
 */
const EXPECTED_EXPORTS: Record<string, Record<string, Record<string, Kind>>> = {
  '@dinhdanh/client': {
    '.': { createClient: 'function', isEidError: 'function', EidError: 'class' },
    './schemas': { parsePersonalId: 'function', attributeCatalogue: 'object' },
    './errors': { EID_ERROR_CODES: 'array', EidError: 'class', isEidError: 'function' },
    './vneid': { sealVneidEnvelope: 'function', encryptVneidCode: 'function', readRawQuery: 'function' },
  },
  '@dinhdanh/web': {
    '.': { createEidCore: 'function', collectCookies: 'function', MemorySessionStore: 'class' },
    './cookies': { seal: 'function', unseal: 'function', parseCookies: 'function' },
  },
  '@dinhdanh/express': {
    '.': { eidAuth: 'function', requireSignIn: 'function', MemorySessionStore: 'class' },
  },
  '@dinhdanh/fastify': {
    '.': {
      eidPlugin: 'function',
      requireSignIn: 'function',
      requireAttributes: 'function',
      MemorySessionStore: 'class',
    },
  },
  '@dinhdanh/hono': {
    '.': {
      eidAuth: 'function',
      requireSignIn: 'function',
      requireAttributes: 'function',
      MemorySessionStore: 'class',
    },
  },
  '@dinhdanh/testing': {
    './conformance/adapter': { testAdapter: 'function', contextView: 'function', loopbackApp: 'function' },
    './browser': {
      Browser: 'class',
      CookieJar: 'class',
      followToRedirectUri: 'function',
      textOf: 'function',
    },
  },
}

/**
 * Hand-written consumers type-checked against the installed package (as `.ts`, i.e. ESM, and `.cts`, i.e.
 * `require()`). The `@ts-expect-error` lines prove the types are real: if they resolved to `any` the
 * directive would be unused and tsc would fail.
 */
const TYPESCRIPT_CONSUMERS: Record<string, string> = {
  '@dinhdanh/client': `
import { type AttributeName, createClient, type EidClient, isEidError, type SignInResult } from '@dinhdanh/client'
import { EID_ERROR_CODES, EidError, type EidErrorCode } from '@dinhdanh/client/errors'
import { attributeCatalogue, parsePersonalId } from '@dinhdanh/client/schemas'

export const wanted: readonly AttributeName[] = ['phone', 'health_insurance']
// @ts-expect-error: not an attribute name
export const notAnAttribute: AttributeName = 'shoe_size'
export const firstCode: EidErrorCode = EID_ERROR_CODES[0]
export const connect: (...args: Parameters<typeof createClient>) => Promise<EidClient> = createClient
export const parse: typeof parsePersonalId = parsePersonalId
export const phoneSource = attributeCatalogue.phone.source

export function describeResult(result: SignInResult<readonly ['phone']>): string {
  const phone = result.attributes.phone
  // @ts-expect-error: only the requested attributes are on the result
  result.attributes.healthInsurance
  return \`\${result.subject} at level \${result.level}, phone \${phone === undefined ? 'absent' : 'shared'}\`
}

export function codeOf(error: unknown): EidErrorCode | undefined {
  if (error instanceof EidError) return error.code
  return isEidError(error) ? error.code : undefined
}
`,
}

interface Manifest {
  name: string
  version: string
  private?: boolean
  main?: string
  types?: string
  bin?: string | Record<string, string>
  exports?: unknown
}

interface Workspace {
  dir: string
  manifest: Manifest
}

interface LockEntry {
  version?: string
  link?: boolean
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

/** What the loader scripts print: per specifier, its named exports and their kinds, or why it failed. */
type LoadReport = Record<string, { exports: Record<string, Kind> } | { error: string }>

interface LoaderOutput {
  report: LoadReport
  /** Names exported by several subpaths of one package whose values differ (a dual-instance hazard). */
  duplicated: string[]
}

/** Every package.json under packages/* and mock-idp that is not `"private": true`. */
function findPublishablePackages(): Workspace[] {
  const packagesDir = join(repoRoot, 'packages')
  const dirs = existsSync(packagesDir)
    ? readdirSync(packagesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(packagesDir, entry.name))
    : []
  dirs.push(join(repoRoot, 'mock-idp'))
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name))
}

/** The importable subpaths of an exports map (`.`, `./schemas`, ...), without `./package.json` or patterns. */
function subpathsOf(manifest: Manifest): string[] {
  const { exports } = manifest
  if (exports === undefined || typeof exports === 'string' || Array.isArray(exports)) return ['.']
  const keys = Object.keys(exports as object)
  if (!keys.every((key) => key.startsWith('.'))) return ['.'] // a conditions object for "." alone
  return keys.filter((key) => key !== './package.json' && !key.includes('*'))
}

/** Every file the exports map (any condition, any subpath), `main`, `types` or `bin` points to (`dist/x.js`). */
function exportedFilesOf(manifest: Manifest): string[] {
  const targets = new Set<string>()
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('*')) targets.add(value.replace(/^\.\//, ''))
    } else if (Array.isArray(value)) value.forEach(collect)
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect)
  }
  collect(manifest.exports)
  collect(manifest.main)
  collect(manifest.types)
  collect(manifest.bin)
  return [...targets].sort()
}

function specifierFor(name: string, subpath: string): string {
  return subpath === '.' ? name : `${name}/${subpath.slice(2)}`
}

/**
 * The environment for child npm and node processes: without the `npm_*` variables an enclosing `npm test`
 * exports (`npm_config_local_prefix`, workspace flags, ...), which would point npm back at the repository,
 * and without NODE_OPTIONS (extra conditions or loaders would change module resolution).
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep =
    /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS') continue
    if (/^npm_/i.test(key) && !keep.test(key)) continue
    env[key] = value
  }
  return env
}

/** Fails with the exact command to run when a package's exported files are not on disk. */
function assertBuilt({ dir, manifest }: Workspace): void {
  const missing = exportedFilesOf(manifest).filter(
    (file) => file !== 'package.json' && !existsSync(join(dir, file)),
  )
  if (missing.length > 0) {
    throw new Error(
      `${manifest.name} is not built: ${missing.join(', ')} missing in ${relative(repoRoot, dir)}. ` +
        'Run `npm run build` at the repository root first (`npm test` builds before running the tests).',
    )
  }
}

/** Packs one package into `destination` and returns the tarball's path and file list. */
async function pack(
  { dir, manifest }: Workspace,
  destination: string,
): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: dir, env: childEnv(), maxBuffer: 16 * 1024 * 1024 },
  )
  let result: Array<{ filename: string; files: Array<{ path: string }> }>
  try {
    result = JSON.parse(stdout)
  } catch {
    throw new Error(`npm pack for ${manifest.name} printed no JSON:\n${stdout}`)
  }
  const [entry] = result
  if (!entry) throw new Error(`npm pack for ${manifest.name} reported no tarball`)
  return { tarball: join(destination, entry.filename), files: entry.files.map((file) => file.path).sort() }
}

/** Finds where `name`, required from lockfile entry `from`, was installed (node's lookup, walking up). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (packages[key]) return key
    if (base === '') return undefined
    const parent = base.lastIndexOf('/node_modules/')
    base = parent === -1 ? '' : base.slice(0, parent)
  }
}

/** `name@version` for every non-workspace peer dependency of the packages, from the root lockfile. */
function peerSpecs(workspaces: Workspace[]): string[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const names = new Set<string>()
  for (const { dir } of workspaces) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      peerDependencies?: Record<string, string>
    }
    for (const name of Object.keys(manifest.peerDependencies ?? {}))
      if (!name.startsWith('@dinhdanh/')) names.add(name)
  }
  return [...names].flatMap((name) => {
    const version = lock.packages[`node_modules/${name}`]?.version
    return version ? [`${name}@${version}`] : []
  })
}

/**
 * The versions this repository's lockfile resolved for the whole dependency tree of the given workspaces,
 * as npm `overrides`, so the offline install uses exactly what the repository tested with (and what the
 * npm cache holds) rather than the newest cached version. Names locked at several versions are left free.
 */
function lockfilePins(workspaces: Workspace[]): Record<string, string> {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>
  }
  const versions = new Map<string, Set<string>>()
  const seen = new Set<string>()
  const queue = workspaces.map(({ dir }) => relative(repoRoot, dir).split(sep).join('/'))
  for (let from = queue.pop(); from !== undefined; from = queue.pop()) {
    if (seen.has(from)) continue
    seen.add(from)
    const entry = lock.packages[from]
    if (!entry) continue
    const names = Object.keys({
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    })
    for (const name of names) {
      const key = locate(lock.packages, from, name)
      const found = key === undefined ? undefined : lock.packages[key]
      // Absent optional peers, and workspace links (those are installed from their own tarballs).
      if (key === undefined || !found || found.link || found.version === undefined) continue
      versions.set(name, (versions.get(name) ?? new Set()).add(found.version))
      queue.push(key)
    }
  }
  return Object.fromEntries(
    [...versions]
      .filter(([, found]) => found.size === 1)
      .map(([name, found]) => [name, [...found][0] as string]),
  )
}

/** The shared body of the ESM and CommonJS loader scripts; `load` is `import()` or `require()`. */
const LOADER_BODY = `
const { specifiersByPackage } = JSON.parse(readFileSync(join(__dirnameOf, 'specifiers.json'), 'utf8'))
function kindOf(value) {
  if (typeof value === 'function') {
    return /^class[\\s{]/.test(Function.prototype.toString.call(value)) ? 'class' : 'function'
  }
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}
const report = {}
const duplicated = []
for (const specifiers of Object.values(specifiersByPackage)) {
  const firstSeen = new Map()
  for (const specifier of specifiers) {
    let namespace
    try {
      namespace = await load(specifier)
    } catch (error) {
      report[specifier] = { error: String((error && error.stack) || error) }
      continue
    }
    const exports = {}
    for (const name of Object.keys(namespace).sort()) {
      exports[name] = kindOf(namespace[name])
      if (firstSeen.has(name) && firstSeen.get(name) !== namespace[name]) duplicated.push(specifier + ' ' + name)
      if (!firstSeen.has(name)) firstSeen.set(name, namespace[name])
    }
    report[specifier] = { exports }
  }
}
process.stdout.write(JSON.stringify({ report, duplicated }))
`

const ESM_LOADER = `import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
const __dirnameOf = dirname(fileURLToPath(import.meta.url))
const load = (specifier) => import(specifier)
${LOADER_BODY}`

// CommonJS has no top-level await; require() itself is synchronous, so the async wrapper only hosts the loop.
const CJS_LOADER = `'use strict'
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const __dirnameOf = __dirname
const load = (specifier) => require(specifier)
;(async () => {
${LOADER_BODY}
})().catch((error) => {
  console.error(error)
  process.exit(1)
})
`

/** Runs a loader script in the consumer project with the node binary running this test. */
async function load(project: string, script: string): Promise<LoaderOutput> {
  const { stdout } = await run(process.execPath, [script], {
    cwd: project,
    env: childEnv(),
    maxBuffer: 16 * 1024 * 1024,
  })
  return JSON.parse(stdout) as LoaderOutput
}

/** A file name for `@scope/name` in the consumer project. */
function fileNameFor(name: string): string {
  return name.replace(/^@/, '').replace(/[^a-zA-Z0-9-]+/g, '-')
}

const publishable = findPublishablePackages()
// bin/: a command's small launcher that exists before the build (npm links a workspace's bin only then).
const ALLOWED_FILES = [/^dist\//, /^bin\/[\w-]+\.js$/, /^package\.json$/, /^README\.md$/, /^LICENSE$/]
const TEST_FILES = [/\.test(-d)?\.[cm]?[jt]sx?(\.map)?$/, /(^|\/)test-support(\/|$)/, /(^|\/)__tests__\//]
const SOURCE_FILES = [/(^|\/)src\//, ...TEST_FILES, /\.tsbuildinfo$/]

let work: string
const packed = new Map<string, { tarball: string; files: string[] }>()
/** Why a package could not be packed (not built, npm pack failed), reported by each of its tests. */
const packFailures = new Map<string, Error>()

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dinhdanh-packages-'))
  const tarballs = join(work, 'tarballs')
  mkdirSync(tarballs)
  // One package that is not built must not hide what the others' tarballs look like.
  for (const workspace of publishable) {
    try {
      assertBuilt(workspace)
      packed.set(workspace.manifest.name, await pack(workspace, tarballs))
    } catch (error) {
      packFailures.set(workspace.manifest.name, error as Error)
    }
  }
}, 60_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('publishable workspace packages', () => {
  it('are found: every package.json under packages/* and mock-idp not marked "private": true', () => {
    expect(publishable.map(({ manifest }) => manifest.name)).toContain('@dinhdanh/client')
  })
})

describe.each(publishable.map((workspace) => ({ name: workspace.manifest.name, workspace })))(
  '$name as packed by npm pack',
  ({ name, workspace }) => {
    const filesOf = (): string[] => {
      const entry = packed.get(name)
      if (!entry) throw packFailures.get(name) ?? new Error(`${name} was not packed`)
      return entry.files
    }

    it('contains only dist/**, package.json, README.md and LICENSE (no src/, tests, test-support)', () => {
      const files = filesOf()
      const unexpected = files.filter(
        (file) =>
          !ALLOWED_FILES.some((allowed) => allowed.test(file)) || SOURCE_FILES.some((bad) => bad.test(file)),
      )
      expect(unexpected, 'files that must not be published').toEqual([])
    })

    it('contains dist/index.js, dist/index.d.ts and every file its exports map, main, types and bin point to', () => {
      const files = filesOf()
      const missing = ['dist/index.js', 'dist/index.d.ts', ...exportedFilesOf(workspace.manifest)].filter(
        (file) => !files.includes(file),
      )
      expect(missing, 'files the package.json points to but the tarball lacks').toEqual([])
    })

    it('contains a README.md and a LICENSE', () => {
      const files = filesOf()
      expect(
        ['README.md', 'LICENSE'].filter((file) => !files.includes(file)),
        `add them to ${relative(repoRoot, workspace.dir)}/ (npm pack takes README and LICENSE only from the package's own folder)`,
      ).toEqual([])
    })

    it('starts every bin file (if any) with a #! line, so npm can link it as a command', () => {
      const files = filesOf()
      const { bin } = workspace.manifest
      const binFiles = (typeof bin === 'string' ? [bin] : Object.values(bin ?? {})).map((file) =>
        file.replace(/^\.\//, ''),
      )
      const withoutShebang = binFiles.filter(
        (file) => files.includes(file) && !readFileSync(join(workspace.dir, file), 'utf8').startsWith('#!'),
      )
      expect(withoutShebang, 'bin files without a "#!/usr/bin/env node" first line').toEqual([])
    })

    it('ships source maps that do not map to test files', () => {
      const testSources = filesOf()
        .filter((file) => file.endsWith('.map'))
        .flatMap((file) => {
          const map = JSON.parse(readFileSync(join(workspace.dir, file), 'utf8')) as { sources?: string[] }
          return (map.sources ?? []).filter((source) => TEST_FILES.some((bad) => bad.test(source)))
        })
      expect(testSources).toEqual([])
    })
  },
)

describe('the tarballs installed offline into a fresh project', () => {
  let project: string
  let specifiersByPackage: Record<string, string[]>

  beforeAll(async () => {
    if (packFailures.size > 0) {
      const reasons = [...packFailures.values()].map((error) => error.message)
      throw new Error(`cannot install the tarballs: not every package was packed.\n${reasons.join('\n')}`)
    }
    project = join(work, 'consumer')
    mkdirSync(project)
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify(
        {
          name: 'dinhdanh-packed-consumer',
          version: '0.0.0',
          private: true,
          type: 'module',
          overrides: lockfilePins(publishable),
        },
        null,
        2,
      )}\n`,
    )
    // All tarballs in one install, so a package depending on another workspace package gets the packed one.
    const tarballs = [...packed.values()].map(({ tarball }) => tarball)
    // Peer dependencies (optional ones included: subpaths such as /msw and /conformance load them), at
    // the versions this repository tested with.
    tarballs.push(...peerSpecs(publishable))
    const install = (mode: '--offline' | '--prefer-offline') =>
      run(
        'npm',
        ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', '--no-update-notifier', ...tarballs],
        { cwd: project, env: childEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      )
    try {
      await install('--offline')
    } catch (offlineError) {
      console.warn(
        `npm install --offline failed (a dependency is not in the npm cache); retrying with --prefer-offline.\n${
          (offlineError as { stderr?: string }).stderr ?? offlineError
        }`,
      )
      await install('--prefer-offline')
    }

    specifiersByPackage = Object.fromEntries(
      publishable.map(({ manifest }) => [
        manifest.name,
        subpathsOf(manifest).map((subpath) => specifierFor(manifest.name, subpath)),
      ]),
    )
    writeFileSync(join(project, 'specifiers.json'), JSON.stringify({ specifiersByPackage }))
    writeFileSync(join(project, 'load-with-import.mjs'), ESM_LOADER)
    writeFileSync(join(project, 'load-with-require.cjs'), CJS_LOADER)
  }, 180_000)

  /** The expected kinds per specifier, from EXPECTED_EXPORTS. */
  function expectedBySpecifier(): Record<string, { exports: Record<string, Kind> }> {
    const expected: Record<string, { exports: Record<string, Kind> }> = {}
    for (const { manifest } of publishable) {
      for (const [subpath, exports] of Object.entries(EXPECTED_EXPORTS[manifest.name] ?? {})) {
        expected[specifierFor(manifest.name, subpath)] = { exports }
      }
    }
    return expected
  }

  function failuresOf(report: LoadReport): Record<string, string> {
    return Object.fromEntries(
      Object.entries(report).flatMap(([specifier, entry]) =>
        'error' in entry ? [[specifier, entry.error]] : [],
      ),
    )
  }

  it('lists every subpath of EXPECTED_EXPORTS in the packages’ exports maps', () => {
    const exported = Object.values(specifiersByPackage).flat()
    expect(Object.keys(expectedBySpecifier()).filter((specifier) => !exported.includes(specifier))).toEqual(
      [],
    )
  })

  it(`loads every exports subpath with ESM import on Node ${process.versions.node}`, async () => {
    const { report, duplicated } = await load(project, 'load-with-import.mjs')
    expect(failuresOf(report), 'subpaths that failed to import').toEqual({})
    expect(report).toMatchObject(expectedBySpecifier())
    expect(duplicated, 'exports that are different objects in different subpaths').toEqual([])
  })

  it(`loads every exports subpath with require() (require(esm), Node ${process.versions.node})`, async () => {
    const [esm, cjs] = await Promise.all([
      load(project, 'load-with-import.mjs'),
      load(project, 'load-with-require.cjs'),
    ])
    expect(failuresOf(cjs.report), 'subpaths that failed to require()').toEqual({})
    expect(cjs.report).toMatchObject(expectedBySpecifier())
    expect(cjs.duplicated, 'exports that are different objects in different subpaths').toEqual([])
    expect(cjs.report, 'require() must expose the same exports as import').toEqual(esm.report)
  })

  it('type-checks strict NodeNext consumers (.ts and .cts) against the shipped .d.ts, skipLibCheck off', async () => {
    const files: string[] = []
    for (const { manifest } of publishable) {
      const base = fileNameFor(manifest.name)
      // Every subpath must resolve to types through the exports map (strict fails on an untyped import).
      const surface = subpathsOf(manifest)
        .map(
          (subpath, index) => `import type * as entry${index} from '${specifierFor(manifest.name, subpath)}'`,
        )
        .join('\n')
      const names = subpathsOf(manifest).map((_, index) => `typeof entry${index}`)
      const source = `${surface}\nexport type Surface = [${names.join(', ')}]\n${TYPESCRIPT_CONSUMERS[manifest.name] ?? ''}`
      for (const extension of ['ts', 'cts']) {
        writeFileSync(join(project, `${base}-consumer.${extension}`), source)
        files.push(`${base}-consumer.${extension}`)
      }
    }
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          // DOM: msw's own declarations (under @dinhdanh/testing/msw) reference Fetch and WebSocket types.
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules', '@types')],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files,
      }),
    )
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: project,
      env: childEnv(),
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    )
    expect(result, 'tsc errors in the consumer project').toBe('')
  }, 60_000)
})
