import { decodeJwt } from 'jose'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mockEid } from './mock-eid.js'
import { mswTestFixture } from './msw-test-fixture.js'
import { editJson } from './tamper.js'

const ISSUER = 'https://eid-tamper.test'
const kit = await mswTestFixture({ issuer: ISSUER })
const { eid, server, signIn } = kit

describe('tamper.nextIdToken', () => {
  it('adds, replaces and removes claims of the next ID token only', async () => {
    eid.tamper.nextIdToken({ claims: { nonce: 'not-this-sign-in' } })
    await expect(signIn()).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check: 'nonce' })
    eid.tamper.nextIdToken({ omit: ['iss'] })
    await expect(signIn()).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check: 'iss' })
    const result = await signIn()
    expect(result.level).toBe(2)
  })

  it('replaces an earlier tampering not yet used, and persists when asked', async () => {
    eid.tamper.nextIdToken({ claims: { aud: 'someone-else' } })
    eid.tamper.nextIdToken({ claims: { amr: ['pwd'] } }, { persist: true })
    const first = await signIn()
    const second = await signIn()
    expect(decodeJwt(first.tokens.idToken).amr).toEqual(['pwd'])
    expect(decodeJwt(second.tokens.idToken).amr).toEqual(['pwd'])
    eid.tamper.clear()
    expect(decodeJwt((await signIn()).tokens.idToken).amr).toBeUndefined()
  })

  it('breaks the signature as asked, with header changes', async () => {
    for (const [breakWith, check] of [
      ['bad_signature', 'signature'],
      ['alg_none', 'alg'],
      ['hs256_public_key', 'alg'],
      ['unknown_key', 'signature'],
    ] as const) {
      eid.tamper.nextIdToken({ breakWith })
      await expect(signIn(), breakWith).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check })
    }
    eid.tamper.nextIdToken({ breakWith: 'alg_none', header: { alg: 'nOnE' } })
    await expect(signIn()).rejects.toMatchObject({ check: 'alg' })
    const [, , , , last] = eid.requests('token')
    expect(last?.form?.get('grant_type')).toBe('authorization_code')
  })

  it('applies to refreshed ID tokens too', async () => {
    const { tokens } = await signIn()
    eid.tamper.nextIdToken({ claims: { sub: 'someone-else' } })
    await expect(kit.client.refresh(tokens)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
      check: 'sub',
    })
  })

  it('refuses a header alg without alg_none (the kit signs with ES256), at once', async () => {
    expect(() => eid.tamper.nextIdToken({ header: { alg: 'ES384' } })).toThrow(TypeError)
    await expect(eid.keys.sign({ a: 1 }, { header: { alg: 'HS256' } })).rejects.toThrow(TypeError)
  })
})

describe('tamper.nextResponse', () => {
  it('replaces the next answer of one endpoint, given the original and the request', async () => {
    let grantType: string | null = null
    eid.tamper.nextResponse('token', async (original, request) => {
      grantType = new URLSearchParams(await request.text()).get('grant_type')
      const body = (await original.json()) as Record<string, unknown>
      return HttpResponse.json({ ...body, token_type: 'BEARER', expires_in: undefined })
    })
    const result = await signIn()
    expect(grantType).toBe('authorization_code')
    expect(result.tokens.expiresAt).toBeUndefined()
    eid.tamper.nextResponse('token', () => HttpResponse.html('<h1>Bad gateway</h1>', { status: 502 }))
    await expect(signIn()).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', status: 502 })
    // One-shot: the next sign-in gets the kit's own answer.
    expect((await signIn()).tokens.expiresAt).toBeTypeOf('number')
  })

  it('persists until cleared, e.g. a discovery document without PAR', async () => {
    eid.tamper.nextResponse(
      'discovery',
      async (original) => {
        const { pushed_authorization_request_endpoint: _, ...doc } = (await original.json()) as object & {
          pushed_authorization_request_endpoint?: string
        }
        return HttpResponse.json(doc)
      },
      { persist: true },
    )
    for (let i = 0; i < 2; i++) {
      const plain = await kit.newClient()
      expect(plain.metadata.pushed_authorization_request_endpoint).toBeUndefined()
    }
    eid.reset()
    const again = await kit.newClient()
    expect(again.metadata.pushed_authorization_request_endpoint).toBe(`${ISSUER}/par`)
  })

  it('editJson edits the JSON body and keeps the status and headers', async () => {
    eid.tamper.nextResponse(
      'userinfo',
      editJson(({ sub: _, ...claims }) => claims),
    )
    await expect(signIn()).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'userinfo' })
    eid.tamper.nextResponse(
      'token',
      editJson((body) => ({ ...body, error: 'invalid_grant' })),
    )
    eid.tamper.nextResponse(
      'par',
      editJson((body) => ({ ...body, note: 'kept' })),
    )
    const { url } = await kit.client.signIn({ level: 1 })
    expect(url).toContain('request_uri=')
    const replaced = editJson((body) => ({ ...body, b: 2 }))
    const response = await replaced(
      Response.json({ a: 1 }, { status: 201, headers: { 'cache-control': 'no-store' } }),
      new Request(ISSUER),
    )
    expect([response.status, response.headers.get('cache-control'), await response.json()]).toEqual([
      201,
      'no-store',
      { a: 1, b: 2 },
    ])
  })

  it('refuses something that is not a function', () => {
    expect(() => eid.tamper.nextResponse('token', 'nope' as never)).toThrow(TypeError)
  })
})

describe('tamper.nextPolls (CIBA)', () => {
  it('answers the next polls with the errors given, then the tokens', async () => {
    const poll = async (authReqId: string) => {
      const response = await fetch(`${ISSUER}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('ciba-client:ciba-secret-0123456789').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'urn:openid:params:grant-type:ciba',
          auth_req_id: authReqId,
        }),
      })
      return (await response.json()) as Record<string, unknown>
    }
    const ciba = mockEid({
      issuer: ISSUER,
      clients: [{ clientId: 'ciba-client', clientSecret: 'ciba-secret-0123456789' }],
    })
    server.use(...ciba.handlers)
    try {
      const started = await fetch(`${ISSUER}/ciba`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('ciba-client:ciba-secret-0123456789').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ scope: 'openid', login_hint: personas.level2Adult.personalId }),
      })
      const { auth_req_id } = (await started.json()) as { auth_req_id: string }
      ciba.tamper.nextPolls(['authorization_pending', 'slow_down'])
      expect((await poll(auth_req_id)).error).toBe('authorization_pending')
      expect((await poll(auth_req_id)).error).toBe('slow_down')
      expect((await poll(auth_req_id)).token_type).toBe('Bearer')
      expect(ciba.requests('token')).toHaveLength(3)
    } finally {
      server.resetHandlers()
    }
  })
})
