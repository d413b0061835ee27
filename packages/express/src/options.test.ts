import type { EidClient } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { eidAuth } from './eid-auth.js'
import type { EidAuthOptions } from './options.js'

const client = {
  signIn: async () => ({ url: '', transaction: {} }),
  redirectUri: 'https://bank.example/auth/callback',
  metadata: {},
} as unknown as EidClient
const secret = 's'.repeat(32)
const valid: EidAuthOptions = { client, baseUrl: 'https://bank.example', session: { secret } }

function problems(options: Partial<EidAuthOptions> & Record<string, unknown>): string {
  try {
    eidAuth({ ...valid, ...options } as EidAuthOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
  return ''
}

describe('eidAuth options', () => {
  it('accepts the minimal options, and a rotation list', () => {
    expect(problems({})).toBe('')
    expect(problems({ session: { secret: [secret, 't'.repeat(40)] } })).toBe('')
  })

  it('names every bad option in one TypeError', () => {
    const message = problems({
      baseUrl: 'https://bank.example/app/',
      session: { secret: 'short-secret-value', cookieName: 'a b', rollingSec: 5 },
      routes: { login: 'login' },
    })
    expect(message).toMatch(/^Invalid eidAuth\(\) options: /)
    for (const path of [
      'baseUrl',
      'session.secret',
      'session.cookieName',
      'session.rollingSec',
      'routes.login',
    ]) {
      expect(message).toContain(`${path}:`)
    }
    expect(message).not.toContain('short-secret-value')
  })

  it('refuses a client whose redirect URI is not baseUrl + the callback route', () => {
    expect(problems({ baseUrl: 'https://other.example' })).toMatch(
      /redirectUri must be baseUrl \+ routes.callback \(https:\/\/other.example\/auth\/callback\)/,
    )
    expect(problems({ routes: { callback: '/eid/callback' } })).toMatch(/redirectUri must be/)
  })

  it('refuses something that is not a client, an empty secret list, and a non-URL baseUrl', () => {
    expect(problems({ client: {} as EidClient })).toContain('client:')
    expect(problems({ session: { secret: [] } })).toContain('session.secret:')
    // Regression: a baseUrl that is not a URL threw a bare "Invalid URL" instead of naming the option.
    expect(problems({ baseUrl: 'bank.example' })).toContain('baseUrl:')
    expect(problems({ baseUrl: 'ftp://bank.example' })).toContain('baseUrl:')
    expect(problems({ uiLocales: 'en' as unknown as () => 'en' })).toContain('uiLocales:')
  })
})
