import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type EidClient } from '@dinhdanh/client'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { TestClient } from './support/clients.js'
import {
  freeLoopbackPort,
  MOCK_IDP_CLI,
  type MockIdpProcess,
  startMockIdpProcess,
} from './support/mock-idp-process.js'
import { type RedisServer, startRedisServer } from './support/redis-server.js'
import { autoApprovedSignIn, loadTestClient, sdkFor, signInCitizens } from './support/sign-in-load.js'

/**
 * The mock provider under faults, as real processes (the built CLI) on loopback: `kill -9` in the middle of
 * sign-ins and withdrawals (SQLite), Redis stopped and restarted under load, two processes on one Redis
 * with one killed, and a store it cannot write. Short by default; `FAULT_ROUNDS=20` (kill/restart cycles)
 * and `FAULT_LOAD_MS=10000` (load per phase) make the long form (bench/README.md).
 */
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 2)
const LOAD_MS = Number(process.env.FAULT_LOAD_MS ?? 1_500)
const WORKERS = 4
/**
 * Each test's budget grows with its rounds and load (issue #13): the kill test runs `ROUNDS` phases of up
 * to `LOAD_MS` of load, each followed by a restart and a check of everything confirmed so far (which grows
 * with the rounds); the Redis test runs two phases of `LOAD_MS`. The project's fixed 60 s stopped the
 * kill test's long form (20 rounds, 10-14 s each on a loaded 2-core machine) in its sixth round, every
 * round before it green. A hang still fails, at this budget.
 */
const PER_ROUND_MS = LOAD_MS + 20_000
const KILL_TEST_TIMEOUT_MS = Math.max(60_000, 30_000 + ROUNDS * PER_ROUND_MS)
const REDIS_TEST_TIMEOUT_MS = Math.max(60_000, 40_000 + 2 * LOAD_MS)

const dirs: string[] = []
const processes: MockIdpProcess[] = []
const redises: RedisServer[] = []
afterAll(async () => {
  for (const idp of processes) await idp.kill('SIGKILL')
  for (const redis of redises) await redis.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mock-idp-faults-'))
  dirs.push(dir)
  return dir
}

async function start(args: string[]): Promise<MockIdpProcess> {
  const idp = await startMockIdpProcess(['--log-level', 'warn', '--auto-approve', ...args])
  processes.push(idp)
  return idp
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The SDK that checks the ledger: `sdkFor`'s, with room for the listing. That one request returns every
 * consent of the run, each with a receipt signed for it, so it grows with the rounds (about 2 s for 4,000
 * consents at load average 8); the 5 s of `sdkFor` is for the sign-ins under test.
 */
function checkerFor(issuer: string, rp: TestClient): Promise<EidClient> {
  return createClient({
    issuer,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
    http: { timeoutMs: 60_000, retries: 0 },
  })
}

/** What one load phase saw: sign-ins and withdrawals the provider confirmed, and every failure. */
interface Ledger {
  /** `withdrawing`: the withdrawal was sent but not confirmed (the kill may land either side of it). */
  consents: Map<string, 'active' | 'withdrawing' | 'withdrawn'>
  signIns: number
  failures: unknown[]
}

/**
 * An error a relying party can act on while the provider is gone or failing: the SDK's typed error, or
 * the test browser's refused or reset connection. A provider that answered a sign-in with its 500 page
 * or a half-written record that broke a later step would show as anything else.
 */
function isCleanFailure(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return String((error as { code: unknown }).code).startsWith('ERR_EID_')
  }
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)
  // The test browser on a screen of the provider: a dropped connection, or the 503 page of a store that is
  // unreachable (its description is checked on discovery; the browser keeps only the page's first bytes).
  if (/got HTTP 503/.test(text)) return true
  return /fetch failed|ECONNREFUSED|ECONNRESET|other side closed|socket/i.test(text)
}

/**
 * `WORKERS` loops of sign-ins (levels 1 and 2), every third followed by a withdrawal through the consent
 * API, until `until()` says stop.
 */
