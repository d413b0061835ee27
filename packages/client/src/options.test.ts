import { editJson } from '@dinhdanh/testing/msw'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { clientOptions, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import { createClient, EidConfigError, isEidError } from './index.js'
import { resolveOptions } from './options.js'

describe('createClient options', () => {
  it('reports every bad field in one ERR_EID_CONFIG, without echoing secrets', () => {
    try {
      resolveOptions({
        issuer: 'not a url',
        clientId: '',
        clientAuth: { method: 'client_secret_basic', secret: 'tooShortSecret' },
        redirectUri: 'ftp://bank.test/cb',
        clockToleranceSec: 300,
        par: 'sometimes',
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(EidConfigError)
      const config = error as EidConfigError
      expect(config.code).toBe('ERR_EID_CONFIG')
      expect(config.issues.map((i) => i.path).sort()).toEqual(
        ['clientAuth.secret', 'clientId', 'clockToleranceSec', 'issuer', 'par', 'redirectUri'].sort(),
      )
      expect(config.message).not.toContain('tooShortSecret')
    }
  })

  it('requires a private JWK for private_key_jwt', () => {
    expect(() =>
      resolveOptions({
        issuer: ISSUER,
        clientId: 'c',
        clientAuth: { method: 'private_key_jwt', privateJwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } },
        redirectUri: 'https://bank.test/cb',
      }),
    ).toThrow(/PRIVATE JWK/)
  })

  it('refuses plain http except on loopback, and applies defaults', () => {
    const base = {
      clientId: 'c',
      clientAuth: { method: 'client_secret_basic', secret: 'a-long-enough-secret' },
    }
    expect(() =>
      resolveOptions({ ...base, issuer: 'http://eid.example', redirectUri: 'https://bank.test/cb' }),
    ).toThrow(/expected https/)
    const local = resolveOptions({
      ...base,
      issuer: 'http://127.0.0.1:4000',
      redirectUri: 'http://localhost:3001/cb',
    })
    expect(local).toMatchObject({
      par: 'auto',
      dpop: false,
      clockToleranceSec: 30,
      transactionTtlSec: 600,
      idTokenSigningAlg: 'ES256',
    })
    expect(local.levels).toEqual({ 1: '1', 2: '2' })
    expect(local.http).toEqual({ timeoutMs: 10_000, retries: 2 })
  })
})

describe('discovery', () => {
  const fake = useMockEid()

  it('R37: rejects a discovery document whose issuer differs from the configured one', async () => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson((doc) => ({ ...doc, issuer: 'https://evil.example' })),
    )
    const error = await fake.client().catch((e) => e)
    expect(isEidError(error, 'ERR_EID_DISCOVERY')).toBe(true)
    expect(error.message).toMatch(/issuer/)
    // What the provider publishes is said (#15: copying localhost for 127.0.0.1 failed without a clue).
    expect(error.message).toContain('got "https://evil.example"')
  })

  it('says which status a failed discovery got (a 503 while the provider starts is not a 404)', async () => {
    fake.eid().tamper.nextResponse('discovery', () => new HttpResponse(null, { status: 404 }))
    const error = await fake.client({ http: { retries: 0 } }).catch((e) => e)
    expect(isEidError(error, 'ERR_EID_DISCOVERY')).toBe(true)
    expect(error.message).toContain('got HTTP 404')
  })

  it('R37: does not follow a discovery redirect to another host', async () => {
    // The other host serves the kit's own discovery document, so a client that followed the redirect
    // would be created without error: only the refusal of the 302 itself makes this test pass.
    let document: Record<string, unknown> = {}
    const evil: string[] = []
    fake.eid().tamper.nextResponse('discovery', async (original) => {
      document = (await original.json()) as Record<string, unknown>
      return new HttpResponse(null, {
        status: 302,
        headers: { location: 'https://evil.example/.well-known/openid-configuration' },
      })
    })
    fake.server.use(
      http.all('https://evil.example/*', ({ request }) => {
        evil.push(`${request.method} ${new URL(request.url).pathname}`)
        return HttpResponse.json(document)
      }),
    )
    const error = await fake.client().catch((e) => e)
    expect(isEidError(error, 'ERR_EID_DISCOVERY')).toBe(true)
    expect(error.message).toContain('got HTTP 302')
    expect(evil).toEqual([])
    expect(document).toMatchObject({ issuer: ISSUER })
    // The kit saw exactly one discovery request, and nothing else was asked of it.
    expect(
      fake
        .eid()
        .requests()
        .map((r) => `${r.endpoint} ${r.url.host}`),
    ).toEqual(['discovery eid.test'])
  })

  it('rejects an HTML discovery response with a typed error', async () => {
    fake.eid().tamper.nextResponse('discovery', () => HttpResponse.html('<h1>Maintenance</h1>'))
    await expect(fake.client()).rejects.toMatchObject({ code: 'ERR_EID_DISCOVERY' })
  })

  it('the client exposes the issuer, client id and the provider metadata', async () => {
    const eid = await createClient(clientOptions())
    expect(eid.issuer).toBe(ISSUER)
    expect(eid.metadata.authorization_response_iss_parameter_supported).toBe(true)
  })
})
