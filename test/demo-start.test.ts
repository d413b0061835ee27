/**
 * `npm start` as a newcomer runs it (README's quickstart): the script generates the development keys,
 * starts the provider, the five examples and the landing page on their fixed ports, and Ctrl-C stops them
 * all. Runs on the build `npm test` made, with a noisy stand-in for the build (DEMO_BUILD_COMMAND), keys in
 * a temporary folder and the provider in memory, so it leaves nothing behind.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repoRoot = join(import.meta.dirname, '..')
const PORTS = [4000, 3000, 3001, 3002, 3003, 3004, 3005]
const keysDir = mkdtempSync(join(tmpdir(), 'dinhdanh-dev-keys-'))
const BANNER_END = 'Press Ctrl-C to stop.'
/** A stand-in for `npm run build`: as chatty as the real one (about 150 lines), then `exitCode`. */
const noisyBuild = (exitCode: number) =>
  `"${process.execPath}" -e "for (let i = 1; i <= 150; i++) console.log('build line ' + i); process.exit(${exitCode})"`
let demo: ChildProcess
let output = ''

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

beforeAll(async () => {
  const busy = (await Promise.all(PORTS.map(async (port) => ((await portFree(port)) ? [] : [port])))).flat()
  if (busy.length > 0) throw new Error(`ports ${busy.join(', ')} are in use: stop the running demo first`)
  demo = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DEMO_BUILD_COMMAND: noisyBuild(0),
      DEMO_KEYS_DIR: keysDir,
      MOCK_IDP_STORE: 'memory',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  demo.stdout?.on('data', (chunk) => {
    output += chunk
  })
  demo.stderr?.on('data', (chunk) => {
    output += chunk
  })
  // Ready when the banner is printed (after every app listens).
  const deadline = Date.now() + 60_000
  while (!output.includes(BANNER_END)) {
    if (Date.now() > deadline || demo.exitCode !== null) throw new Error(`the demo did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
})

afterAll(async () => {
  if (demo && demo.exitCode === null) {
    demo.kill('SIGINT')
    await new Promise((resolve) => demo.once('exit', resolve))
  }
  rmSync(keysDir, { recursive: true, force: true })
})

describe('npm start', () => {
  it('prints the URLs of the landing page, the examples and the provider', () => {
    expect(output).toContain('http://localhost:3000')
    expect(output).toContain('http://127.0.0.1:4000/dev/sms')
    for (const port of [3001, 3002, 3003, 3004, 3005]) expect(output).toContain(`http://localhost:${port}`)
  })

  it('is quiet until the banner (the build says nothing when it works), which comes after every app listens', () => {
    const lines = output.split('\n')
    const bannerEnd = lines.indexOf(BANNER_END)
    const bannerStart = lines.findIndex((line) => line.startsWith('dinhdanh demo'))
    expect(bannerStart).toBeGreaterThan(-1)
    expect(bannerEnd).toBeGreaterThan(bannerStart)
    // Every app's "listening" line comes before the banner's last line.
    for (const port of [3000, 3001, 3002, 3003, 3004, 3005]) {
      const listening = lines.findIndex((line) => line.includes(`on http://localhost:${port}`))
      expect(listening, `the line of the app on ${port}`).toBeGreaterThan(-1)
      expect(listening, `the line of the app on ${port}`).toBeLessThan(bannerEnd)
    }
    // Before the banner: one line about the build, then only the processes' own start-up lines.
    const before = lines.slice(0, bannerStart).filter((line) => line.trim() !== '')
    expect(before.filter((line) => line.includes('build line'))).toEqual([])
    expect(before.filter((line) => !line.startsWith('['))).toEqual([
      'Building the packages and the examples (npm run build)...',
    ])
    expect(before.length).toBeLessThanOrEqual(20)
  })

  it('generated a key and a session secret per example, readable by the owner only, and registered them', () => {
    for (const name of ['bank', 'hospital', 'travel', 'retail', 'pharmacy']) {
      const key = join(keysDir, `${name}.private.jwk.json`)
      expect(JSON.parse(readFileSync(key, 'utf8'))).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' })
      expect(statSync(key).mode & 0o077).toBe(0)
      expect(existsSync(join(keysDir, `${name}.session-secret`))).toBe(true)
    }
    const clients = JSON.parse(readFileSync(join(keysDir, 'clients.json'), 'utf8')) as {
      client_id: string
      jwks?: { keys: { d?: string }[] }
    }[]
    expect(clients.map((client) => client.client_id)).toEqual([
      // The bank's sharing from the VNeID app: a dialect client of its own, with a secret, no key (#16).
      'demo-bank-ekyc',
      'demo-bank',
      'demo-hospital',
      'demo-travel',
      'demo-retail',
      'demo-pharmacy',
    ])
    // Only public keys go to the provider.
    expect(clients.every((client) => (client.jwks?.keys ?? []).every((key) => key.d === undefined))).toBe(
      true,
    )
  })

  it('serves the landing page and each example in Vietnamese', async () => {
    const landing = await (await fetch('http://127.0.0.1:3000/')).text()
    expect(landing).toContain('Đăng nhập bằng định danh điện tử quốc gia')
    for (const [port, name] of [
      [3001, 'Ngân hàng Sen Vàng'],
      [3002, 'Bệnh viện Đa khoa Hồng Hà'],
      [3003, 'Hãng bay Cánh Cò'],
      [3004, 'Hầm rượu Đà Lạt Xưa'],
      [3005, 'Nhà thuốc Cỏ Mây'],
    ] as const) {
      const response = await fetch(`http://127.0.0.1:${port}/`)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain(name)
    }
  })

  it('each example is registered: starting a sign-in pushes an authorization request with its key', async () => {
    // The shop's age check starts with a pushed authorization request signed with the generated key;
    // the provider accepting it (302 to its screens) proves registration end to end.
    const response = await fetch('http://127.0.0.1:3004/checkout/vang-do-da-lat/verify-age', {
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    const shop = new URL(response.headers.get('location') ?? '')
    expect(shop.origin + shop.pathname).toBe('http://127.0.0.1:4000/auth')
    expect(shop.searchParams.get('client_id')).toBe('demo-retail')
    expect(shop.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    const login = await fetch('http://127.0.0.1:3001/auth/login', { redirect: 'manual' })
    expect(new URL(login.headers.get('location') ?? '').searchParams.get('client_id')).toBe('demo-bank')
  })

  it('Ctrl-C stops every process it started', async () => {
    demo.kill('SIGINT')
    await new Promise((resolve) => demo.once('exit', resolve))
    await expect
      .poll(async () => (await Promise.all(PORTS.map(portFree))).every(Boolean), { timeout: 10_000 })
      .toBe(true)
  })
})

describe('npm start when the build fails', () => {
  it('shows the build output, says so and exits with its code, starting nothing', async () => {
    const failing = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: repoRoot,
      env: { ...process.env, DEMO_BUILD_COMMAND: noisyBuild(3), DEMO_KEYS_DIR: keysDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let text = ''
    failing.stdout?.on('data', (chunk) => {
      text += chunk
    })
    failing.stderr?.on('data', (chunk) => {
      text += chunk
    })
    const code = await new Promise((resolve) => failing.once('exit', resolve))
    expect(code).toBe(3)
    expect(text).toContain('build line 1\n')
    expect(text).toContain('build line 150\n')
    expect(text).toContain('The build failed (exit code 3); its output is above.')
    expect(text).not.toContain(BANNER_END)
    expect(text).not.toContain('[mock-idp]')
  })
})
