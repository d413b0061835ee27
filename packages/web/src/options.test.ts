import type { EidClient } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { type EidCoreOptions, resolveEidCoreOptions } from './options.js'

const client = {
  signIn: async () => ({ url: '', transaction: {} }),
  redirectUri: 'https://bank.example/auth/callback',
} as unknown as EidClient
const valid: EidCoreOptions = { client, baseUrl: 'https://bank.example', session: { secret: 's'.repeat(32) } }

function message(options: Record<string, unknown>): string {
  try {
    resolveEidCoreOptions({ ...valid, ...options } as EidCoreOptions, 'eidAuth()')
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
  return ''
}

describe('resolveEidCoreOptions names every bad option (#15)', () => {
  it('accepts valid options with every optional field', () => {
    expect(
      message({
        defaults: { level: 2, attributes: ['health_insurance'], purpose: 'Khám bệnh' },
        postLogoutRedirectUri: 'https://bank.example/bye',
        onError: () => undefined,
        onConsentWithdrawn: () => undefined,
        log: () => undefined,
      }),
    ).toBe('')
  })

  it('reports the defaults, the logout URI and the hooks, with the other problems, in one TypeError', () => {
    const text = message({
      session: { secret: 'short-secret-value' },
      defaults: { level: 3, attributes: ['no_such_attribute'] },
      postLogoutRedirectUri: 'not a url',
      onError: 'page',
      onConsentWithdrawn: 42,
      log: true,
    })
    for (const path of [
      'session.secret:',
      'defaults.level:',
      'defaults.attributes.0:',
      'postLogoutRedirectUri:',
      'onError:',
      'onConsentWithdrawn:',
      'log:',
    ]) {
      expect(text).toContain(path)
    }
    expect(text).not.toContain('short-secret-value')
  })

  it('reports a redirect URI mismatch together with the other problems', () => {
    const text = message({
      client: { ...client, redirectUri: 'https://bank.example/callback' },
      session: { secret: 'short' },
      defaults: { level: 0 },
    })
    expect(text).toContain('client.redirectUri: the client')
    expect(text).toContain('(https://bank.example/auth/callback)')
    expect(text).toContain('session.secret:')
    expect(text).toContain('defaults.level:')
  })
})
