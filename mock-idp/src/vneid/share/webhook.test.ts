import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../logger.js'
import { createMemoryStorage } from '../../storage/memory-storage.js'
import { SHARE_WEBHOOK_ATTEMPTS, ShareWebhooks, signShareWebhook } from './webhook.js'

const SECRET = 'another-webhook-secret-of-32-chars-or-more'
let server: Server
let url: string
/** The statuses the receiver answers, in order (then 200). */
let answers: number[] = []
const received: { body: string; signature: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-signature'] ?? '') })
      res.statusCode = answers.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** A deliverer whose retries wait for the test: each scheduled task and its delay are recorded. */
function manualWebhooks() {
  const waits: number[] = []
  const tasks: (() => void)[] = []
  const webhooks = new ShareWebhooks({
    storage: createMemoryStorage(),
    logger: createLogger('silent'),
    now: () => 1_750_000_000,
    schedule: (task, ms) => {
      waits.push(ms)
      tasks.push(task)
    },
  })
  return { webhooks, waits, tasks }
}

/** Runs the next scheduled retry and waits until its attempt is logged. */
async function runNext(context: ReturnType<typeof manualWebhooks>): Promise<void> {
  const before = (await context.webhooks.deliveries()).length
  context.tasks.shift()?.()
  for (let i = 0; i < 500 && (await context.webhooks.deliveries()).length === before; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('ShareWebhooks', () => {
  it('signs the raw body with HMAC-SHA256 and sends the result with eventId and timestamp', async () => {
    received.length = 0
    const context = manualWebhooks()
    const eventId = await context.webhooks.deliver({ uri: url, secret: SECRET }, 'bank', {
      txnId: 'txn-1',
      status: 'REFUSED',
    })
    const [event] = received
    expect(event?.signature).toBe(
      createHmac('sha256', SECRET)
        .update(event?.body ?? '')
        .digest('hex'),
    )
    expect(signShareWebhook(event?.body ?? '', SECRET)).toBe(event?.signature)
    expect(JSON.parse(event?.body ?? '{}')).toEqual({
      txnId: 'txn-1',
      status: 'REFUSED',
      eventId,
      timestamp: 1_750_000_000,
    })
    expect(context.waits).toEqual([]) // delivered: no retry
    expect(await context.webhooks.deliveries()).toMatchObject([{ eventId, outcome: 'delivered', attempt: 1 }])
  })

  it('retries a non-2xx answer after 1 s, 2 s, 4 s, 8 s: five attempts, the same event and signature', async () => {
    received.length = 0
    answers = [500, 503, 404, 302, 500]
    const context = manualWebhooks()
    await context.webhooks.deliver({ uri: url, secret: SECRET }, 'bank', {
      txnId: 'txn-2',
      status: 'EXPIRED',
    })
    for (let i = 1; i < SHARE_WEBHOOK_ATTEMPTS; i++) await runNext(context)
    expect(context.waits).toEqual([1000, 2000, 4000, 8000])
    expect(context.tasks).toEqual([]) // no sixth attempt
    expect(received).toHaveLength(5)
    expect(new Set(received.map((r) => r.body)).size).toBe(1)
    const log = await context.webhooks.deliveries()
    expect(log.map((entry) => entry.attempt).sort()).toEqual([1, 2, 3, 4, 5])
    expect(log.every((entry) => entry.outcome === 'failed')).toBe(true)
    expect(JSON.stringify(log)).not.toContain(SECRET)
  })

  it('stops retrying once an attempt is answered 2xx', async () => {
    received.length = 0
    answers = [500, 202]
    const context = manualWebhooks()
    await context.webhooks.deliver({ uri: url, secret: SECRET }, 'bank', {
      txnId: 'txn-3',
      status: 'REFUSED',
    })
    await runNext(context)
    expect(context.waits).toEqual([1000])
    expect(context.tasks).toEqual([])
    expect((await context.webhooks.deliveries())[0]).toMatchObject({
      attempt: 2,
      outcome: 'delivered',
      httpStatus: 202,
    })
  })

  it('logs a connection failure by its error name and retries it', async () => {
    const context = manualWebhooks()
    await context.webhooks.deliver({ uri: 'http://127.0.0.1:9/closed', secret: SECRET }, 'bank', {
      txnId: 'txn-4',
      status: 'REFUSED',
    })
    const [entry] = await context.webhooks.deliveries()
    expect(entry).toMatchObject({ outcome: 'failed', attempt: 1 })
    expect(entry?.error).toMatch(/^[A-Za-z]+$/)
    expect(context.waits).toEqual([1000])
  })

  it('a retry after the consent was withdrawn sends the refusal as a new event, never the data (security review of #16, point 5)', async () => {
    received.length = 0
    answers = [500, 500]
    const context = manualWebhooks()
    let withdrawn = false
    const approved = { txnId: 'txn-5', status: 'APPROVED', citizenPid: '001090001234', data: { name: 'An' } }
    const current = async () => (withdrawn ? { txnId: 'txn-5', status: 'REFUSED' } : approved)
    const firstId = await context.webhooks.deliver({ uri: url, secret: SECRET }, 'bank', approved, current)
    // Still approved at the second attempt: the same event again.
    await runNext(context)
    withdrawn = true
    await runNext(context)
    const bodies = received.map((r) => JSON.parse(r.body) as Record<string, unknown>)
    expect(bodies.map((b) => b.status)).toEqual(['APPROVED', 'APPROVED', 'REFUSED'])
    expect(bodies[1]?.eventId).toBe(firstId)
    expect(bodies[2]?.eventId).not.toBe(firstId)
    expect(bodies[2]).not.toHaveProperty('data')
    expect(received[2]?.signature).toBe(signShareWebhook(received[2]?.body ?? '', SECRET))
    expect((await context.webhooks.deliveries())[0]).toMatchObject({ attempt: 3, status: 'REFUSED' })
  })
})
