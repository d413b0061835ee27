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
