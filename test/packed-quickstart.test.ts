import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { CookieJar } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeLoopbackPort, type MockIdpProcess, startMockIdpProcess } from './support/mock-idp-process.js'

/**
 * What an npm user does, literally (#15): installs the packed tarballs with the README's install lines into
 * an empty TypeScript app (`skipLibCheck: false`, no ioredis), and the mock provider from its own tarball
 * (`npm install --save-dev @dinhdanh/mock-idp`, no better-sqlite3: `--store memory`); makes the key pair
 * with `npx @dinhdanh/client keygen`, registers it with the mock (the installed package's bin on
 * 127.0.0.1, port 0, `--auto-approve`), type-checks the client README's quickstart and the Express
 * README's quickstart as they are written, and runs both: the Express one signs in headlessly
 * (`autoApproveAs`), the client one (its issuer pointed at the mock's port) signs in and reads the
 * health-insurance card through its exported `onCallback`.
 *
 * npm installs from the npm cache first (`--prefer-offline`, versions pinned to this repository's lockfile);
 * only what the cache lacks comes from the npm registry. The packages must be built (`npm run build`).
 */
const run = promisify(execFile)
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dependencies?: Record<string, string> }>
}
const locked = (name: string) => `${name}@${lock.packages[`node_modules/${name}`]?.version ?? 'latest'}`

/** The first fenced block of `language` after `heading` in a README, exactly as written. */
function codeBlock(readme: string, heading: string, language: string): string {
  const text = readFileSync(join(repoRoot, readme), 'utf8')
  const from = text.indexOf(heading)
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text.slice(from))?.[1]
  if (from < 0 || block === undefined) throw new Error(`${readme}: no ${language} block after "${heading}"`)
  return block
}

/** The README's `npm install` lines as package names, each pinned to this repository's version. */
function installLine(readme: string): string[][] {
  return codeBlock(readme, '## Install', 'sh')
    .split('\n')
    .filter((line) => line.startsWith('npm install') && !line.includes('ioredis'))
    .map((line) =>
      line
        .replace(/#.*$/, '')
        .trim()
        .split(/\s+/)
        .slice(2)
        .map((word) => (word.startsWith('-') || word.startsWith('@dinhdanh/') ? word : locked(word))),
    )
}

/** Child processes without the npm_* variables of an enclosing `npm test` (they point npm at the repo). */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS' || (/^npm_/i.test(key) && !/^npm_config_(cache|registry)$/i.test(key)))
      continue
    env[key] = value
  }
  return { ...env, ...extra }
}

/** Transitive dependencies of the packed packages at the versions the lockfile resolved (npm `overrides`). */
function pins(direct: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.startsWith('node_modules/') ? key.slice('node_modules/'.length) : undefined
    if (!name || name.includes('/node_modules/') || name.startsWith('@dinhdanh/') || !entry.version) continue
    // npm refuses an override of a direct dependency (EOVERRIDE); those are pinned on the command line.
    if (!direct.includes(name)) out[name] = entry.version
  }
  return out
}

let work: string
let app: string
let idp: MockIdpProcess | undefined
let server: ChildProcess | undefined
let serverOutput = ''
let serverEnv: Record<string, string> = {}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dinhdanh-quickstart-'))
  app = join(work, 'app')
  const tarballs = join(work, 'tarballs')
  mkdirSync(app)
  mkdirSync(tarballs)
  const packed: Record<string, string> = {}
  for (const dir of ['packages/client', 'packages/web', 'packages/express', 'packages/testing', 'mock-idp']) {
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs],
      {
        cwd: join(repoRoot, dir),
        env: childEnv(),
      },
    )
    const [entry] = JSON.parse(stdout) as [{ name: string; filename: string }]
    packed[entry.name] = join(tarballs, entry.filename)
  }
  // The README's lines, with the @dinhdanh packages from their tarballs; @dinhdanh/web (a dependency of
  // @dinhdanh/express) from its tarball too. TypeScript and Node's types, as any TypeScript app has them.
  const lines = [
    ...installLine('packages/client/README.md'),
    ...installLine('packages/express/README.md'),
    ['--save-dev', locked('typescript'), locked('@types/node')],
    // The mock provider's README: `npx @dinhdanh/mock-idp`, installed as a dev dependency.
    ['--save-dev', '@dinhdanh/mock-idp'],
  ]
  const direct = lines.flat().map((word) => word.replace(/(.)@[^@]*$/, '$1'))
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'quickstart-app', private: true, type: 'module', overrides: pins(direct) },
      null,
      2,
    ),
  )
  const resolved = lines.map((words) => words.map((word) => packed[word] ?? word))
  resolved[0]?.push(packed['@dinhdanh/web'] as string)
  // @dinhdanh/testing (the mock's synthetic population) from its tarball too.
  resolved.at(-1)?.push(packed['@dinhdanh/testing'] as string)
  for (const words of resolved) {
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...words],
      {
        cwd: app,
        env: childEnv(),
        timeout: 120_000,
      },
    )
  }
}, 180_000)

