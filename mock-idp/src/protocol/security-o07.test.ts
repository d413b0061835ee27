import { createHash, randomUUID } from 'node:crypto'
import { personas } from '@dinhdanh/testing'
import { exportJWK, generateKeyPair } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { dpopProof, flipSignatureBit, unsignedJwt } from './crafted-jwts.js'
import {
  authorizationParams,
  authorize,
  clientAuth,
  codeOf,
  dpopHandle,
  get,
  pkce,
  postForm,
  type RawResponse,
  RelyingParty,
  signIn,
  startIdp,
} from './support.js'

let idp: MockIdp
let rp: RelyingParty

beforeAll(async () => {
  rp = await RelyingParty.create('dpop-rp')
  idp = await startIdp([rp])
})
afterAll(() => idp?.close())

const citizen = personas.level2Adult
const now = () => Math.floor(Date.now() / 1000)

describe('O07: DPoP proofs at the token endpoint', () => {
  let keyPair: CryptoKeyPair

  beforeAll(async () => {
    keyPair = await generateKeyPair('ES256', { extractable: true })
  })

  /** A client-credentials token request carrying this DPoP proof. */
  async function tokenRequest(proof: string): Promise<RawResponse> {
    return postForm(
      `${idp.url}/token`,
      { grant_type: 'client_credentials', scope: 'consents', ...(await clientAuth(idp, rp)) },
      { dpop: proof },
    )
  }

  const tokenUrl = () => `${idp.url}/token`

  it('O07: accepts a well-formed proof (control): a DPoP-bound token', async () => {
    const response = await tokenRequest(await dpopProof(keyPair, { htu: tokenUrl() }))
    expect(response.status).toBe(200)
    expect(response.json.token_type).toBe('DPoP')
  })

  const cases: { how: string; proof: (keyPair: CryptoKeyPair) => Promise<string> }[] = [
    {
      how: 'no typ',
      proof: async (k) =>
        dpopProof(k, { htu: tokenUrl(), header: { alg: 'ES256', jwk: await exportJWK(k.publicKey) } }),
    },
    {
      how: 'typ JWT',
      proof: async (k) =>
        dpopProof(k, {
          htu: tokenUrl(),
          header: { alg: 'ES256', typ: 'JWT', jwk: await exportJWK(k.publicKey) },
        }),
    },
    {
      how: 'no jwk',
      proof: (k) => dpopProof(k, { htu: tokenUrl(), header: { alg: 'ES256', typ: 'dpop+jwt' } }),
    },
    { how: 'no jti', proof: (k) => dpopProof(k, { htu: tokenUrl(), omit: ['jti'] }) },
    { how: 'no iat', proof: (k) => dpopProof(k, { htu: tokenUrl(), omit: ['iat'] }) },
    { how: 'no htm', proof: (k) => dpopProof(k, { htu: tokenUrl(), omit: ['htm'] }) },
    { how: 'no htu', proof: (k) => dpopProof(k, { htu: tokenUrl(), omit: ['htu'] }) },
    {
      how: 'alg none',
      proof: async (k) =>
        unsignedJwt(
          { typ: 'dpop+jwt', jwk: await exportJWK(k.publicKey) },
          { htm: 'POST', htu: tokenUrl(), iat: now(), jti: randomUUID() },
        ),
    },
    {
      how: 'alg HS256 (a shared secret)',
      proof: async (k) =>
        dpopProof(k, {
          htu: tokenUrl(),
          header: { alg: 'HS256', typ: 'dpop+jwt', jwk: await exportJWK(k.publicKey) },
          signWith: new TextEncoder().encode('a-shared-secret-of-32-characters'),
        }),
    },
    {
      how: 'a bad signature (another key signed it)',
      proof: async (k) =>
        dpopProof(k, { htu: tokenUrl(), signWith: (await generateKeyPair('ES256')).privateKey }),
    },
    {
      how: 'a signature altered by one bit',
      proof: async (k) => flipSignatureBit(await dpopProof(k, { htu: tokenUrl() })),
    },
    {
      how: 'a private jwk in the header',
      proof: async (k) =>
        dpopProof(k, {
          htu: tokenUrl(),
          header: { alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(k.privateKey) },
        }),
    },
    { how: 'htm GET', proof: (k) => dpopProof(k, { htu: tokenUrl(), htm: 'GET' }) },
    { how: 'htm post (lower case)', proof: (k) => dpopProof(k, { htu: tokenUrl(), htm: 'post' }) },
    { how: 'htu of another endpoint', proof: (k) => dpopProof(k, { htu: `${idp.url}/me` }) },
    { how: 'htu of another host', proof: (k) => dpopProof(k, { htu: 'https://evil.example/token' }) },
    { how: 'htu with a trailing slash', proof: (k) => dpopProof(k, { htu: `${tokenUrl()}/` }) },
    { how: 'htu not a URL', proof: (k) => dpopProof(k, { htu: 'token' }) },
    { how: 'iat 301 s old', proof: (k) => dpopProof(k, { htu: tokenUrl(), iat: now() - 301 }) },
    { how: 'iat an hour old', proof: (k) => dpopProof(k, { htu: tokenUrl(), iat: now() - 3600 }) },
    // 310, not 301: the proof is signed a moment before the provider checks it, so on a busy machine a
    // proof 301 s ahead could be only 300 s ahead by then, inside the window (seen once under load).
    { how: 'iat 310 s in the future', proof: (k) => dpopProof(k, { htu: tokenUrl(), iat: now() + 310 }) },
    {
      how: 'a nonce the provider never issued',
      proof: (k) => dpopProof(k, { htu: tokenUrl(), nonce: 'made-up' }),
    },
  ]

  it.each(cases)('O07: refuses a proof with $how → invalid_dpop_proof', async ({ proof }) => {
    const response = await tokenRequest(await proof(keyPair))
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_dpop_proof')
    expect(response.json).not.toHaveProperty('access_token')
  })

  it('O07: refuses two DPoP headers', async () => {
    const proof = await dpopProof(keyPair, { htu: tokenUrl() })
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: [
        ['content-type', 'application/x-www-form-urlencoded'],
        ['dpop', proof],
        ['dpop', await dpopProof(keyPair, { htu: tokenUrl() })],
      ],
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'consents',
        ...(await clientAuth(idp, rp)),
      }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).not.toHaveProperty('access_token')
  })

  it('O07: refuses a replayed proof (same jti) → invalid_dpop_proof', async () => {
    const proof = await dpopProof(keyPair, { htu: tokenUrl() })
    expect((await tokenRequest(proof)).status).toBe(200)
    const replay = await tokenRequest(proof)
    expect(replay.status).toBe(400)
    expect(replay.json).not.toHaveProperty('access_token')
    expect(
      replay.json.error,
      'O07: a replayed DPoP jti must be answered invalid_dpop_proof (RFC 9449 §4.3, §11.1); oidc-provider ' +
        'alone answers invalid_grant, so provider/dpop-replay.ts must run before it on /token',
    ).toBe('invalid_dpop_proof')
  })

  it.each(['/TOKEN', '/token/', '/Token/'])(
    'O07: refuses a replayed proof at %s, a spelling the provider routes to /token → invalid_dpop_proof',
    async (path) => {
      // oidc-provider's router ignores case and a trailing slash: the replay check must too.
      const url = `${idp.url}${path}`
      // The provider compares htu with the endpoint's own URL, whatever the request's spelling.
      const proof = await dpopProof(keyPair, { htu: tokenUrl() })
      const request = async () =>
        postForm(
          url,
          { grant_type: 'client_credentials', scope: 'consents', ...(await clientAuth(idp, rp)) },
          { dpop: proof },
        )
      expect((await request()).status).toBe(200)
      const replay = await request()
      expect(replay.status).toBe(400)
      expect(replay.json).not.toHaveProperty('access_token')
      expect(replay.json.error).toBe('invalid_dpop_proof')
    },
  )

  it('O07: refuses a fresh proof reusing a jti already seen → invalid_dpop_proof', async () => {
    const jti = randomUUID()
    expect((await tokenRequest(await dpopProof(keyPair, { htu: tokenUrl(), jti }))).status).toBe(200)
    const reused = await tokenRequest(await dpopProof(keyPair, { htu: tokenUrl(), jti, iat: now() - 1 }))
    expect(reused.status).toBe(400)
    expect(reused.json).not.toHaveProperty('access_token')
    expect(
      reused.json.error,
      'O07: a reused DPoP jti must be answered invalid_dpop_proof; oidc-provider alone answers invalid_grant',
    ).toBe('invalid_dpop_proof')
  })

  it('O07: refuses a replayed proof at PAR → invalid_dpop_proof', async () => {
    const parUrl = `${idp.url}/request`
    const proof = await dpopProof(keyPair, { htu: parUrl })
    const push = async () =>
      postForm(
        parUrl,
        {
          ...authorizationParams(rp, citizen.personalId),
          ...(await pkce()).challenge,
          ...(await clientAuth(idp, rp)),
        },
        { dpop: proof },
      )
    expect((await push()).status).toBe(201)
    const replay = await push()
    expect(replay.status).toBe(400)
    expect(replay.json).not.toHaveProperty('request_uri')
    expect(
      replay.json.error,
      'O07: a replayed DPoP proof at PAR must be answered invalid_dpop_proof (RFC 9449 §11.1); oidc-provider ' +
        'alone answers invalid_request, so provider/dpop-replay.ts must also run on /request',
    ).toBe('invalid_dpop_proof')
  })

  it.each([
    { how: 'without a proof', proof: async () => undefined },
    {
      how: 'with a proof of another key',
      proof: async () => dpopProof(await generateKeyPair('ES256'), { htu: tokenUrl() }),
    },
  ])('O07: a code bound to a DPoP key at PAR (dpop_jkt) cannot be redeemed $how', async ({ proof }) => {
    const bound = await dpopHandle(rp)
    const authorization = await authorize(rp, { personalId: citizen.personalId, dpop: bound.handle })
    const sent = await proof()
    const response = await postForm(
      tokenUrl(),
      {
        grant_type: 'authorization_code',
        code: codeOf(authorization),
        code_verifier: authorization.codeVerifier,
        redirect_uri: rp.redirectUri,
        ...(await clientAuth(idp, rp)),
      },
      sent === undefined ? {} : { dpop: sent },
    )
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_grant')
    expect(response.json).not.toHaveProperty('access_token')
  })
})

