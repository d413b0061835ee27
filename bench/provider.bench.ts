/**
 * The mock provider (memory, SQLite, Redis stores; `--auto-approve`) against bare oidc-provider 9 with the
 * same protocol features (bench/support/bare-provider.mjs), each its own process, driven by a bare
 * openid-client relying party from this process: PAR with `private_key_jwt`, PKCE, the authorization
 * approved at once for the login_hint, the code exchange with ID token checks, and userinfo; every sign-in
 * a different citizen. At 1 and 16 concurrent sign-ins: sign-ins/s, p50/p99, the provider's CPU per
 * sign-in (/proc), its peak RSS; and start-up to the first discovery answer, idle RSS. Variants are
 * interleaved over BENCH_ROUNDS rounds (2) of BENCH_MS (4000) each; ratios are to bare in the same round.
 * BENCH_MOCK_CLI runs another build of the mock's CLI (e.g. a copy of mock-idp/dist taken before a change);
 * BENCH_COMPARE_CLI adds a second variant per store run by that build (`redis@compare`), in the same rounds;
 * BENCH_STORES (`memory,sqlite,redis`) picks the stores.
 * The figures print as a table (the vitest bench below only times discovery). Run: `npm run bench`.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { signInCitizens } from '@dinhdanh/test/support/sign-in-load.js'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import { importJWK } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, bench, describe } from 'vitest'
import { measureLoad, ratioTable } from './support/load.js'
import { processStats } from './support/process-stats.js'
import { withProfiler } from './support/profiling.js'
import { spawnProvider } from './support/provider-process.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const MS = Number(process.env.BENCH_MS ?? 4000)
const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'provider-bench-'))
const rp = await testClient('bench-rp')
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
const citizens = signInCitizens('provider-bench', 2000)
let citizen = 0
const children: ChildProcess[] = []
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await redis.stop()
})

type Store = 'memory' | 'sqlite' | 'redis'
/** `bare`, a store, or a store run by the build BENCH_COMPARE_CLI names (`redis@compare`). */
type Variant = 'bare' | Store | `${Store}@compare`
const STORES = (process.env.BENCH_STORES ?? 'memory,sqlite,redis').split(',') as Store[]
const VARIANTS: Variant[] = [
  'bare',
  ...STORES,
  ...(process.env.BENCH_COMPARE_CLI ? STORES.map((store) => `${store}@compare` as const) : []),
]

interface Running {
  url: string
  pid: number
  startupMs: number
  idleRssMiB: number
  config: oidc.Configuration
  stop(): void
}

async function start(variant: Variant): Promise<Running> {
  const [store, compare] = variant.split('@') as [Store | 'bare', string | undefined]
  // Each start is from an empty store, as memory and a new SQLite file are: a Redis kept from an earlier
  // round would hold its grants (the screen flow would then skip consent for citizens seen before).
  if (store === 'redis') await redis.flush()
  const args =
    store === 'bare'
      ? [join(root, 'bench/support/bare-provider.mjs'), bareClients]
      : [
          (compare ? process.env.BENCH_COMPARE_CLI : process.env.BENCH_MOCK_CLI) ??
            join(root, 'mock-idp/dist/cli.js'),
          '--port',
          '0',
          '--log-level',
          'silent',
          '--auto-approve',
          '--clients',
          mockClients,
          '--store',
          store,
          ...(store === 'sqlite' ? ['--sqlite-file', join(dir, `mock-${Date.now()}.sqlite`)] : []),
          ...(store === 'redis' ? ['--redis-url', redis.url] : []),
        ]
  const began = performance.now()
  const { child, ready } = spawnProvider(variant, withProfiler(args))
  children.push(child)
  const url = await ready
  const discovery = await fetch(`${url}/.well-known/openid-configuration`)
  await discovery.text()
  const startupMs = performance.now() - began
  await new Promise((resolve) => setTimeout(resolve, 500))
  const idleRssMiB = processStats(child.pid as number).rssMiB
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
  return { url, pid: child.pid as number, startupMs, idleRssMiB, config, stop: () => child.kill('SIGKILL') }
}

async function signIn(config: oidc.Configuration): Promise<void> {
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const url = await oidc.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: rp.redirectUri,
    scope: 'openid identity',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: citizens[citizen++ % citizens.length] as string,
  })
  const callback = await followToRedirectUri(url.href, rp.redirectUri, new CookieJar())
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  })
  await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string)
}

const load = (running: Running, concurrency: number) =>
  measureLoad({
    name: running.url,
    pid: running.pid,
    concurrency,
    ms: MS,
    signIn: () => signIn(running.config),
  })

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
      'sign-ins/s @16': sixteen.perSec,
      'p50 ms @16': sixteen.p50,
      'p99 ms @16': sixteen.p99,
      'p99 ms @1': one.p99,
      'CPU ms/sign-in @16': sixteen.cpuMsPerSignIn,
      'peak RSS MiB': processStats(running.pid).peakMiB,
      'start-up ms': running.startupMs,
      'idle RSS MiB': running.idleRssMiB,
    })
    running.stop()
  }
}

console.log(
  `\nmock-idp against bare oidc-provider (${ROUNDS} interleaved rounds of ${MS} ms; ratio range to bare):`,
)
console.table(ratioTable(results))

describe('discovery (the table above holds the figures)', () => {
  bench('noop', () => {})
})