async function runLoad(
  eid: EidClient,
  rp: TestClient,
  citizens: string[],
  ledger: Ledger,
  until: () => boolean,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (!until()) {
        const n = next++
        const personalId = citizens[n % citizens.length] as string
        try {
          const result = await autoApprovedSignIn(eid, rp, personalId, n % 2 === 0 ? 1 : 2)
          ledger.signIns++
          const consentId = result.consentId as string
          ledger.consents.set(consentId, 'active')
          if (n % 3 === 0) {
            ledger.consents.set(consentId, 'withdrawing')
            await eid.consents.revoke(consentId)
            ledger.consents.set(consentId, 'withdrawn')
          }
        } catch (error) {
          ledger.failures.push(error)
          await sleep(50)
        }
      }
    }),
  )
}

/**
 * Every consent the provider confirmed is there, whole, in the state it confirmed, with a valid receipt.
 * Returns how long the listing (one request, all of them) took, for the progress line.
 */
async function expectLedgerKept(eid: EidClient, ledger: Ledger): Promise<number> {
  const listFrom = Date.now()
  const listed = new Map((await eid.consents.list()).map((record) => [record.id, record]))
  const listMs = Date.now() - listFrom
  for (const [id, status] of ledger.consents) {
    const record = listed.get(id)
    expect(record, `consent ${id} confirmed before the kill`).toBeDefined()
    // A withdrawal in flight when the provider died was applied or not, never half: either state is whole.
    if (status === 'withdrawing') expect(['active', 'withdrawn']).toContain(record?.status)
    else expect(record?.status).toBe(status)
    expect(record?.attributes).toContain('health_insurance')
    expect(record?.textShown.length).toBeGreaterThan(20)
    const receipt = await eid.verifyConsentReceipt(record?.receipt)
    expect(receipt.consentId).toBe(id)
  }
  return listMs
}

/** Reads the SQLite file directly: integrity, and no consent record without its indexes (or the reverse). */
function expectStoreWhole(file: string): void {
  const db = new Database(file, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const records = db
      .prepare("SELECT key, value FROM storage_entries WHERE namespace = 'consent'")
      .all() as Array<{ key: string; value: string }>
    const byClient = new Set(
      (
        db
          .prepare("SELECT member FROM storage_set_members WHERE namespace = 'consent-by-client'")
          .all() as Array<{ member: string }>
      ).map((row) => row.member),
    )
    const byAccount = new Set(
      (
        db
          .prepare("SELECT member FROM storage_set_members WHERE namespace = 'consent-by-account'")
          .all() as Array<{ member: string }>
      ).map((row) => row.member),
    )
    const withdrawals = new Set(
      (
        db.prepare("SELECT key FROM storage_entries WHERE namespace = 'consent-withdrawal'").all() as Array<{
          key: string
        }>
      ).map((row) => row.key),
    )
    for (const row of records) {
      const record = JSON.parse(row.value) as { id: string; status: string; grantId: string }
      expect(record.id).toBe(row.key)
      expect(byClient.has(row.key), `${row.key} indexed by client`).toBe(true)
      expect(byAccount.has(row.key), `${row.key} indexed by account`).toBe(true)
      // A withdrawn record always has its marker. (A marker on an active record is what a kill between the
      // two writes would leave; the next withdrawal finishes it: consent/records.test.ts.)
      if (record.status === 'withdrawn') expect(withdrawals.has(row.key)).toBe(true)
    }
  } finally {
    db.close()
  }
}

