import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureDevKeys } from './demo.js'
import { loadVneidSettings, pkcs1DecryptionSupported, profileOf, vneidClientOptions } from './vneid.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vneid-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('EID_PROFILE', () => {
  it('is standard by default, vneid when asked, and anything else is a named configuration error', () => {
    expect(profileOf({})).toBe('standard')
    expect(profileOf({ EID_PROFILE: 'vneid' })).toBe('vneid')
    expect(() => profileOf({ EID_PROFILE: 'VNeID-please' })).toThrow(/EID_PROFILE: expected/)
  })
})

describe('loadVneidSettings', () => {
  it('reads the secret (inline or from a file) and the envelope key file; names bad variables, never values', () => {
    const secretFile = join(dir, 'secret')
    writeFileSync(secretFile, 'a-client-secret-of-32-characters\n')
    expect(loadVneidSettings({ EID_CLIENT_SECRET_FILE: secretFile })).toEqual({
      clientSecret: 'a-client-secret-of-32-characters',
      envelopeKey: undefined,
    })
    let message = ''
    try {
      loadVneidSettings({ EID_CLIENT_SECRET: 'too-short', EID_ENVELOPE_KEY_FILE: secretFile })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('EID_CLIENT_SECRET')
    expect(message).toContain('EID_ENVELOPE_KEY_FILE: expected an RSA private key in PEM')
    expect(message).not.toContain('too-short')
    expect(message).not.toContain('a-client-secret')
  })

  it('builds the profile vneid options against the dialect paths under the issuer', () => {
    const options = vneidClientOptions(
      {
        port: 3001,
        baseUrl: 'http://localhost:3001',
        issuer: 'http://127.0.0.1:4000',
        clientId: 'demo-bank',
        sessionSecret: 'x'.repeat(40),
        portalUrl: 'http://127.0.0.1:4000/account',
      },
      { clientSecret: 's'.repeat(20), envelopeKey: undefined },
    )
    expect(options).toMatchObject({
      profile: 'vneid',
      endpoints: { token: 'http://127.0.0.1:4000/vneid/token' },
      clientAuth: { method: 'client_secret_post' },
      redirectUri: 'http://localhost:3001/auth/callback',
    })
    expect(options).not.toHaveProperty('envelopeKey')
  })
})

describe('ensureDevKeys with profile vneid', () => {
  it('registers the bank alone as a dialect client: secret and RSA key owner-only, encryption only where this Node decrypts', async () => {
    const credentials = await ensureDevKeys(dir, { issuer: 'http://127.0.0.1:4000', profile: 'vneid' })
    const clients = JSON.parse(readFileSync(join(dir, 'clients.json'), 'utf8')) as Record<string, unknown>[]
    const bank = clients.find((client) => client.client_id === 'demo-bank')!
    expect(bank).toMatchObject({
      dialect: 'vneid',
      encrypt: pkcs1DecryptionSupported(),
      redirect_uris: ['http://localhost:3001/auth/callback'],
      jwks: { keys: [{ kty: 'RSA', e: 'AQAB' }] },
    })
    expect(Object.keys((bank.jwks as { keys: object[] }).keys[0]!).sort()).toEqual(['e', 'kty', 'n'])
    // The dialect clients are the bank's: its sign-in, and its sharing from the VNeID app (#16).
    expect(
      clients.filter((client) => client.dialect !== undefined).map((client) => client.client_id),
    ).toEqual(['demo-bank-ekyc', 'demo-bank'])
    const share = clients.find((client) => client.client_id === 'demo-bank-ekyc')!
    expect(share).toMatchObject({
      encrypt: false,
      share_callback_uris: ['http://localhost:3001/callback/vneid'],
      share_webhook_uri: 'http://localhost:3001/webhooks/vneid-share',
    })
    expect(String(share.share_webhook_secret).length).toBeGreaterThanOrEqual(32)
    const env = credentials.find((c) => c.app.name === 'bank')!.env
    expect(env.EID_PROFILE).toBe('vneid')
    expect(readFileSync(env.EID_CLIENT_SECRET_FILE!, 'utf8')).toBe(bank.client_secret)
    expect('EID_ENVELOPE_KEY_FILE' in env).toBe(pkcs1DecryptionSupported())
    expect(env.EID_SHARE_CLIENT_ID).toBe('demo-bank-ekyc')
    expect(readFileSync(env.EID_SHARE_CLIENT_SECRET_FILE!, 'utf8')).toBe(share.client_secret)
    expect(readFileSync(env.VNEID_WEBHOOK_SECRET_FILE!, 'utf8')).toBe(share.share_webhook_secret)
    for (const name of [
      'bank.vneid-client-secret',
      'bank.vneid-envelope.private.pem',
      'bank.vneid-share-client-secret',
      'bank.vneid-share-webhook-secret',
      'clients.json',
    ])
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, 'bank.vneid-envelope.private.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY')
    // A second start keeps the same credentials.
    await ensureDevKeys(dir, { issuer: 'http://127.0.0.1:4000', profile: 'vneid' })
    const again = JSON.parse(readFileSync(join(dir, 'clients.json'), 'utf8')) as Record<string, unknown>[]
    expect(again.find((client) => client.client_id === 'demo-bank')).toEqual(bank)
    // The default profile registers the bank as a standard client again.
    await ensureDevKeys(dir, { issuer: 'http://127.0.0.1:4000' })
    const standard = JSON.parse(readFileSync(join(dir, 'clients.json'), 'utf8')) as Record<string, unknown>[]
    expect(standard.find((client) => client.client_id === 'demo-bank')).toMatchObject({
      token_endpoint_auth_method: 'private_key_jwt',
    })
  })
})
