import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { personas } from '@dinhdanh/testing'
import { RedisSessionStore } from '@dinhdanh/web'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Browser,
  buildTestApp,
  confirmProviderLogout,
  type EidView,
  type Harness,
  SECRET_A,
  sessionCookieOf,
  signIn,
  startHarness,
  startInstance,
  visit,
} from './testing/harness.js'

// Two instances of one app behind a load balancer: the same baseUrl and client, each its own process
// state and its own Redis connection, one Redis. Without redis-server, startRedisServer rejects with the
// install instructions: these tests never skip silently.
let redis: RedisServer
let admin: Redis
let h: Harness
let prefixes = 0

beforeAll(async () => {
  redis = await startRedisServer()
  admin = new Redis(redis.url)
  h = await startHarness({ main: {} })
}, 60_000)
afterAll(async () => {
  await h?.close()
  await admin?.quit()
  await redis?.stop()
})

interface Instances {
  /** The browser reaching instance 1 (at the site's own address, where the provider delivers). */
  one: Browser
  /** The same browser profile (same cookies) reaching instance 2. */
  two: Browser
  prefix: string
  close(): Promise<void>
}

/** Instance 1 serves the site; instance 2 runs the same app on another port; both share Redis. */
async function twoInstances(withRedis = true): Promise<Instances> {
  const prefix = `express-test:${process.pid}:${++prefixes}:`
  const stores = withRedis
    ? [new RedisSessionStore({ url: redis.url, prefix }), new RedisSessionStore({ url: redis.url, prefix })]
    : []
  const options = (index: number) => {
    const store = stores[index]
    return store ? { session: { secret: SECRET_A, store } } : {}
  }
  h.sites.main!.start(options(0))
  const second = await startInstance(buildTestApp(h.sites.main!, options(1)).app)
  const one = h.browser()
  return {
    one,
    two: one.withHost(h.sites.main!.origin, second.url),
    prefix,
    async close() {
      await second.close()
      await Promise.all(stores.map((store) => store.close()))
    },
  }
}

async function status(browser: Browser): Promise<EidView> {
  return (await browser.get(new URL('/status', h.sites.main!.origin))).json<EidView>()
}

describe('two app instances sharing one Redis', () => {
  it('a back-channel logout received by instance 1 ends the session on instance 2', async () => {
    const { one, two, prefix, close } = await twoInstances()
    try {
      await h.signInAs(personas.level2Adult.personalId)
      await signIn(one, h.sites.main!, 'returnTo=/status')
      const { id } = (await sessionCookieOf(one, h.sites.main!.origin))!
      expect(await admin.exists(`${prefix}s:${id}`)).toBe(1)
      expect((await status(two)).isSignedIn).toBe(true)

      const from = h.deliveries.length
      const end = await one.follow(h.sites.main!.client.signOutUrl())
      await confirmProviderLogout(one, end)
      // Delivered to the registered URI: instance 1.
      expect(h.deliveries.slice(from).map((delivery) => delivery.url.href)).toEqual([
        `${h.sites.main!.origin}/auth/backchannel-logout`,
      ])

      expect((await status(two)).isSignedIn).toBe(false)
      expect((await status(one)).isSignedIn).toBe(false)
      expect(await admin.keys(`${prefix}*`)).toEqual([])
    } finally {
      await close()
    }
  })

  it('a sign-in finished on one instance is seen by the other, and a consent withdrawal received by instance 1 reaches instance 2', async () => {
    const { one, two, close } = await twoInstances()
    try {
      await h.signInAs(personas.level2Adult.personalId)
      await signIn(one, h.sites.main!, 'returnTo=/status')
      // Incremental consent through instance 2 (its transaction cookie and callback on instance 2).
      const { page } = await visit(two, new URL('/insurance', h.sites.main!.origin))
      expect(page.json<EidView>().attributes.healthInsurance).toBeDefined()
      expect((await status(one)).attributes.healthInsurance).toBeDefined()

      const { json } = await h.admin('GET', `/consents?client_id=${h.sites.main!.clientId}`)
      const consent = (
        json.consents as { id: string; attributes: string[]; status: string; grantedAt: number }[]
      )
        .filter((record) => record.status === 'active' && record.attributes.includes('health_insurance'))
        .sort((a, b) => a.grantedAt - b.grantedAt)
        .at(-1)!
      await h.admin('POST', `/consents/${consent.id}/withdraw`)

      const after = await status(two)
      expect(after.isSignedIn).toBe(true)
      expect(after.attributes.healthInsurance).toBeUndefined()
      expect(after.granted).toEqual(['identity'])
    } finally {
      await close()
    }
  })

  it('without a shared store (cookie sessions), instance 2 does not learn of a logout instance 1 received: use Redis with several instances', async () => {
    const { one, two, close } = await twoInstances(false)
    try {
      await h.signInAs(personas.level2Adult.personalId)
      await signIn(one, h.sites.main!, 'returnTo=/status')
      const stolen = one.cookieHeader(new URL('/status', h.sites.main!.origin))
      await confirmProviderLogout(one, await one.follow(h.sites.main!.client.signOutUrl()))
      one.plant(h.sites.main!.origin, 'eid_session', /eid_session=([^;]+)/.exec(stolen ?? '')?.[1] ?? '')
      expect((await status(one)).isSignedIn).toBe(false)
      expect((await status(two)).isSignedIn).toBe(true)
    } finally {
      await close()
    }
  })
})
