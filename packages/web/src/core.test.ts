import type { EidClient } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { collectCookies } from './cookie-sink.js'
import { createEidCore } from './core.js'

const client = {
  signIn: async () => ({ url: 'https://eid.test/authorize', transaction: {} }),
  redirectUri: 'https://shop.test/auth/callback',
  metadata: {},
} as unknown as EidClient

describe('createEidCore', () => {
  it('review finding: a language the error page does not know (uiLocales answering "fr") gives the Vietnamese page, not a crash', async () => {
    const core = createEidCore<undefined>({
      client,
      baseUrl: 'https://shop.test',
      session: { secret: 's'.repeat(40) },
      uiLocales: () => 'fr' as never,
    })
    const answer = await core.route(
      new Request('https://shop.test/auth/callback?state=s'),
      collectCookies(),
      undefined,
    )
    expect(answer).toBeInstanceOf(Response)
    const response = answer as Response
    expect(response.status).toBe(400)
    const page = await response.text()
    expect(page).toMatch(/^<!doctype html><html lang="vi">/)
    expect(page).toContain('ERR_EID_TRANSACTION_INVALID')
  })
})

describe('a purpose in both languages', () => {
  const purpose = { vi: 'Mở tài khoản thanh toán', en: 'Opening a payment account' }

  /** A core whose client records what each sign-in was asked for. */
  function recording(defaults?: { purpose: typeof purpose }) {
    const asked: Parameters<EidClient['signIn']>[0][] = []
    const signIn = async (request: Parameters<EidClient['signIn']>[0]) => {
      asked.push(request)
      return { url: 'https://eid.test/authorize', transaction: { state: `s${asked.length}`.padEnd(32, 'x') } }
    }
    const core = createEidCore<undefined>({
      client: { ...client, signIn } as unknown as EidClient,
      baseUrl: 'https://shop.test',
      session: { secret: 's'.repeat(40) },
      ...(defaults && { defaults }),
    })
    return { core, asked }
  }

  it('reaches the client from requireSignIn, requireAttributes (with and without identity) and the login route', async () => {
    const { core, asked } = recording({ purpose })
    const request = new Request('https://shop.test/open')
    const sink = collectCookies()
    const eid = await core.context(request, sink, undefined)
    await core.requireSignIn(request, sink, undefined, eid, { level: 2, purpose })
    await core.requireAttributes(request, sink, undefined, eid, ['address'], { purpose })
    await core.requireAttributes(request, sink, undefined, eid, ['age_over_18'], { identity: false, purpose })
    const login = await core.route(new Request('https://shop.test/auth/login'), sink, undefined)
    expect((login as Response).status).toBe(302)
    expect(asked.map((request) => request?.purpose)).toEqual([purpose, purpose, purpose, purpose])
  })

  it('is refused in the options when it is neither a text nor { vi, en }', () => {
    expect(() => recording({ purpose: { vi: 'Mở tài khoản thanh toán' } as never })).toThrow(
      /defaults\.purpose: expected the purpose as a text or as \{ vi, en \}/,
    )
  })
})
