import { type EidClient, EidNetworkError, EidTokenError } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { collectCookies } from './cookie-sink.js'
import { createEidCore } from './core.js'
import { MemorySessionStore } from './session/memory-session-store.js'

/** A memory store that counts the back-channel deletions the core asks of it. */
class CountingStore extends MemorySessionStore {
  bySubject: string[] = []
  override async deleteBySubject(subject: string): Promise<number> {
    this.bySubject.push(subject)
    return super.deleteBySubject(subject)
  }
}

const logoutPost = () =>
  new Request('https://shop.test/auth/backchannel-logout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'logout_token=header.payload.signature',
  })

function coreWith(verifyLogoutToken: EidClient['verifyLogoutToken'], store = new CountingStore()) {
  const client = {
    signIn: async () => ({ url: 'https://eid.test/authorize', transaction: {} }),
    redirectUri: 'https://shop.test/auth/callback',
    metadata: {},
    verifyLogoutToken,
  } as unknown as EidClient
  const core = createEidCore<undefined>({
    client,
    baseUrl: 'https://shop.test',
    session: { secret: 's'.repeat(40), store },
    log: () => {},
  })
  return { core, store }
}

describe('the provider posts (back-channel logout)', () => {
  it('review finding: ends the sessions even when the client does not call apply (a wrapper that drops the option)', async () => {
    const { core, store } = coreWith(async () => ({ sub: 'citizen-1' }))
    const answer = (await core.route(logoutPost(), collectCookies(), undefined)) as Response
    expect(answer.status).toBe(200)
    expect(store.bySubject).toEqual(['citizen-1'])
  })

  it('ends them once when the client applies', async () => {
    const { core, store } = coreWith(async (_jwt, options) => {
      await options?.apply?.({ sub: 'citizen-1' })
      return { sub: 'citizen-1' }
    })
    await core.route(logoutPost(), collectCookies(), undefined)
    expect(store.bySubject).toEqual(['citizen-1'])
  })

  it('review finding: a provider whose keys cannot be reached is not told "bad token" (400) but gets an error to retry on', async () => {
    const { core } = coreWith(async () => {
      throw new EidNetworkError({ timeout: true, endpoint: 'jwks' })
    })
    await expect(core.route(logoutPost(), collectCookies(), undefined)).rejects.toMatchObject({
      code: 'ERR_EID_NETWORK',
    })
  })

  it('answers a token that does not verify 400, ending nothing', async () => {
    const { core, store } = coreWith(async () => {
      throw new EidTokenError({ token: 'logout_token', check: 'signature', detail: 'bad signature' })
    })
    const answer = (await core.route(logoutPost(), collectCookies(), undefined)) as Response
    expect(answer.status).toBe(400)
    expect(store.bySubject).toEqual([])
  })
})
