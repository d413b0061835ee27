import { randomUUID } from 'node:crypto'
import { personas } from '@dinhdanh/testing'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { flipSignatureBit, unsignedJwt } from './crafted-jwts.js'
import {
  admin,
  authorizationParams,
  clientAuth,
  get,
  locationOf,
  parametersOf,
  pkce,
  postForm,
  RelyingParty,
  signIn,
  startIdp,
} from './support.js'

let idp: MockIdp
let rp: RelyingParty
let other: RelyingParty

beforeAll(async () => {
  rp = await RelyingParty.create('sec-rp')
  other = await RelyingParty.create('sec-other-rp')
  idp = await startIdp([rp, other])
})
afterAll(() => idp?.close())

const citizen = personas.level2Adult
const now = () => Math.floor(Date.now() / 1000)

describe('O08: only the code flow; request objects must be signed', () => {
  const responseTypes = [
    'token',
    'id_token',
    'code id_token',
    'code token',
    'id_token token',
    'code id_token token',
    'none',
  ]

  async function baseRequest(): Promise<Record<string, string>> {
    return { ...authorizationParams(rp, citizen.personalId), ...(await pkce()).challenge }
  }

  it.each(responseTypes)(
    'O08: response_type=%s on the front channel → unsupported_response_type, nothing issued',
    async (responseType) => {
      const params = { ...(await baseRequest()), response_type: responseType }
      const response = await get(`${idp.url}/auth?${new URLSearchParams(params)}`, { accept: 'text/html' })
      const location = locationOf(response, idp.url)
      const returned = parametersOf(location)
      for (const issued of ['code', 'access_token', 'id_token']) expect(returned.has(issued)).toBe(false)
      if (location) {
        expect(`${location.origin}${location.pathname}`).toBe(rp.redirectUri)
        expect(returned.get('error')).toBe('unsupported_response_type')
      } else {
        expect(response.status).toBe(400)
        expect(response.text).toContain('unsupported_response_type')
      }
    },
  )

  it.each(responseTypes)('O08: response_type=%s at PAR → unsupported_response_type', async (responseType) => {
    const response = await postForm(`${idp.url}/request`, {
      ...(await baseRequest()),
      response_type: responseType,
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('unsupported_response_type')
    expect(response.json).not.toHaveProperty('request_uri')
  })

  /** The claims of a request object for this client. */
  async function requestObjectClaims(): Promise<Record<string, unknown>> {
    return {
      ...(await baseRequest()),
      response_type: 'code',
      iss: rp.clientId,
      aud: idp.url,
      iat: now(),
      nbf: now(),
      exp: now() + 60,
      jti: randomUUID(),
    }
  }

  function signRequestObject(claims: Record<string, unknown>, key: CryptoKey = rp.signingKey) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: rp.kid, typ: 'oauth-authz-req+jwt' })
      .sign(key)
  }

  const badRequestObjects: { how: string; make: () => Promise<string> }[] = [
    {
      how: 'unsigned (alg none)',
      make: async () => unsignedJwt({ typ: 'oauth-authz-req+jwt' }, await requestObjectClaims()),
    },
    {
      how: 'unsigned (alg NONE)',
      make: async () => unsignedJwt({ alg: 'NONE' }, await requestObjectClaims()),
    },
    {
      how: 'signed with a key the client did not register',
      make: async () => signRequestObject(await requestObjectClaims(), other.signingKey),
    },
    {
      how: 'a signature altered by one bit',
      make: async () => flipSignatureBit(await signRequestObject(await requestObjectClaims())),
    },
    {
      how: 'a payload changed after signing',
      make: async () => {
        const [header, , signature] = (await signRequestObject(await requestObjectClaims())).split('.')
        const tampered = { ...(await requestObjectClaims()), scope: 'openid identity phone' }
        return `${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`
      },
    },
    {
      how: 'HS256 with a made-up secret',
      make: async () =>
        new SignJWT(await requestObjectClaims())
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode('a-shared-secret-of-32-characters')),
    },
  ]

  it('O08: a correctly signed request object works at PAR (control)', async () => {
    const claims = await requestObjectClaims()
    const response = await postForm(`${idp.url}/request`, {
      client_id: rp.clientId,
      request: await signRequestObject(claims),
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status, response.text).toBe(201)
    const url = `${idp.url}/auth?${new URLSearchParams({ client_id: rp.clientId, request_uri: String(response.json.request_uri) })}`
    const first = locationOf(await get(url, { accept: 'text/html' }), idp.url)
    expect(first?.pathname).toMatch(/^\/interaction\//)
  })

  it('O08: a correctly signed request object works on the front channel (control)', async () => {
    const request = await signRequestObject(await requestObjectClaims())
    const response = await get(
      `${idp.url}/auth?${new URLSearchParams({ client_id: rp.clientId, request })}`,
      {
        accept: 'text/html',
      },
    )
    expect(locationOf(response, idp.url)?.pathname).toMatch(/^\/interaction\//)
  })

  it.each(badRequestObjects)('O08: a request object $how is refused at PAR', async ({ make }) => {
    const response = await postForm(`${idp.url}/request`, {
      client_id: rp.clientId,
      request: await make(),
      ...(await clientAuth(idp, rp)),
    })
    expect(response.status).toBe(400)
    expect(response.json.error).toBe('invalid_request_object')
    expect(response.json).not.toHaveProperty('request_uri')
  })

  it.each(badRequestObjects)(
    'O08: a request object $how is refused on the front channel',
    async ({ make }) => {
      const request = await make()
      const response = await get(
        `${idp.url}/auth?${new URLSearchParams({ client_id: rp.clientId, request })}`,
        {
          accept: 'text/html',
        },
      )
      const location = locationOf(response, idp.url)
      expect(location?.pathname ?? '').not.toMatch(/^\/interaction\//)
      expect(parametersOf(location).has('code')).toBe(false)
      expect(parametersOf(location).get('error') ?? response.text).toContain('invalid_request_object')
    },
  )
})

describe('O13: the admin API needs its token', () => {
  let consentId: string
  let accessToken: string

  beforeAll(async () => {
    const { tokens } = await signIn(rp, { personalId: personas.level1Adult.personalId })
    consentId = String(tokens.claims()?.consent_id)
    accessToken = tokens.access_token
    // Something for the destructive routes to destroy.
    expect(
      (await admin(idp, 'POST', '/scenarios', { body: { name: 'source_down', source: 'vaccination' } }))
        .status,
    ).toBe(201)
  })
  afterAll(async () => {
    await admin(idp, 'DELETE', '/scenarios')
  })

  /**
   * Every route of the admin router, read from the Express app (so a route added later is covered too),
   * with its parameters filled in and a body that would change something; plus two paths that are no route.
   */
  function adminRoutes(): { method: string; path: string; body?: unknown }[] {
    type Layer = {
      rawPath?: string
      handle: { stack?: { route?: { path: string; methods: Record<string, boolean> } }[] }
    }
    const app = idp.app.app as unknown as { router: { stack: Layer[] } }
    const mounted = app.router.stack.find((layer) => layer.rawPath === '/__admin')
    const bodies: Record<string, unknown> = {
      'post /scenarios': { name: 'server_error', endpoint: 'token', status: 503 },
      'patch /settings': { autoApprove: false, autoApproveAs: personas.level1Adult.personalId },
    }
    const routes = (mounted?.handle.stack ?? []).flatMap(({ route }) =>
      route
        ? Object.keys(route.methods).map((method) => ({
            method: method.toUpperCase(),
            path: route.path.replace(':id', consentId).replace(':name', 'source_down'),
            body: bodies[`${method} ${route.path}`],
          }))
        : [],
    )
    return [
      ...routes,
      { method: 'GET', path: `/consents?personal_id=${personas.level1Adult.personalId}` },
      { method: 'GET', path: '/' },
      { method: 'GET', path: '/no-such-route' },
    ]
  }

  const wrongCredentials = (adminToken: string): { how: string; authorization: string | null }[] => [
    { how: 'no Authorization', authorization: null },
    { how: 'an empty Bearer', authorization: 'Bearer ' },
    { how: 'a wrong token', authorization: 'Bearer wrong-admin-token-wrong-admin-token' },
    { how: 'a wrong token of the same length', authorization: `Bearer ${'x'.repeat(adminToken.length)}` },
    { how: 'the token minus its last character', authorization: `Bearer ${adminToken.slice(0, -1)}` },
    { how: 'the token plus a character', authorization: `Bearer ${adminToken}x` },
    { how: 'the token without a scheme', authorization: adminToken },
    {
      how: 'the token as Basic credentials',
      authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}`,
    },
    { how: 'the token under another scheme', authorization: `DPoP ${adminToken}` },
    { how: "a citizen's access token", authorization: `Bearer ${accessToken}` },
  ]

  /** What the admin API shows; must be identical before and after the refused attempts. */
  async function snapshot() {
    const [scenarios, settings, consents, deliveries, sms, jwks] = await Promise.all([
      admin(idp, 'GET', '/scenarios'),
      admin(idp, 'GET', '/settings'),
      admin(idp, 'GET', `/consents?client_id=${rp.clientId}`),
      admin(idp, 'GET', '/deliveries'),
      admin(idp, 'GET', '/sms'),
      get(`${idp.url}/jwks`),
    ])
    return {
      scenarios: scenarios.json,
      settings: settings.json,
      consents: consents.json,
      deliveries: deliveries.json,
      sms: sms.json,
      kids: (jwks.json.keys as { kid: string }[]).map((key) => key.kid),
    }
  }

  it('O13: the admin token opens the API (control)', async () => {
    const response = await admin(idp, 'GET', '/scenarios')
    expect(response.status).toBe(200)
    expect(response.json.scenarios).toEqual([{ name: 'source_down', source: 'vaccination' }])
  })

  it('O13: every route without the admin token → 401, and nothing changed', async () => {
    const before = await snapshot()
    const routes = adminRoutes()
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'POST /scenarios',
        'PATCH /settings',
        'POST /keys/rotate',
        `POST /consents/${consentId}/withdraw`,
      ]),
    )
    for (const route of routes) {
      for (const { how, authorization } of wrongCredentials(idp.adminToken)) {
        const response = await admin(idp, route.method, route.path, {
          authorization,
          ...(route.body !== undefined && { body: route.body }),
        })
        const label = `${route.method} /__admin${route.path} with ${how}`
        expect(response.status, label).toBe(401)
        expect(response.headers.get('www-authenticate'), label).toMatch(/^Bearer /)
        expect(response.text, label).not.toContain(idp.adminToken)
      }
    }
    // Nor does a token in the query string count.
    const inQuery = await fetch(`${idp.url}/__admin/scenarios?access_token=${idp.adminToken}`, {
      method: 'DELETE',
    })
    expect(inQuery.status).toBe(401)

    expect(await snapshot()).toEqual(before)
    // The consent still stands: its access token still works.
    const userinfo = await get(`${idp.url}/me`, { authorization: `Bearer ${accessToken}` })
    expect(userinfo.status).toBe(200)
  })
})