describe('kill -9 of the mock provider (SQLite) in the middle of sign-ins and withdrawals', () => {
  it(
    `keeps every confirmed consent and receipt whole, fails in-flight sign-ins cleanly, serves new ones (${ROUNDS} rounds)`,
    async () => {
      const dir = tempDir()
      const file = join(dir, 'mock-idp.sqlite')
      const rp = await loadTestClient(dir, 'kill-rp')
      const port = await freeLoopbackPort()
      const args = ['--port', String(port), '--sqlite-file', file, '--clients', rp.clientsFile]
      // Each round signs in citizens[round], [round + 1] and [round + 2] outside the load.
      const citizens = signInCitizens('kill-9', Math.max(50, ROUNDS + 2))
      const ledger: Ledger = { consents: new Map(), signIns: 0, failures: [] }
      const seen = { inFlightFailures: 0, resumedCompleted: 0, resumedFailed: 0 }
      const began = Date.now()
      let idp = await start(args)
      const eid = await sdkFor(idp.url, rp)
      const checker = await checkerFor(idp.url, rp)

      for (let round = 0; round < ROUNDS; round++) {
        // Sign-ins left in flight across the kill: pushed (PAR) only, and authorized but not redeemed.
        const pushed = await eid.signIn({ level: 1, loginHint: citizens[round] as string })
        const authorized = await eid.signIn({ level: 1, loginHint: citizens[round + 1] as string })
        const callback = await followToRedirectUri(authorized.url, rp.redirectUri)

        const killAt = Date.now() + LOAD_MS * (0.6 + 0.4 * Math.random())
        let killed = false
        const load = runLoad(eid, rp, citizens, ledger, () => killed)
        while (Date.now() < killAt) await sleep(20)
        await idp.kill('SIGKILL')
        killed = true
        const failuresBefore = ledger.failures.length
        await load
        const inFlight = ledger.failures.slice(failuresBefore)
        for (const failure of inFlight) expect(isCleanFailure(failure), String(failure)).toBe(true)
        seen.inFlightFailures += inFlight.length

        idp = await start(args)
        expectStoreWhole(file)
        const checkFrom = Date.now()
        const listMs = await expectLedgerKept(checker, ledger)
        const checkMs = Date.now() - checkFrom
        // What was in flight either completes (its state was committed) or fails with a typed error.
        const resumed = await Promise.allSettled([
          followToRedirectUri(pushed.url, rp.redirectUri).then((url) =>
            eid.completeSignIn(url, pushed.transaction),
          ),
          eid.completeSignIn(callback, authorized.transaction),
        ])
        for (const outcome of resumed) {
          if (outcome.status === 'rejected')
            expect(isCleanFailure(outcome.reason), String(outcome.reason)).toBe(true)
          seen[outcome.status === 'fulfilled' ? 'resumedCompleted' : 'resumedFailed']++
        }
        // New sign-ins work at once.
        const fresh = await autoApprovedSignIn(eid, rp, citizens[round + 2] as string, 2)
        ledger.consents.set(fresh.consentId as string, 'active')
        // Progress, so that a run stopped by its timeout shows how far it got (counts only).
        console.log(
          `kill -9 round ${round + 1}/${ROUNDS} done at ${Math.round((Date.now() - began) / 1000)} s: ` +
            `${ledger.signIns} sign-ins under load, ${ledger.consents.size} consents checked (listed in ${listMs} ms, checked in ${checkMs} ms)`,
        )
      }
      const statuses = [...ledger.consents.values()]
      console.log(
        `kill -9, ${ROUNDS} rounds of up to ${LOAD_MS} ms: ${ledger.signIns} sign-ins under load, ` +
          `${statuses.filter((s) => s === 'withdrawn').length} withdrawals confirmed, ` +
          `${statuses.filter((s) => s === 'withdrawing').length} in flight at a kill, ` +
          `${ledger.consents.size} consents and receipts checked after every restart, ` +
          `${seen.inFlightFailures} in-flight requests failed cleanly, held sign-ins ` +
          `${seen.resumedCompleted} completed / ${seen.resumedFailed} failed cleanly after the restart`,
      )
      expect(ledger.signIns).toBeGreaterThan(ROUNDS * 2)
      expect(idp.output()).not.toMatch(/TypeError|ReferenceError|Unhandled|at .*\.js:\d+/)
      await idp.kill('SIGTERM')
      expectStoreWhole(file)
    },
    KILL_TEST_TIMEOUT_MS,
  )
})

