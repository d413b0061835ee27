import { mockEid } from '@dinhdanh/testing/msw'
import { exportJWK, generateKeyPair } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type EidClient, type Jwk, type ReplayGuard } from './index.js'
import { MemoryReplayGuard } from './replay-guard.js'

/**
 * A provider event (a back-channel logout token, a consent-withdrawal event) that verifies but cannot be
 * applied (the app's session store is down) must not be lost: the provider's next delivery of the same
 * token is accepted. Without `apply`, the token's `jti` is kept as soon as it verifies and the retry is a
 * "replay".
 */
const ISSUER = 'https://eid.test'
const keys = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bank-1', alg: 'ES256' }
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bank-1', alg: 'ES256' } as Jwk
const eid = mockEid({ issuer: ISSUER, clients: [{ clientId: 'bank', jwks: { keys: [publicJwk] } }] })
const server = setupServer(...eid.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => eid.reset())
afterAll(() => server.close())

const connect = (replayGuard: ReplayGuard = new MemoryReplayGuard()): Promise<EidClient> =>
  createClient(
    {
      issuer: ISSUER,
      clientId: 'bank',
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri: 'https://bank.test/auth/callback',
    },
    { replayGuard },
  )

const storeDown = () => {
  throw new Error('session store unavailable')
}

describe('verifyLogoutToken with apply', () => {
  it('accepts the same token again after applying it failed, and only then refuses it as a replay', async () => {
    const client = await connect()
    const token = await eid.mintLogoutToken({ sub: 'citizen-1', sid: 'sid-1' })
    await expect(client.verifyLogoutToken(token, { apply: storeDown })).rejects.toThrow(
      'session store unavailable',
    )
    const ended: unknown[] = []
    await expect(
      client.verifyLogoutToken(token, { apply: (target) => void ended.push(target) }),
    ).resolves.toEqual({ sub: 'citizen-1', sid: 'sid-1' })
    expect(ended).toEqual([{ sub: 'citizen-1', sid: 'sid-1' }])
    await expect(client.verifyLogoutToken(token, { apply: () => undefined })).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
      check: 'jti',
    })
  })

  it('review finding: a redelivery that arrives while the first is still claiming or applying waits for it, and is applied when the first fails', async () => {
    // The first delivery's claim is answered late, as by a slow connection of a shared guard, so the
    // redelivery verifies while the first holds an answer it has not read. Before the fix the redelivery
    // sent its own claim then, was refused as a replay, and the event was lost when the first failed.
    // The first is started alone and the redelivery only once the first's claim was sent: two signature
    // checks on the thread pool may finish in either order, so starting both at once does not say which
    // one is "first".
    const memory = new MemoryReplayGuard()
    let claims = 0
    let refusedClaims = 0
    let firstClaimSent: () => void = () => undefined
    const firstClaimIsSent = new Promise<void>((resolve) => {
      firstClaimSent = resolve
    })
    let answerFirstClaim: () => void = () => undefined
    const client = await connect({
      claim: async (id, ttlSec) => {
        const claimed = await memory.claim(id, ttlSec)
        if (++claims === 1) {
          firstClaimSent()
          await new Promise<void>((resolve) => {
            answerFirstClaim = resolve
          })
        }
        if (!claimed) refusedClaims++
        return claimed
      },
      release: (id) => memory.release(id),
    })
    const token = await eid.mintLogoutToken({ sub: 'citizen-1', sid: 'sid-1' })
    let failFirst: (error: Error) => void = () => undefined
    let firstApplying: () => void = () => undefined
    const firstIsApplying = new Promise<void>((resolve) => {
      firstApplying = resolve
    })
    const first = client.verifyLogoutToken(token, {
      apply: () =>
        new Promise<void>((_, reject) => {
          failFirst = reject
          firstApplying()
        }),
    })
    await firstClaimIsSent
    const ended: unknown[] = []
    const redelivery = client.verifyLogoutToken(token, { apply: (target) => void ended.push(target) })
    // Give the redelivery time to verify and reach the replay check (without the fix it would claim then).
    const deadline = Date.now() + 300
    while (claims === 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(claims).toBe(1)
    answerFirstClaim()
    await firstIsApplying
    expect(claims).toBe(1)
    failFirst(new Error('session store unavailable'))
    await expect(first).rejects.toThrow('session store unavailable')
    await expect(redelivery).resolves.toEqual({ sub: 'citizen-1', sid: 'sid-1' })
    expect(ended).toEqual([{ sub: 'citizen-1', sid: 'sid-1' }])
    expect(claims).toBe(2)
    expect(refusedClaims).toBe(0)
  })

  it('without apply, keeps the jti as soon as the token verifies (the old contract)', async () => {
    const client = await connect()
    const token = await eid.mintLogoutToken({ sub: 'citizen-1' })
    await client.verifyLogoutToken(token)
    await expect(client.verifyLogoutToken(token)).rejects.toMatchObject({ check: 'jti' })
  })

  it('keeps the jti when the replay guard cannot release it: a custom guard without release', async () => {
    const seen = new Set<string>()
    const claimOnly: ReplayGuard = {
      async claim(id) {
        if (seen.has(id)) return false
        seen.add(id)
        return true
      },
    }
    const client = await connect(claimOnly)
    const token = await eid.mintLogoutToken({ sub: 'citizen-1' })
    await expect(client.verifyLogoutToken(token, { apply: storeDown })).rejects.toThrow()
    await expect(client.verifyLogoutToken(token, { apply: () => undefined })).rejects.toMatchObject({
      check: 'jti',
    })
  })

  it("reports the application's error when releasing fails too", async () => {
    const guard: ReplayGuard = {
      claim: async () => true,
      release: async () => {
        throw new Error('replay store unavailable')
      },
    }
    const client = await connect(guard)
    const token = await eid.mintLogoutToken({ sub: 'citizen-1' })
    await expect(client.verifyLogoutToken(token, { apply: storeDown })).rejects.toThrow(
      'session store unavailable',
    )
  })

  it('does not run apply for a token that fails verification', async () => {
    const client = await connect()
    const token = await eid.mintLogoutToken({ sub: 'citizen-1', aud: 'another-client' })
    let applied = false
    await expect(
      client.verifyLogoutToken(token, {
        apply: () => {
          applied = true
        },
      }),
    ).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check: 'aud' })
    expect(applied).toBe(false)
  })
})

describe('verifySecurityEvent with apply', () => {
  it('accepts the same withdrawal event again after applying it failed', async () => {
    const client = await connect()
    const event = await eid.mintConsentWithdrawnEvent({
      consentId: 'c_1',
      sub: 'citizen-1',
      attributes: ['phone'],
      clientId: 'bank',
    })
    await expect(client.verifySecurityEvent(event, { apply: storeDown })).rejects.toThrow()
    const applied: string[] = []
    const verified = await client.verifySecurityEvent(event, {
      apply: (withdrawn) => void applied.push(withdrawn.consentId),
    })
    expect(verified.attributes).toEqual(['phone'])
    expect(applied).toEqual(['c_1'])
    await expect(client.verifySecurityEvent(event)).rejects.toMatchObject({ check: 'jti' })
  })
})
