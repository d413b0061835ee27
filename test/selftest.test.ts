/**
 * The relying-party self-test (`mock-idp selftest`, docs/selftest.md) against the examples: each
 * example runs on a loopback port with a client configured for the self-test's hostile issuer, exactly
 * as `server.ts` would build it, and must accept the valid sign-in and refuse every forgery.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatTable, runSelftest, type SelftestReport } from '@dinhdanh/mock-idp'
import { getRequestListener } from '@hono/node-server'
import { createApp as createBank } from 'dinhdanh-example-bank/app'
import { createApp as createHospital } from 'dinhdanh-example-hospital/app'
import { createApp as createPharmacy } from 'dinhdanh-example-pharmacy/app'
import { createApp as createRetail } from 'dinhdanh-example-retail/app'
import { clientMetadata, DEMO_APPS, type DemoApp, generateClientKey } from 'dinhdanh-example-shared/demo'
import { type AppDeps, exampleDeps, type Handler, listenOnLoopback } from 'dinhdanh-example-shared/testing'
import { createApp as createTravel } from 'dinhdanh-example-travel/app'
import { describe, expect, it } from 'vitest'

interface Target {
  name: DemoApp['name']
  build(deps: AppDeps): Handler
  /** Where a sign-in starts, relative to the app. */
  login: string
  /** The signed-in page (or, with `*`, the pattern the callback must land on), relative to the app. */
  signedIn: string
  /** Cases that do not apply to this app, and why. */
  notApplicable: string[]
}

const TARGETS: Target[] = [
  {
    name: 'bank',
    build: ({ client, config }) => createBank({ client, config }),
    // Level 2 asked, so the acr case applies; no max_age on an ordinary sign-in.
    login: '/auth/login?level=2&returnTo=%2Fbanking',
    signedIn: '/account',
    notApplicable: ['auth-time-too-old'],
  },
  {
    name: 'hospital',
    build: ({ client, config }) => createHospital({ client, config }),
    login: '/auth/login?level=2&returnTo=%2Fcheck-in',
    signedIn: '/check-in',
    notApplicable: ['auth-time-too-old'],
  },
  {
    name: 'travel',
    build: ({ client, config }) => createTravel({ client, config }),
    // K7AN2H is booked for Nguyễn Văn An, the self-test's default citizen.
    login: '/auth/login?returnTo=%2Fcheck-in%2FK7AN2H',
    signedIn: '/check-in/K7AN2H',
    notApplicable: ['auth-time-too-old'],
  },
  {
    name: 'retail',
    build: ({ client, config }) => createRetail({ client, config }),
    // A one-off age check: no session; accepted means the callback lands on the order it placed.
    login: '/checkout/vang-do-da-lat/verify-age',
    signedIn: '/orders/*',
    // Level 1 asked, no max_age; age_over_18 only, so no personal number travels.
    notApplicable: ['acr-lower', 'auth-time-too-old', 'personal-id-birthdate'],
  },
  {
    name: 'pharmacy',
    // On Hono, served as its server.ts serves it; /auth/login asks level 2 and the card by default.
    build: (deps) => getRequestListener(createPharmacy(deps).fetch),
    login: '/auth/login?returnTo=%2Fprescriptions%2Ftang-huyet-ap',
    signedIn: '/prescriptions/tang-huyet-ap',
    notApplicable: ['auth-time-too-old'],
  },
]

async function selftestExample(target: Target): Promise<SelftestReport> {
  const demoApp = DEMO_APPS.find((app) => app.name === target.name)
  if (!demoApp) throw new Error(`no demo app ${target.name}`)
  const site = await listenOnLoopback()
  const baseUrl = `http://127.0.0.1:${site.port}`
  const { privateJwk, publicJwk } = await generateClientKey(`${demoApp.clientId}-selftest`)
  try {
    return await runSelftest({
      port: 0,
      clients: [clientMetadata(demoApp, baseUrl, publicJwk)],
      login: `${baseUrl}${target.login}`,
      signedIn: `${baseUrl}${target.signedIn}`,
      waitSeconds: 20,
      // The app starts once the hostile provider listens, with that provider as its issuer.
      onListening: async (issuer) => {
        site.serve(target.build(await exampleDeps(demoApp, { url: issuer }, baseUrl, privateJwk)))
      },
    })
  } finally {
    await site.close()
  }
}