describe('a SQLite store the provider cannot write', () => {
  const expectClearRefusal = (result: ReturnType<typeof spawnSync>) => {
    const stderr = String(result.stderr)
    expect(result.status).toBe(1)
    expect(stderr).toMatch(/mock-idp failed to start: cannot use the SQLite store .* --sqlite-file/)
    expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
  }

  it('a read-only file or directory: a clear error at start, not a stack trace', () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    const readOnlyFile = join(dir, 'read-only.sqlite')
    // Created writable first (so it holds the schema), then made read-only.
    const db = new Database(readOnlyFile)
    db.exec('CREATE TABLE IF NOT EXISTS t (x)')
    db.close()
    chmodSync(readOnlyFile, 0o444)
    const readOnlyDir = join(dir, 'read-only-dir')
    mkdirSync(readOnlyDir, { mode: 0o555 })
    // Root ignores file modes: run the provider as `nobody` when this process can, as itself otherwise.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    for (const file of [readOnlyFile, join(readOnlyDir, 'mock-idp.sqlite')]) {
      const result = spawnSync(process.execPath, [MOCK_IDP_CLI, '--port', '0', '--sqlite-file', file], {
        encoding: 'utf8',
        timeout: 30_000,
        cwd: tmpdir(),
        ...asNobody,
      })
      expectClearRefusal(result)
    }
    // A path through a file that is not a directory.
    const notADir = join(dir, 'plain-file')
    writeFileSync(notADir, '')
    expectClearRefusal(
      spawnSync(process.execPath, [MOCK_IDP_CLI, '--port', '0', '--sqlite-file', join(notADir, 'x.sqlite')], {
        encoding: 'utf8',
        timeout: 30_000,
      }),
    )
  })

  it('a full disk (simulated with a 2 KB file-size limit): a clear error at start', () => {
    const dir = tempDir()
    const result = spawnSync(
      'bash',
      [
        '-c',
        'ulimit -f 2 && exec "$0" "$@"',
        process.execPath,
        MOCK_IDP_CLI,
        '--port',
        '0',
        '--sqlite-file',
        join(dir, 'full.sqlite'),
      ],
      { encoding: 'utf8', timeout: 30_000 },
    )
    expectClearRefusal(result)
    expect(String(result.stderr)).toMatch(/disk I\/O error|full/i)
  })
})

