import { createClient } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RedisServer, startRedisServer } from './support/redis-server.js'

/**
 * Several mock-idp processes behind one issuer share one Redis: a sign-in started on one instance is
 * finished on another (code, grant, consent record), and a withdrawal on either ends it everywhere.
 */
let redis: RedisServer
let a: MockIdp
let b: MockIdp
let rp: TestClient

beforeAll(async () => {
  redis = await startRedisServer()
  rp = await testClient('shared-redis-rp')
  const common = {
    store: 'redis' as const,
    redisUrl: redis.url,
    autoApprove: true,
    logLevel: 'silent' as const,
    clients: [rp.metadata],
    adminToken: 'shared-admin-token-0123456789',
  }
  a = await createMockIdp({ ...common, port: 0 })
  // The second instance serves the same public issuer (as behind a load balancer).
  b = await createMockIdp({ ...common, port: 0, issuer: a.url })
})

afterAll(async () => {
  await a?.close()
  await b?.close()
  await redis?.stop()
})

let sentToB = 0

/** Sends the back-channel requests (token, userinfo) to instance B, as a load balancer might. */
async function viaB<T>(work: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch
  const bOrigin = `http://127.0.0.1:${b.port}`
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.origin === a.url && (url.pathname === '/token' || url.pathname === '/me')) {
      sentToB++
      return original(`${bOrigin}${url.pathname}${url.search}`, init)
    }
    return original(input, init)
  }
  try {
    return await work()
  } finally {
    globalThis.fetch = original
  }
}

describe('two mock-idp instances sharing one Redis', () => {
  it('a sign-in authorized on instance A is redeemed on instance B, and a withdrawal on B ends it', async () => {
    const eid = await createClient({
      issuer: a.url,
      clientId: rp.metadata.client_id,
      clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
      redirectUri: rp.redirectUri,
    })
    const { url, transaction } = await eid.signIn({
      level: 2,
      attributes: ['health_insurance'] as const,
      purpose: 'Khám bệnh có BHYT',
      loginHint: personas.level2Adult.personalId,
    })
    const callback = await followToRedirectUri(url, rp.redirectUri)
    const result = await viaB(() => eid.completeSignIn(callback, transaction))
    expect(result.citizen?.personalId).toBe(personas.level2Adult.personalId)
    expect(result.attributes.healthInsurance).toBeDefined()
    expect(result.consentId).toMatch(/^c_/)
    expect(sentToB).toBe(2) // the token request and userinfo went to B

    const withdraw = await fetch(`http://127.0.0.1:${b.port}/__admin/consents/${result.consentId}/withdraw`, {
      method: 'POST',
      headers: { authorization: 'Bearer shared-admin-token-0123456789' },
    })
    expect(withdraw.status).toBe(200)
    // The refresh token issued through A is dead on A as well.
    await expect(eid.refresh(result.tokens)).rejects.toMatchObject({
      code: 'ERR_EID_PROVIDER',
      error: 'invalid_grant',
    })
  })

  it('a scenario set through the admin API of A takes effect on A at once and on B within the staleness bound', async () => {
    const discovery = async (idp: MockIdp) =>
      (await fetch(`http://127.0.0.1:${idp.port}/.well-known/openid-configuration`)).status
    const scenarios = (method: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${a.port}/__admin/scenarios`, {
        method,
        headers: {
          authorization: 'Bearer shared-admin-token-0123456789',
          'content-type': 'application/json',
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    // Only Date is faked (frozen), so the bound passes when the test says so, not with the machine's load.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      expect(await discovery(a)).toBe(200)
      expect(await discovery(b)).toBe(200) // B has read "no scenario on" and trusts it for the bound
      const set = await scenarios('POST', { name: 'server_error', endpoint: 'discovery', status: 503 })
      expect(set.status).toBe(201)
      expect(await discovery(a)).toBe(503) // the process that set it: at once
      expect(await discovery(b)).toBe(200) // the other process: not yet, within the bound (1 s) ...
      vi.setSystemTime(Date.now() + 1000)
      expect(await discovery(b)).toBe(503) // ... and once it has passed
      expect((await scenarios('DELETE')).status).toBe(200)
      expect(await discovery(b)).toBe(200) // while one is on B reads Redis on every request: off at once
    } finally {
      vi.useRealTimers()
      await scenarios('DELETE')
    }
  })
})