describe('mock-idp selftest against the examples', () => {
  it.each(TARGETS)('$name accepts the valid sign-in and refuses every forgery', async (target) => {
    const started = Date.now()
    const report = await selftestExample(target)
    const table = formatTable(report.results)
    expect(report.stopped, table).toBeUndefined()
    const outcome = (id: string) => report.results.find((result) => result.id === id)?.outcome
    expect(outcome('valid-sign-in'), table).toBe('passed')
    const wrong = report.results.filter(
      (result) =>
        result.id !== 'valid-sign-in' &&
        result.outcome !== (target.notApplicable.includes(result.id) ? 'not-applicable' : 'passed'),
    )
    expect(
      wrong.map((result) => `${result.id}: ${result.outcome}`),
      table,
    ).toEqual([])
    expect(report.exitCode, table).toBe(0)
    expect(Date.now() - started, 'the whole self-test of one app stays under 20 s').toBeLessThan(20_000)
  })
})

/** A port free right now (the CLI needs a fixed one). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('npx @dinhdanh/mock-idp selftest (the built bin)', () => {
  const cli = fileURLToPath(new URL('../mock-idp/dist/cli.js', import.meta.url))

  it('runs against the bank started after it, prints the table, writes JUnit and exits 0', async () => {
    if (!existsSync(cli)) throw new Error('mock-idp is not built: run `npm run build` first')
    const bank = DEMO_APPS.find((app) => app.name === 'bank')
    if (!bank) throw new Error('no bank')
    const dir = mkdtempSync(join(tmpdir(), 'selftest-cli-'))
    const site = await listenOnLoopback()
    const baseUrl = `http://127.0.0.1:${site.port}`
    const { privateJwk, publicJwk } = await generateClientKey('bank-selftest-cli')
    writeFileSync(join(dir, 'clients.json'), JSON.stringify([clientMetadata(bank, baseUrl, publicJwk)]))
    const port = await freePort()
    try {
      const child = spawn(
        process.execPath,
        [
          cli,
          'selftest',
          '--port',
          String(port),
          '--clients',
          join(dir, 'clients.json'),
          '--login',
          `${baseUrl}/auth/login?level=2&returnTo=%2Fbanking`,
          '--signed-in',
          `${baseUrl}/account`,
          '--wait',
          '20',
          '--junit',
          join(dir, 'selftest.xml'),
          '--only',
          'alg-none,nonce-wrong,error-markup',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      let started = false
      child.stdout.on('data', (chunk) => {
        out += chunk
        const issuer = /hostile provider listening: issuer (\S+)/.exec(out)?.[1]
        if (issuer && !started) {
          started = true
          expect(issuer).toBe(`http://127.0.0.1:${port}`)
          exampleDeps(bank, { url: issuer }, baseUrl, privateJwk).then((deps) => site.serve(createBank(deps)))
        }
      })
      child.stderr.on('data', (chunk) => {
        out += chunk
      })
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      expect(code, out).toBe(0)
      expect(out).toMatch(/ok alg-none +\| ID token unsigned/)
      expect(out).toContain('4 cases: 4 as expected, 0 failed, 0 not applicable, 0 errors')
      const xml = readFileSync(join(dir, 'selftest.xml'), 'utf8')
      expect(xml).toContain('tests="4" failures="0" errors="0" skipped="0"')
      expect(xml.match(/<testcase /g)).toHaveLength(4)
    } finally {
      await site.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('exits 2 with the usage when flags are missing', async () => {
    const child = spawn(process.execPath, [cli, 'selftest', '--port', '4000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk) => {
      err += chunk
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(2)
    expect(err).toContain('missing --clients, --login, --signed-in')
  })
})