afterAll(async () => {
  if (server && server.exitCode === null && server.pid !== undefined) {
    const exited = new Promise((resolve) => server?.once('exit', resolve))
    process.kill(server.pid, 'SIGTERM')
    await exited
  }
  await idp?.kill()
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the README quickstarts, from the packed tarballs', () => {
  it('installs without ioredis and type-checks both quickstarts with skipLibCheck: false', async () => {
    // ioredis is an optional peer: an app without Redis has none, and the published types must not need it.
    expect(existsSync(join(app, 'node_modules/ioredis'))).toBe(false)
    writeFileSync(
      join(app, 'client-quickstart.ts'),
      codeBlock('packages/client/README.md', '## Quickstart', 'ts'),
    )
    writeFileSync(
      join(app, 'express-quickstart.ts'),
      codeBlock('packages/express/README.md', '## Quick start', 'ts'),
    )
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          lib: ['ES2023'],
          types: ['node'],
          strict: true,
          skipLibCheck: false,
          outDir: 'out',
        },
        files: ['client-quickstart.ts', 'express-quickstart.ts'],
      }),
    )
    const tsc = await run(
      process.execPath,
      [join(app, 'node_modules/typescript/bin/tsc'), '--pretty', 'false'],
      {
        cwd: app,
        env: childEnv(),
      },
    ).then(
      () => '',
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    )
    expect(tsc, 'tsc errors in the quickstart app').toBe('')
  }, 60_000)

  it('makes the key pair with npx @dinhdanh/client keygen, and signs in through the Express quickstart', async () => {
    const { stdout } = await run('npx', ['@dinhdanh/client', 'keygen', '--json'], {
      cwd: app,
      env: childEnv(),
    })
    const keys = JSON.parse(stdout) as { privateJwk: object; jwks: { keys: object[] } }
    const port = await freeLoopbackPort()
    const baseUrl = `http://127.0.0.1:${port}`
    const clients = join(work, 'clients.json')
    writeFileSync(
      clients,
      JSON.stringify([
        {
          client_id: 'quickstart-app',
          redirect_uris: [`${baseUrl}/auth/callback`],
          post_logout_redirect_uris: [`${baseUrl}/`],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: keys.jwks,
        },
        // The client README's clients.json entry, with the JWKS keygen printed.
        {
          client_id: 'demo-hospital',
          redirect_uris: ['http://localhost:3002/auth/callback'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: keys.jwks,
        },
      ]),
    )
    idp = await startMockIdpProcess(
      ['--port', '0', '--store', 'memory', '--auto-approve', '--clients', clients],
      // What `npx @dinhdanh/mock-idp` runs: the installed package's bin, not this repository's build.
      { cwd: app, env: childEnv(), cli: join(app, 'node_modules/@dinhdanh/mock-idp/bin/mock-idp.js') },
    )
    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(false)
    // `--auto-approve` shows in the admin settings (it used to report false).
    const before = await fetch(`${idp.url}/__admin/settings`, {
      headers: { authorization: `Bearer ${idp.adminToken}` },
    })
    expect(await before.json()).toMatchObject({ autoApprove: true })
    // What the Express README says for headless sign-in: who signs in, since /auth/login sends no login_hint.
    const settings = await fetch(`${idp.url}/__admin/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoApprove: true, autoApproveAs: '001090001234' }),
    })
    expect(await settings.json()).toEqual({ autoApprove: true, autoApproveAs: '001090001234' })

    serverEnv = {
      BASE_URL: baseUrl,
      EID_ISSUER: idp.url,
      EID_CLIENT_ID: 'quickstart-app',
      EID_PRIVATE_JWK: JSON.stringify(keys.privateJwk),
      SESSION_SECRET: 'quickstart-session-secret-of-at-least-32-characters',
    }
    server = spawn(process.execPath, ['out/express-quickstart.js'], {
      cwd: app,
      env: childEnv(serverEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout?.on('data', (chunk) => (serverOutput += chunk))
    server.stderr?.on('data', (chunk) => (serverOutput += chunk))
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`${baseUrl}/`).then(
        (response) => response.ok,
        () => false,
      )
      if (up) break
      if (attempt > 100 || server.exitCode !== null)
        throw new Error(`the app did not start:\n${serverOutput}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    // A browser: one cookie jar (cookies ignore ports), redirects followed by hand, from the README's link.
    const jar = new CookieJar()
    let current = new URL('/auth/login?returnTo=/me', baseUrl)
    let response: Response | undefined
    for (let hop = 0; hop < 20; hop++) {
      const cookie = jar.header(current)
      response = await fetch(current, { redirect: 'manual', headers: cookie ? { cookie } : {} })
      jar.store(current, response.headers.getSetCookie())
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) break
      await response.body?.cancel()
      current = new URL(location, current)
    }
    expect(current.href).toBe(`${baseUrl}/me`)
    expect(await response?.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
  }, 60_000)

  it('runs the client quickstart: its sign-in URL leads back to the callback, and onCallback reads the card', async () => {
    expect(idp, 'the previous test starts the mock').toBeDefined()
    const keys = JSON.parse(serverEnv.EID_PRIVATE_JWK ?? '{}') as object
    // The quickstart as compiled, with only its issuer moved to the port the mock got.
    const compiled = readFileSync(join(app, 'out/client-quickstart.js'), 'utf8')
    expect(compiled).toContain("'http://127.0.0.1:4000'")
    writeFileSync(
      join(app, 'out/client-quickstart-here.js'),
      compiled.replace("'http://127.0.0.1:4000'", JSON.stringify(idp?.url)),
    )
    // A driver: imports the quickstart (which prints the sign-in URL), follows the URL through the mock
    // (auto-approved as Nguyễn Văn An) to the redirect URI, and calls the quickstart's onCallback with it.
    writeFileSync(
      join(app, 'drive-client-quickstart.mjs'),
      `const printed = []
const log = console.log
console.log = (...args) => printed.push(args)
const { onCallback } = await import('./out/client-quickstart-here.js')
console.log = log
const [, start] = printed.find(([first]) => first === 'Sign in at') ?? []
import { CookieJar } from '@dinhdanh/testing/browser'
const jar = new CookieJar()
let current = new URL(start)
for (let hop = 0; hop < 20 && !current.href.startsWith('http://localhost:3002/'); hop++) {
  const cookie = jar.header(current)
  const response = await fetch(current, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  jar.store(current, response.headers.getSetCookie())
  const location = response.headers.get('location')
  if (!location) throw new Error('no redirect from ' + current.pathname + ': HTTP ' + response.status)
  current = new URL(location, current)
}
log(JSON.stringify({ callback: current.origin + current.pathname, validTo: await onCallback(current.href) }))
`,
    )
    const { stdout } = await run(process.execPath, ['drive-client-quickstart.mjs'], {
      cwd: app,
      env: childEnv({ EID_PRIVATE_JWK: JSON.stringify(keys) }),
      timeout: 30_000,
    })
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      callback?: string
      validTo?: string
    }
    expect(result.callback).toBe('http://localhost:3002/auth/callback')
    expect(result.validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  }, 60_000)
})