describe('Redis stopped and restarted under load (mock-idp --store redis)', () => {
  it(
    'answers with clear errors while Redis is down, never crashes, serves fully after, and no ended session comes back',
    async () => {
      const dir = tempDir()
      const persistence = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]
      let redis = await startRedisServer({ extraArgs: persistence })
      redises.push(redis)
      const rp = await loadTestClient(dir, 'redis-rp')
      const idp = await start([
        '--port',
        '0',
        '--store',
        'redis',
        '--redis-url',
        redis.url,
        '--clients',
        rp.clientsFile,
      ])
      const eid = await sdkFor(idp.url, rp)
      const citizens = signInCitizens('redis-restart', 40)
      const ledger: Ledger = { consents: new Map(), signIns: 0, failures: [] }

      // A consent withdrawn before the outage stays withdrawn: its refresh token never works again.
      const ended = await autoApprovedSignIn(eid, rp, citizens[0] as string, 2)
      await eid.consents.revoke(ended.consentId as string)
      ledger.consents.set(ended.consentId as string, 'withdrawn')

      let phase: 'up' | 'down' | 'back' = 'up'
      const load = runLoad(eid, rp, citizens, ledger, () => phase === 'back')
      await sleep(LOAD_MS)
      const before = ledger.signIns
      await redis.stop()
      phase = 'down'
      const downFrom = ledger.failures.length
      await sleep(LOAD_MS)
      // While Redis is down: the provider is still up and answers (it does not wait for Redis to return;
      // the abort is a hang detector far above any answer, not a speed check), saying why it cannot serve.
      const discovery = await fetch(`${idp.url}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(30_000),
      })
      if (discovery.status !== 200) {
        expect(discovery.status).toBe(503)
        expect(await discovery.text()).toMatch(/cannot reach its redis store/)
      }
      const duringOutage = ledger.failures.slice(downFrom)
      expect(duringOutage.length).toBeGreaterThan(0)
      for (const failure of duringOutage) expect(isCleanFailure(failure), String(failure)).toBe(true)

      redis = await startRedisServer({ port: redis.port, extraArgs: persistence })
      redises.push(redis)
      phase = 'back'
      await load
      expect(before).toBeGreaterThan(0)
      expect(idp.child.exitCode).toBeNull()

      // Full service after: sign-ins and withdrawals, and everything confirmed is still there.
      for (let i = 0; i < 4; i++) {
        const result = await autoApprovedSignIn(eid, rp, citizens[i + 1] as string, (i % 2) + 1 === 1 ? 1 : 2)
        ledger.consents.set(result.consentId as string, 'active')
      }
      await expectLedgerKept(eid, ledger)
      await expect(eid.refresh(ended.tokens)).rejects.toMatchObject({ code: 'ERR_EID_PROVIDER' })
      expect(idp.output()).not.toMatch(/Unhandled|at .*\.js:\d+/)
      console.log(
        `Redis restart, ${LOAD_MS} ms per phase: ${before} sign-ins before the outage, ` +
          `${ledger.signIns} in all, ${duringOutage.length} clean failures while down ` +
          `(discovery ${discovery.status}), ${ledger.consents.size} consents and receipts checked after`,
      )
    },
    REDIS_TEST_TIMEOUT_MS,
  )

  it('two processes on one Redis, one killed: the other finishes the sign-ins it can', async () => {
    const dir = tempDir()
    const redis = await startRedisServer()
    redises.push(redis)
    const rp = await loadTestClient(dir, 'pair-rp')
    const common = ['--store', 'redis', '--redis-url', redis.url, '--clients', rp.clientsFile]
    const a = await start(['--port', '0', ...common])
    const bPort = await freeLoopbackPort()
    // B serves the same public issuer, as behind a load balancer.
    const b = await start(['--port', String(bPort), ...common, '--issuer', a.url])
    const eid = await sdkFor(a.url, rp)
    const citizens = signInCitizens('two-processes', 10)
    // Sign-ins authorized on A, not yet redeemed, and one only pushed (PAR) to A.
    const pending = await Promise.all(
      citizens.slice(0, 4).map(async (personalId) => {
        const { url, transaction } = await eid.signIn({ level: 1, loginHint: personalId })
        return { callback: await followToRedirectUri(url, rp.redirectUri), transaction }
      }),
    )
    const pushed = await eid.signIn({ level: 2, loginHint: citizens[5] as string })
    await a.kill('SIGKILL')
    // The load balancer now sends everything to B: B redeems what A authorized and continues what A began.
    const original = globalThis.fetch
    const issuerOrigin = new URL(a.url).origin
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      if (url.origin !== issuerOrigin) return original(input, init)
      return original(`http://127.0.0.1:${bPort}${url.pathname}${url.search}`, init)
    }
    try {
      for (const { callback, transaction } of pending) {
        const result = await eid.completeSignIn(callback, transaction)
        expect(result.citizen?.personalId).toMatch(/^\d{12}$/)
      }
      const resumed = await eid.completeSignIn(
        await followToRedirectUri(
          pushed.url.replace(issuerOrigin, `http://127.0.0.1:${bPort}`),
          rp.redirectUri,
        ),
        pushed.transaction,
      )
      expect(resumed.level).toBe(2)
      const fresh = await autoApprovedSignIn(eid, rp, citizens[6] as string, 1)
      expect(fresh.consentId).toMatch(/^c_/)
    } finally {
      globalThis.fetch = original
    }
    expect(b.child.exitCode).toBeNull()
  })
})
