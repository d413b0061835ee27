/**
 * The full screen flow: the mock provider (memory, SQLite, Redis stores; no `--auto-approve`) against bare
 * oidc-provider 9 with the same protocol features and minimal screens of the same shape
 * (bench/support/bare-provider-forms.mjs), each its own process. A bare openid-client relying party in this
 * process does PAR with `private_key_jwt` and PKCE, then walks the screens over HTTP as a browser would
 * (cookies, same-origin form posts, redirects): the 12-digit number and passcode, the one-time code read
 * from the outbox (`GET /__admin/sms`, the JSON both providers answer; the read counts in the provider's
 * CPU), the code, the consent form with every requested attribute ticked; then the code exchange with ID
 * token checks and userinfo. Every sign-in a different citizen. At 1 and 16 concurrent sign-ins:
 * sign-ins/s, p50/p99, the provider's CPU per sign-in (/proc), its peak RSS. Variants are interleaved over
 * BENCH_ROUNDS rounds (2) of BENCH_MS (4000) each; ratios are to bare in the same round. BENCH_MOCK_CLI runs
 * another build of the mock's CLI. The figures print as a table (the vitest bench below is a placeholder).
 * Run: `npm run bench` (or `npx vitest bench --run --config bench/vitest.config.ts bench/screen-flow.bench.ts`).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { signInCitizens } from '@dinhdanh/test/support/sign-in-load.js'
import { citizenWithPersona } from '@dinhdanh/testing'
import { CookieJar } from '@dinhdanh/testing/browser'
import { importJWK } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, bench, describe } from 'vitest'
import { measureLoad, ratioTable } from './support/load.js'
import { processStats } from './support/process-stats.js'
import { withProfiler } from './support/profiling.js'
import { spawnProvider } from './support/provider-process.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const MS = Number(process.env.BENCH_MS ?? 4000)
const PASSCODE = '123456'
const ADMIN_TOKEN = 'screen-flow-bench-admin-token-0123456789'
const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'screen-flow-bench-'))
const rp = await testClient('screen-bench-rp')
const bareMetadata = {
  ...rp.metadata,
  grant_types: ['authorization_code', 'refresh_token'],
  id_token_signed_response_alg: 'ES256',
  backchannel_token_delivery_mode: undefined,
}
const mockClients = join(dir, 'mock-clients.json')
const bareClients = join(dir, 'bare-clients.json')
writeFileSync(mockClients, JSON.stringify([rp.metadata]))
writeFileSync(bareClients, JSON.stringify([bareMetadata]))
const redis = await startRedisServer()
/** Citizens who can sign in, with the number their code is sent to at the mock (bare: the ID number). */
const citizens = signInCitizens('screen-flow-bench', 2000).flatMap((personalId) => {
  const phone = citizenWithPersona(personalId)?.phone?.number
  return phone ? [{ personalId, phone }] : []
})
let citizen = 0
const children: ChildProcess[] = []
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Variant = 'bare' | 'memory' | 'sqlite' | 'redis'
/** BENCH_STORES (`memory,sqlite,redis`) picks the stores, as in provider.bench.ts. */
const VARIANTS: Variant[] = [
  'bare',
  ...((process.env.BENCH_STORES ?? 'memory,sqlite,redis').split(',') as Variant[]),
]

interface Running {
  variant: Variant
  url: string
  pid: number
  config: oidc.Configuration
  stop(): void
}

async function start(variant: Variant): Promise<Running> {
  // Each start is from an empty store, as memory and a new SQLite file are: a Redis kept from an earlier
  // round would hold its grants (the screen flow would then skip consent for citizens seen before).
  if (variant === 'redis') await redis.flush()
  const args =
    variant === 'bare'
      ? [join(root, 'bench/support/bare-provider-forms.mjs'), bareClients]
      : [
          process.env.BENCH_MOCK_CLI ?? join(root, 'mock-idp/dist/cli.js'),
          '--port',
          '0',
          '--log-level',
          'silent',
          '--admin-token',
          ADMIN_TOKEN,
          '--lang',
          'en',
          '--clients',
          mockClients,
          '--store',
          variant,
          ...(variant === 'sqlite' ? ['--sqlite-file', join(dir, `mock-${Date.now()}.sqlite`)] : []),
          ...(variant === 'redis' ? ['--redis-url', redis.url] : []),
        ]
  const { child, ready } = spawnProvider(variant, withProfiler(args))
  children.push(child)
  const url = await ready
  const config = await oidc.discovery(
    new URL(url),
    rp.metadata.client_id,
    { redirect_uris: [rp.redirectUri], id_token_signed_response_alg: 'ES256' },
    oidc.PrivateKeyJwt({
      key: (await importJWK(rp.privateJwk, 'ES256')) as CryptoKey,
      kid: String(rp.privateJwk.kid),
    }),
    { execute: [oidc.allowInsecureRequests] },
  )
  return { variant, url, pid: child.pid as number, config, stop: () => child.kill('SIGKILL') }
}

/** A browser tab on the provider: cookies, same-origin form posts, manual redirects. */
class Tab {
  readonly jar = new CookieJar()
  url: URL

  constructor(start: string) {
    this.url = new URL(start)
  }

