import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

const jwk = JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k', alg: 'ES256' })
const secret = 'Zm9vYmFyLWEtcmVhbGx5LXJhbmRvbS12YWx1ZS0xMjM0NTY3OA'

describe('loadConfig', () => {
  it('reads the variables, with the defaults of the example', () => {
    const config = loadConfig(
      { EID_PRIVATE_JWK: jwk, SESSION_SECRET: secret },
      { PORT: '3004', EID_CLIENT_ID: 'demo-retail' },
    )
    expect(config).toMatchObject({
      port: 3004,
      baseUrl: 'http://localhost:3004',
      issuer: 'http://127.0.0.1:4000',
      clientId: 'demo-retail',
      portalUrl: 'http://127.0.0.1:4000/account',
    })
    expect(config.privateJwk).toMatchObject({ kid: 'k' })
  })

  it('names every missing or bad variable in one error, without any value', () => {
    let message = ''
    try {
      loadConfig({ PORT: 'eighty', SESSION_SECRET: 'short-secret-value', EID_ISSUER: 'not a url' })
    } catch (error) {
      message = (error as Error).message
    }
    for (const name of ['PORT', 'EID_CLIENT_ID', 'SESSION_SECRET', 'EID_ISSUER'])
      expect(message).toContain(name)
    expect(message).not.toContain('short-secret-value')
    expect(message).toContain('.env.example')
  })

  it('refuses the placeholder secret of .env.example (anyone could forge sessions with it)', () => {
    const load = () =>
      loadConfig(
        { EID_PRIVATE_JWK: jwk, SESSION_SECRET: 'replace-with-at-least-32-random-characters' },
        { PORT: '3004', EID_CLIENT_ID: 'demo-retail' },
      )
    expect(load).toThrow(/SESSION_SECRET: expected a random value, not a placeholder/)
  })

  it('says which key variable is wrong when the JWK is not JSON', () => {
    expect(() =>
      loadConfig({ EID_PRIVATE_JWK: '{nope', SESSION_SECRET: secret }, { PORT: '1', EID_CLIENT_ID: 'c' }),
    ).toThrow(/EID_PRIVATE_JWK: expected a JSON Web Key/)
  })
})
