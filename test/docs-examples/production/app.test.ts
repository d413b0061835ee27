import { type RedisServer, startRedisServer } from '@dinhdanh/test/support/redis-server.js'
import { personas } from '@dinhdanh/testing'
import { mockEid, signInThroughApp } from '@dinhdanh/testing/msw'
import { Redis } from 'ioredis'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

/** docs/production.md's app: https, Redis sessions, rotated secrets, nothing without configuration. */
const keys = await generateKeyPair('ES256', { extractable: true })
const eid = mockEid({
  issuer: 'https://eid.test',
  clients: [
    {
      clientId: 'my-shop',
      jwks: { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k', alg: 'ES256' }] },
      redirectUris: ['https://shop.test/auth/callback'],
    },
  ],
})
const server = setupServer(...eid.handlers)
let redis: RedisServer
let env: Record<string, string>

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  redis = await startRedisServer()
  env = {
    APP_URL: 'https://shop.test',
    EID_ISSUER: 'https://eid.test',
    EID_CLIENT_ID: 'my-shop',
    EID_PRIVATE_JWK: JSON.stringify({ ...(await exportJWK(keys.privateKey)), kid: 'k', alg: 'ES256' }),
    REDIS_URL: redis.url,
    SESSION_SECRETS: 'the-new-secret-of-at-least-32-characters,the-old-secret-of-at-least-32-characters',
  }
})
afterAll(async () => {
  server.close()
  await redis?.stop()
})

describe('docs/production.md', () => {
  it('keeps the session in Redis, not in the cookie', async () => {
    const { app, close } = await createApp(env)
    try {
      eid.signInAs(personas.level2Adult)
      const { agent } = await signInThroughApp(app, { loginPath: '/auth/login?returnTo=/me' })
      const me = await (await agent.fetch('/me')).json()
      expect(me).toEqual({ subject: eid.subjectOf(personas.level2Adult.personalId), level: 2 })
      const client = new Redis(redis.url)
      const keysInRedis = await client.keys('*')
      await client.quit()
      expect(keysInRedis.length).toBeGreaterThan(0)
    } finally {
      await close()
    }
  })

  it('refuses to start without a setting, or on plain http, naming the setting only', async () => {
    const { REDIS_URL: _, ...withoutRedis } = env
    await expect(createApp(withoutRedis)).rejects.toThrow('REDIS_URL is not set')
    await expect(createApp({ ...env, APP_URL: 'http://shop.test' })).rejects.toThrow('must be an https URL')
  })
})