  async get(target: string | URL): Promise<Response> {
    this.url = new URL(target, this.url)
    const cookie = this.jar.header(this.url)
    const response = await fetch(this.url, {
      redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie && { cookie }) },
    })
    this.jar.store(this.url, response.headers.getSetCookie())
    return response
  }

  async post(action: string, fields: Array<[string, string]>): Promise<Response> {
    const target = new URL(action.replace(/&amp;/g, '&'), this.url)
    const cookie = this.jar.header(target)
    const response = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(fields),
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        origin: target.origin,
        'sec-fetch-site': 'same-origin',
        ...(cookie && { cookie }),
      },
    })
    this.jar.store(target, response.headers.getSetCookie())
    this.url = target
    return response
  }

  /** Follows redirects to a page (its HTML) or to the relying party's redirect URI (`callback`). */
  async follow(response: Response, redirectUri: string): Promise<{ page: string; callback?: string }> {
    let current = response
    for (let hop = 0; hop < 12; hop++) {
      const location = current.headers.get('location')
      if (current.status < 300 || current.status >= 400 || !location) {
        const page = await current.text()
        if (current.status !== 200) {
          throw new Error(
            `HTTP ${current.status} at ${this.url.pathname}: ${page.replace(/\s+/g, ' ').slice(0, 300)}`,
          )
        }
        return { page }
      }
      await current.body?.cancel()
      const next = new URL(location, this.url)
      if (next.href.startsWith(redirectUri)) return { page: '', callback: next.href }
      current = await this.get(next)
    }
    throw new Error('too many redirects')
  }
}

/** The form on `page` whose action ends with `/<step>`: its action and hidden fields. */
function form(page: string, step: string): { action: string; hidden: Array<[string, string]> } {
  const match = new RegExp(
    `<form[^>]*action="([^"]*/interaction/[^"/]+/${step})(?:\\?[^"]*)?"[^>]*>([\\s\\S]*?)</form>`,
  ).exec(page)
  if (!match) throw new Error(`no ${step} form on the page: ${page.replace(/\s+/g, ' ').slice(0, 300)}`)
  const hidden = [...(match[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*>/g)].flatMap(([input]) => {
    const name = /name="([^"]+)"/.exec(input)?.[1]
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? ''
    return name ? [[name, value] as [string, string]] : []
  })
  return { action: match[0].match(/action="([^"]*)"/)?.[1] ?? '', hidden }
}

/** The newest one-time code sent to `to`, from the provider's outbox (its admin JSON). */
async function codeSentTo(url: string, to: string): Promise<string> {
  const response = await fetch(`${url}/__admin/sms`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  const { messages } = (await response.json()) as { messages: Array<{ to: string; text: string }> }
  const code = /\b(\d{6})\b/.exec(messages.find((message) => message.to === to)?.text ?? '')?.[1]
  if (!code) throw new Error(`no code in the outbox (${messages.length} messages)`)
  return code
}

async function signIn(running: Running): Promise<void> {
  const { personalId, phone } = citizens[citizen++ % citizens.length] as (typeof citizens)[number]
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const authorize = await oidc.buildAuthorizationUrlWithPAR(running.config, {
    redirect_uri: rp.redirectUri,
    scope: 'openid identity',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  const tab = new Tab(authorize.href)
  const login = await tab.follow(await tab.get(authorize), rp.redirectUri)
  const loginForm = form(login.page, 'login')
  const otp = await tab.follow(
    await tab.post(loginForm.action, [
      ...loginForm.hidden,
      ['personalId', personalId],
      ['passcode', PASSCODE],
    ]),
    rp.redirectUri,
  )
  const otpForm = form(otp.page, 'otp')
  const code = await codeSentTo(running.url, running.variant === 'bare' ? personalId : phone)
  const consent = await tab.follow(
    await tab.post(otpForm.action, [...otpForm.hidden, ['otp', code]]),
    rp.redirectUri,
  )
  const consentForm = form(consent.page, 'consent')
  const ticks = [...consent.page.matchAll(/name="attributes"[^>]*value="([^"]+)"/g)].map(
    ([, value]) => ['attributes', value as string] as [string, string],
  )
  const done = await tab.follow(
    await tab.post(consentForm.action, [...consentForm.hidden, ...ticks, ['decision', 'allow']]),
    rp.redirectUri,
  )
  if (!done.callback)
    throw new Error(`consent did not return to the relying party: ${done.page.slice(0, 300)}`)
  const tokens = await oidc.authorizationCodeGrant(running.config, new URL(done.callback), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  })
  await oidc.fetchUserInfo(running.config, tokens.access_token, tokens.claims()?.sub as string)
}

const load = (running: Running, concurrency: number) =>
  measureLoad({ name: running.variant, pid: running.pid, concurrency, ms: MS, signIn: () => signIn(running) })

type Row = Record<string, number>
const results = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as Row[]])) as Record<
  Variant,
  Row[]
>
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no variant always runs first or last.
  const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant)
  for (const variant of order) {
    const running = await start(variant)
    const one = await load(running, 1)
    const sixteen = await load(running, 16)
    results[variant].push({
      'sign-ins/s @1': one.perSec,
      'p50 ms @1': one.p50,
      'p99 ms @1': one.p99,
      'CPU ms/sign-in @1': one.cpuMsPerSignIn,
      'sign-ins/s @16': sixteen.perSec,
      'p50 ms @16': sixteen.p50,
      'p99 ms @16': sixteen.p99,
      'CPU ms/sign-in @16': sixteen.cpuMsPerSignIn,
      'peak RSS MiB': processStats(running.pid).peakMiB,
    })
    running.stop()
  }
}

console.log(
  `\nscreen flow (number + passcode, code from the outbox, consent): mock-idp against bare oidc-provider with forms (${ROUNDS} interleaved rounds of ${MS} ms; ratio range to bare):`,
)
console.table(ratioTable(results))

describe('screen flow (the table above holds the figures)', () => {
  bench('noop', () => {})
})
