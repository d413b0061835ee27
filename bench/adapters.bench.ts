/**
 * Issue #11's "Keep" clause: a sign-in through the core and an adapter costs no more CPU than the Express
 * path before the core split. The relying party's CPU per complete sign-in (GET /auth/login → the
 * provider's authorization → GET /auth/callback → GET /me, a page that reads the sign-in), in one run, for:
 * bare openid-client with a hand-written sealed-cookie session in node:http (the baseline), the pre-split
 * `@dinhdanh/express` (a checkout named by `BENCH_PRE_SPLIT_DIR`; skipped loudly without it),
 * `@dinhdanh/express`, `@dinhdanh/fastify` and `@dinhdanh/hono` today (Hono on `@hono/node-server`): all on
 * real HTTP on 127.0.0.1, driven by a node:http browser in this process.
 *
 * The provider is the msw kit (`mockEid`, `signInAs` a persona: no screens) in this process. Its CPU is
 * measured apart and subtracted: `process.cpuUsage` around each request msw answers (`request:start` to
 * `request:end`) and around `eid.authorize`; the sign-ins are sequential, so nothing else runs meanwhile.
 * What remains is the app's CPU plus the driver's (the same three requests for every row; the "floor" row
 * shows it). Rows are interleaved, their order rotated each round. Run:
 * `npx vitest bench --run --config bench/vitest.config.ts bench/adapters.bench.ts` (`BENCH_ROUNDS`,
 * `BENCH_SIGNINS` per row and round, `BENCH_ROWS` a regular expression of the rows to run). How to build
 * the pre-split checkout, and why at 7677415 rather than 570aac4^: bench/README.md.
 */

import { citizenWithPersona, personas } from '@dinhdanh/testing'
import { mockEid } from '@dinhdanh/testing/msw'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { exportJWK, generateKeyPair } from 'jose'
import { SetupServerApi } from 'msw/node'
import { afterAll, bench, describe } from 'vitest'
import {
  bareApp,
  type ClientSettings,
  expressApp,
  fastifyApp,
  floorApp,
  honoApp,
  keepAliveAgent,
  preSplitDir,
  REDIRECT_URI,
  type RunningApp,
  signInThrough,
} from './support/adapter-apps.js'

const ISSUER = 'https://eid.test'
const CLIENT_ID = 'bench-rp'
const ROOT = new URL('..', import.meta.url).pathname
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SIGN_INS = Number(process.env.BENCH_SIGNINS ?? 200)

const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench-rp-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bench-rp-1', alg: 'ES256' }
const settings: ClientSettings = { issuer: ISSUER, clientId: CLIENT_ID, privateJwk }

const eid = mockEid({
  issuer: ISSUER,
  clients: [{ clientId: CLIENT_ID, jwks: { keys: [publicJwk] }, redirectUris: [REDIRECT_URI] }],
})
// Only fetch is intercepted (the apps' calls to the provider); the driver's node:http requests are not.
const network = new SetupServerApi(eid.handlers, [new FetchInterceptor()])
network.listen({ onUnhandledRequest: 'error' })

// --- The provider's CPU, measured apart. ---------------------------------------------------------------
let providerDepth = 0
let providerStart = process.cpuUsage()
let providerMicros = 0
let providerRequests = 0
const enterProvider = () => {
  if (providerDepth++ === 0) providerStart = process.cpuUsage()
}
const leaveProvider = () => {
  if (--providerDepth === 0) {
    const used = process.cpuUsage(providerStart)
    providerMicros += used.user + used.system
  }
}
network.events.on('request:start', () => {
  providerRequests++
  enterProvider()
})
network.events.on('request:end', leaveProvider)

let signInsSinceReset = 0
/** Before a sign-in: every 100, the kit forgets its requests (it keeps them all until reset()). Provider. */
function resetNowAndThen() {
  if (signInsSinceReset++ % 100 !== 0) return
  enterProvider()
  eid.reset()
  eid.signInAs(personas.level2Adult)
  leaveProvider()
}
/** The provider's part of a sign-in: the authorization URL in, the callback URL out (counted as provider). */
async function authorize(url: string): Promise<string> {
  enterProvider()
  try {
    return await eid.authorize(url)
  } finally {
    leaveProvider()
  }
}

