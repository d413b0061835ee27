import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MockIdpOptionsError, resolveMockIdpOptions } from '../options.js'
import { dialectClaims } from './claims.js'
import { internalRegistration } from './registration.js'

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits })
const publicJwk = rsa(2048).publicKey.export({ format: 'jwk' })
const entry = {
  client_id: 'bank',
  dialect: 'vneid',
  client_secret: 's'.repeat(24),
  redirect_uris: ['https://bank.example/cb'],
  jwks: { keys: [publicJwk] },
}

function issuesOf(client: Record<string, unknown>): string {
  try {
    resolveMockIdpOptions({ clients: [client as typeof entry] })
    return ''
  } catch (error) {
    expect(error).toBeInstanceOf(MockIdpOptionsError)
    return (error as Error).message
  }
}

describe('clients-file entries with "dialect": "vneid"', () => {
  it('a complete entry is accepted; "encrypt": false needs no key', () => {
    expect(issuesOf(entry)).toBe('')
    expect(issuesOf({ ...entry, jwks: undefined, encrypt: false })).toBe('')
  })

  it.each([
    {
      what: 'no RSA key while encryption is on',
      client: { ...entry, jwks: undefined },
      says: 'clients.0.jwks',
    },
    {
      what: 'a short client_secret',
      client: { ...entry, client_secret: 'short' },
      says: 'at least 16 characters',
    },
    {
      what: 'a private key',
      client: { ...entry, jwks: { keys: [rsa(2048).privateKey.export({ format: 'jwk' })] } },
      says: 'public key only',
    },
    {
      what: 'a 1024-bit key',
      client: { ...entry, jwks: { keys: [rsa(1024).publicKey.export({ format: 'jwk' })] } },
      says: 'at least 2048 bits',
    },
    {
      what: 'an EC key',
      client: { ...entry, jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] } },
      says: 'expected an RSA key',
    },
    { what: 'an unknown AES mode', client: { ...entry, aes_mode: 'gcm' }, says: 'aes_mode' },
  ])('refused at start-up: $what', ({ client, says }) => {
    expect(issuesOf(client)).toContain(says)
  })

  it('is registered inside oidc-provider returning to the facade, with the secret and without dialect members', () => {
    const internal = internalRegistration(entry, 'http://127.0.0.1:4000')
    expect(internal).toEqual({
      client_id: 'bank',
      client_secret: entry.client_secret,
      redirect_uris: ['http://127.0.0.1:4000/vneid/return'],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })
    const standard = { client_id: 'std', redirect_uris: ['https://x/cb'] }
    expect(internalRegistration(standard, 'http://127.0.0.1:4000')).toBe(standard)
  })
})

describe('dialectClaims', () => {
  it('renames the identity, formats the birth date, states the level, passes the rest through', () => {
    const claims = dialectClaims(
      {
        sub: 'acc',
        personal_id: '001090001234',
        name: 'Nguyễn Văn An',
        given_name: 'An',
        birthdate: '1990-05-17',
        gender: 'male',
        phone_number: '+84912345678',
      },
      2,
      'dd/MM/yyyy',
    )
    expect(claims).toEqual({
      citizenPid: '001090001234',
      fullName: 'Nguyễn Văn An',
      birthDate: '17/05/1990',
      accountType: 'CONG_DAN',
      accountLevel: 2,
      gender: 'male',
      phone_number: '+84912345678',
    })
  })
})