describe('O07: DPoP proofs at userinfo (a resource)', () => {
  let keyPair: CryptoKeyPair
  let accessToken: string
  const meUrl = () => `${idp.url}/me`
  const ath = (token: string) => createHash('sha256').update(token).digest('base64url')

  beforeAll(async () => {
    keyPair = await client.randomDPoPKeyPair('ES256')
    const handle = client.getDPoPHandle(rp.config, keyPair)
    const { tokens } = await signIn(rp, { personalId: citizen.personalId, dpop: handle })
    accessToken = tokens.access_token
  })

  function userinfo(proof: string | undefined, scheme = 'DPoP'): Promise<RawResponse> {
    return get(meUrl(), {
      authorization: `${scheme} ${accessToken}`,
      ...(proof !== undefined && { dpop: proof }),
    })
  }

  /** The error a 401 names, from its WWW-Authenticate challenge or its body. */
  function errorOf(response: RawResponse): string {
    const challenge = /error="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1]
    return challenge ?? String(response.json.error)
  }

  it('O07: accepts a proof with htm GET, the userinfo htu and ath (control)', async () => {
    const response = await userinfo(
      await dpopProof(keyPair, { htm: 'GET', htu: meUrl(), ath: ath(accessToken) }),
    )
    expect(response.status).toBe(200)
    expect(response.json.personal_id).toBe(citizen.personalId)
  })

  it.each([
    { how: 'no ath', proof: () => dpopProof(keyPair, { htm: 'GET', htu: meUrl() }) },
    {
      how: 'a wrong ath',
      proof: () => dpopProof(keyPair, { htm: 'GET', htu: meUrl(), ath: ath('another token') }),
    },
    {
      how: 'htm POST',
      proof: () => dpopProof(keyPair, { htm: 'POST', htu: meUrl(), ath: ath(accessToken) }),
    },
    {
      how: 'the token endpoint htu',
      proof: () => dpopProof(keyPair, { htm: 'GET', htu: `${idp.url}/token`, ath: ath(accessToken) }),
    },
    {
      how: 'a stale iat',
      proof: () => dpopProof(keyPair, { htm: 'GET', htu: meUrl(), ath: ath(accessToken), iat: now() - 3600 }),
    },
    {
      how: 'a bad signature',
      proof: async () =>
        dpopProof(keyPair, {
          htm: 'GET',
          htu: meUrl(),
          ath: ath(accessToken),
          signWith: (await generateKeyPair('ES256')).privateKey,
        }),
    },
  ])('O07: refuses a userinfo proof with $how → invalid_dpop_proof', async ({ proof }) => {
    const response = await userinfo(await proof())
    expect(response.status).toBe(401)
    expect(response.json).not.toHaveProperty('personal_id')
    expect(errorOf(response)).toBe('invalid_dpop_proof')
  })

  it('O07: refuses the bound token without a proof, as Bearer, or with a proof of another key', async () => {
    for (const refused of [await userinfo(undefined), await userinfo(undefined, 'Bearer')]) {
      expect([400, 401]).toContain(refused.status)
      expect(refused.json).not.toHaveProperty('personal_id')
    }
    const otherKey = await generateKeyPair('ES256')
    const foreign = await userinfo(
      await dpopProof(otherKey, { htm: 'GET', htu: meUrl(), ath: ath(accessToken) }),
    )
    expect(foreign.status).toBe(401)
    expect(errorOf(foreign)).toBe('invalid_token')
  })

  it('O07: refuses a replayed userinfo proof → invalid_dpop_proof', async () => {
    const proof = await dpopProof(keyPair, { htm: 'GET', htu: meUrl(), ath: ath(accessToken) })
    expect((await userinfo(proof)).status).toBe(200)
    const replay = await userinfo(proof)
    expect(replay.status).toBe(401)
    expect(replay.json).not.toHaveProperty('personal_id')
    expect(
      errorOf(replay),
      'O07: a replayed DPoP proof at a resource must be answered invalid_dpop_proof (RFC 9449 §7.1); ' +
        'oidc-provider alone answers invalid_token, so provider/dpop-replay.ts must run before it on /me',
    ).toBe('invalid_dpop_proof')
  })

  it('O07: refuses a replayed userinfo proof at /ME/, a spelling the provider routes to /me → 401 invalid_dpop_proof', async () => {
    const url = `${idp.url}/ME/`
    const proof = await dpopProof(keyPair, { htm: 'GET', htu: meUrl(), ath: ath(accessToken) })
    const request = () => get(url, { authorization: `DPoP ${accessToken}`, dpop: proof })
    expect((await request()).status).toBe(200)
    const replay = await request()
    expect(replay.status).toBe(401)
    expect(replay.json).not.toHaveProperty('personal_id')
    expect(errorOf(replay)).toBe('invalid_dpop_proof')
  })
})