// --- The rows. --------------------------------------------------------------------------------------------
interface Row {
  name: string
  app: RunningApp
  agent: ReturnType<typeof keepAliveAgent>
  provider: boolean
}
const rows: Row[] = []
/** `BENCH_ROWS`: a regular expression; only the rows whose names match (e.g. one row per process to profile). */
const only = process.env.BENCH_ROWS ? new RegExp(process.env.BENCH_ROWS) : undefined
const add = async (name: string, app: () => Promise<RunningApp>, provider = true) => {
  if (only && !only.test(name)) return
  rows.push({ name, app: await app(), agent: keepAliveAgent(), provider })
}
const BASELINE = 'openid-client + node:http (baseline)'
const PRE_SPLIT = '@dinhdanh/express before the split'
await add('floor: driver + 3 round trips, no sign-in', floorApp, false)
await add(BASELINE, () => bareApp(settings))
const preSplit = preSplitDir()
if ('dir' in preSplit) await add(PRE_SPLIT, () => expressApp(preSplit.dir, settings))
else
  console.warn(
    `adapters.bench: the pre-split Express row is SKIPPED (${preSplit.missing}). To produce it: git worktree add /tmp/pre-split 7677415 && (cd /tmp/pre-split && npm ci && npm run build -w packages/client -w packages/express), then BENCH_PRE_SPLIT_DIR=/tmp/pre-split (bench/README.md says why 7677415 and not 570aac4^).`,
  )
await add('@dinhdanh/express', () => expressApp(ROOT, settings))
await add('@dinhdanh/fastify', () => fastifyApp(ROOT, settings))
await add('@dinhdanh/hono (@hono/node-server)', () => honoApp(ROOT, settings))

afterAll(async () => {
  for (const row of rows) {
    row.agent.destroy()
    await row.app.close()
  }
  network.close()
})

const signIn = (row: Row) => {
  resetNowAndThen()
  return signInThrough(row.app, row.agent, row.provider ? authorize : undefined)
}

// Each row signs in once and must show the citizen on its page.
const fullName = citizenWithPersona(personas.level2Adult.personalId)!.fullName
for (const row of rows) {
  const page = await signIn(row)
  if (row.provider && !page.includes(fullName))
    throw new Error(`${row.name}: the signed-in page does not name the citizen: ${page}`)
}

// --- CPU per sign-in: process.cpuUsage over SIGN_INS sign-ins per row and round, provider subtracted. -------
interface Measure {
  app: number
  provider: number
  providerRequests: number
}
async function measure(row: Row, count: number): Promise<Measure> {
  const provider0 = providerMicros
  const requests0 = providerRequests
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) await signIn(row)
  const used = process.cpuUsage(start)
  const provider = providerMicros - provider0
  return {
    app: (used.user + used.system - provider) / count,
    provider: provider / count,
    providerRequests: (providerRequests - requests0) / count,
  }
}

for (const row of rows) await measure(row, 50) // warm-up
const results = new Map<string, Measure[]>(rows.map((row) => [row.name, []]))
for (let round = 0; round < ROUNDS; round++) {
  const order = rows.map((_, i) => rows[(i + round) % rows.length]!)
  for (const row of order) results.get(row.name)!.push(await measure(row, SIGN_INS))
}

const range = (values: number[], digits: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  const low = sorted[0]!.toFixed(digits)
  const high = sorted[sorted.length - 1]!.toFixed(digits)
  return low === high ? low : `${low}-${high}`
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const perRound = (name: string, over: string) =>
  results.get(name)!.map((measured, round) => measured.app / results.get(over)![round]!.app)

const lines = [
  `Relying party CPU per sign-in (provider subtracted), ${ROUNDS} rounds x ${SIGN_INS} sign-ins per row, Node ${process.version}:`,
]
for (const row of rows) {
  const measured = results.get(row.name)!
  const app = measured.map((m) => m.app)
  const parts = [
    `  ${row.name}: ${median(app).toFixed(0)} µs (rounds ${range(app, 0)})`,
    row.provider
      ? `provider ${range(
          measured.map((m) => m.provider),
          0,
        )} µs over ${range(
          measured.map((m) => m.providerRequests),
          1,
        )} requests`
      : 'no provider',
  ]
  if (row.provider && row.name !== BASELINE && results.has(BASELINE))
    parts.push(`x${range(perRound(row.name, BASELINE), 2)} baseline`)
  if (results.has(PRE_SPLIT) && row.name.startsWith('@dinhdanh/') && row.name !== PRE_SPLIT)
    parts.push(`x${range(perRound(row.name, PRE_SPLIT), 2)} pre-split Express`)
  lines.push(parts.join(', '))
}
if (!results.has(PRE_SPLIT)) lines.push('  (pre-split Express row skipped: set BENCH_PRE_SPLIT_DIR)')
console.log(lines.join('\n'))

// --- Throughput, vitest's own table (wall clock: provider and driver included). -----------------------
describe('one sign-in through the relying party: login, authorization, callback, signed-in page', () => {
  for (const row of rows.filter((candidate) => candidate.provider)) {
    bench(
      row.name,
      async () => {
        await signIn(row)
      },
      { time: 2000, warmupTime: 500 },
    )
  }
})
