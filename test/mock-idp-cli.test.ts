import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import module from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toVietnamIsoDate } from '@dinhdanh/client/schemas'
import { personas, personasMarkdown, personasOn } from '@dinhdanh/testing'
import { afterAll, describe, expect, it } from 'vitest'

/** The `mock-idp` command as an integrator runs it (the built `bin`). */
const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'mock-idp/dist/cli.js')
const started: ChildProcess[] = []
const dirs: string[] = []

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function startCli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ url: string; adminToken: string; child: ChildProcess; output: () => string }> {
  if (!existsSync(cli)) throw new Error('mock-idp is not built: run `npm run build` first')
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The day comes from the test alone, never from the environment that runs it.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'MOCK_IDP_TODAY')),
      ...env,
    },
  })
  started.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s:\n${out}`)), 20_000)
    child.stdout?.on('data', (chunk) => {
      out += chunk
      const url = /mock-idp ready at (\S+)/.exec(out)?.[1]
      const adminToken = /admin token: (\S+)/.exec(out)?.[1]
      if (url && adminToken) {
        clearTimeout(timer)
        resolve({ url, adminToken, child, output: () => out })
      }
    })
    child.stderr?.on('data', (chunk) => {
      out += chunk
    })
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)))
  })
}

describe('npx @dinhdanh/mock-idp', () => {
  it('prints one ready line with the URL and the admin token, and serves discovery (SQLite by default)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mock-idp-cli-'))
    dirs.push(cwd)
    const { url, adminToken, child } = await startCli(['--port', '0', '--log-level', 'silent'], cwd)
    const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    expect(discovery.issuer).toBe(url)
    expect(discovery.acr_values_supported).toEqual(['1', '2'])
    expect(discovery.require_pushed_authorization_requests).not.toBe(true)
    expect(discovery.pushed_authorization_request_endpoint).toBe(`${url}/request`)
    expect((await fetch(`${url}/__admin/scenarios`)).status).toBe(401)
    expect(
      (await fetch(`${url}/__admin/scenarios`, { headers: { authorization: `Bearer ${adminToken}` } }))
        .status,
    ).toBe(200)
    expect(existsSync(join(cwd, '.mock-idp/mock-idp.sqlite'))).toBe(true)
    child.kill('SIGTERM')
  })

  it("starts quietly: no line twice, and instead of oidc-provider's runtime warning one line that explains it", async () => {
    // oidc-provider 9 warns on any runtime but Node 22 LTS or a later LTS (its lib/index.js).
    const lts = process.release.lts
    const unsupported = lts === undefined || lts.charCodeAt(0) < 'Jod'.charCodeAt(0)
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
    expect(help.stderr).toBe('')
    expect(help.stdout).toMatch(/^mock-idp: a mock national e-ID provider/)

    const { child, output } = await startCli(
      ['--port', '0', '--store', 'memory', '--log-level', 'warn'],
      root,
    )
    await new Promise((resolve) => setTimeout(resolve, 500)) // what follows the ready line, if anything
    child.kill('SIGTERM')
    const lines = output()
      .split('\n')
      .filter((line) => line.trim() !== '')
    expect(lines.filter((line) => line.includes('Unsupported runtime'))).toEqual([])
    expect(lines.filter((line) => line.startsWith('mock-idp: Node '))).toHaveLength(unsupported ? 1 : 0)
    expect(new Set(lines).size).toBe(lines.length)
    expect(lines.slice(unsupported ? 1 : 0).map((line) => line.replace(/: \S+$/, ''))).toEqual([
      expect.stringMatching(/^mock-idp ready at http:\/\/127\.0\.0\.1:\d+$/),
      'admin token',
    ])
  })

  it('the public issuer may differ from the listen address (--issuer)', async () => {
    const { url } = await startCli(
      [
        '--port',
        '0',
        '--store',
        'memory',
        '--issuer',
        'https://eid.staging.example',
        '--log-level',
        'silent',
      ],
      root,
    )
    expect(url).toBe('https://eid.staging.example')
  })

  // Node 22.8+ (module.getCompileCacheDir); Node 20 has no compile cache, and .ci/run runs this on Node 24.
  const hasCompileCache =
    typeof (module as { getCompileCacheDir?: unknown }).getCompileCacheDir === 'function'
  if (!hasCompileCache)
    console.warn(
      `⚠ SKIPPED: where the mock keeps its compile cache needs Node 22.8+ (this is ${process.version}); .ci/run runs it on Node 24`,
    )
  it.skipIf(!hasCompileCache)(
    "keeps Node's compile cache inside its package, never in the shared temporary directory, unless NODE_COMPILE_CACHE says where",
    () => {
      // Whoever can write a code cache can run code in the next start: a shared /tmp lets any user of the
      // machine do it. The child reports the directory it used when it exits.
      const report =
        'data:text/javascript,import m from "node:module";process.on("exit",()=>process.stderr.write("cache:"+m.getCompileCacheDir()+"\\n"))'
      const run = (env: Record<string, string>) => {
        const tmp = mkdtempSync(join(tmpdir(), 'mock-idp-tmp-'))
        dirs.push(tmp)
        const inherited = Object.entries(process.env).filter(
          ([key]) => !/^NODE_(DISABLE_)?COMPILE_CACHE/.test(key),
        )
        const result = spawnSync(
          process.execPath,
          ['--import', report, cli, 'population', 'export', '--count', '1'],
          { encoding: 'utf8', env: { ...Object.fromEntries(inherited), TMPDIR: tmp, ...env } },
        )
        expect(result.status, result.stderr).toBe(0)
        return { tmp, used: /cache:(.*)/.exec(result.stderr)?.[1] }
      }
      const byDefault = run({})
      expect(byDefault.used?.startsWith(join(root, 'mock-idp/node_modules/.cache/compile/'))).toBe(true)
      expect(existsSync(join(byDefault.tmp, 'node-compile-cache'))).toBe(false)

      const chosen = mkdtempSync(join(tmpdir(), 'mock-idp-cache-'))
      dirs.push(chosen)
      expect(run({ NODE_COMPILE_CACHE: chosen }).used?.startsWith(`${chosen}/`)).toBe(true)
    },
  )

  it('rejects bad flags with every problem named and exit code 2', () => {
    const result = spawnSync(process.execPath, [cli, '--port=-5', '--store', 'mongo', '--lang', 'fr'], {
      encoding: 'utf8',
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/port/)
    expect(result.stderr).toMatch(/store/)
    expect(result.stderr).toMatch(/lang/)
    expect(result.stderr).toContain('Usage:')
    const unknown = spawnSync(process.execPath, [cli, '--colour'], { encoding: 'utf8' })
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/colour/)
  })

  describe('--today (ADR 0005: the population runs on a day)', () => {
    const citizenOn = async (url: string, adminToken: string, personalId: string) =>
      (await (
        await fetch(`${url}/__admin/citizens/${personalId}`, {
          headers: { authorization: `Bearer ${adminToken}` },
        })
      ).json()) as { today: string; citizen: { fullName: string; age: number; ageOver18: boolean } }
    const MEMORY = ['--port', '0', '--store', 'memory', '--log-level', 'silent']

    it('computes ages on the day given, and the personas of that day', async () => {
      const day = '2027-03-01'
      const { url, adminToken, child } = await startCli([...MEMORY, '--today', day], root)
      const trang = await citizenOn(url, adminToken, personasOn(day).turns18Tomorrow.personalId)
      expect(trang.today).toBe(day)
      expect(trang.citizen).toMatchObject({ fullName: 'Đặng Thu Trang', age: 17, ageOver18: false })
      const bao = await citizenOn(url, adminToken, personasOn(day).teen16.personalId)
      expect(bao.citizen).toMatchObject({ fullName: 'Huỳnh Gia Bảo', age: 16 })
      // The static number of 2026 is somebody born in 2008: 18 by then.
      expect((await citizenOn(url, adminToken, personas.turns18Tomorrow.personalId)).citizen.ageOver18).toBe(
        true,
      )
      child.kill('SIGTERM')
    })

    it('reads MOCK_IDP_TODAY, and runs on today in Vietnam by default', async () => {
      const fromEnv = await startCli(MEMORY, root, { MOCK_IDP_TODAY: '2030-01-01' })
      const child10 = await citizenOn(
        fromEnv.url,
        fromEnv.adminToken,
        personasOn('2030-01-01').child10.personalId,
      )
      expect([child10.today, child10.citizen.fullName, child10.citizen.age]).toEqual([
        '2030-01-01',
        'Nguyễn Ngọc Bảo Anh',
        10,
      ])
      fromEnv.child.kill('SIGTERM')
      const byDefault = await startCli(MEMORY, root)
      const before = toVietnamIsoDate(new Date())
      const { today } = await citizenOn(byDefault.url, byDefault.adminToken, personas.level2Adult.personalId)
      expect([before, toVietnamIsoDate(new Date())]).toContain(today) // midnight may pass during the request
      byDefault.child.kill('SIGTERM')
    })

    it('refuses a day that does not exist', () => {
      const result = spawnSync(process.execPath, [cli, '--today', '2027-02-30'], { encoding: 'utf8' })
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(/today: expected 'clock' or a real date/)
    })
  })

  it('README documents exactly the personas the code has', () => {
    const readme = readFileSync(join(root, 'mock-idp/README.md'), 'utf8')
    expect(readme).toContain(personasMarkdown())
  })
})
