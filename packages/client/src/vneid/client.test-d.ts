import { describe, expectTypeOf, it } from 'vitest'
import { createClient, type EidClient, type SignInResult, type VneidClientOptions } from '../index.js'

const endpoints = {
  authorization: 'https://v.test/a',
  token: 'https://v.test/t',
  userinfo: 'https://v.test/u',
}

describe('createClient with profile "vneid"', () => {
  it('takes the dialect options and returns the same EidClient', () => {
    const options: VneidClientOptions = {
      profile: 'vneid',
      issuer: 'https://v.test',
      endpoints,
      clientId: 'bank',
      clientAuth: { method: 'client_secret_post', secret: 'x'.repeat(32) },
      redirectUri: 'https://bank.test/cb',
      envelopeKey: '-----BEGIN PRIVATE KEY-----',
      dialect: { aesMode: 'cbc', claims: { personalNumber: 'soDinhDanh' } },
    }
    expectTypeOf(createClient(options)).toEqualTypeOf<Promise<EidClient>>()
  })

  it('refuses a standard client authentication or a missing endpoint', () => {
    const base = {
      profile: 'vneid' as const,
      issuer: 'https://v.test',
      clientId: 'b',
      redirectUri: 'https://b.test/cb',
    }
    const basic: VneidClientOptions = {
      ...base,
      endpoints,
      // @ts-expect-error: the dialect authenticates with client_secret_post only
      clientAuth: { method: 'client_secret_basic', secret: 's' },
    }
    const noUserinfo: VneidClientOptions = {
      ...base,
      // @ts-expect-error: userinfo is required (identity comes from it)
      endpoints: { authorization: 'a', token: 't' },
      clientAuth: { method: 'client_secret_post', secret: 's' },
    }
    expectTypeOf(basic).not.toBeAny()
    expectTypeOf(noUserinfo).not.toBeAny()
  })

  it('completeSignIn keeps its result type, with the provider claims on it', () => {
    expectTypeOf<SignInResult<readonly []>['providerClaims']>().toEqualTypeOf<
      Readonly<Record<string, unknown>> | undefined
    >()
  })
})
