import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createClient, type Jwk } from '@dinhdanh/client'
import { createMockIdp, type MockIdp } from '@dinhdanh/mock-idp'
import { personas } from '@dinhdanh/testing'
import { Browser } from '@dinhdanh/testing/browser'
import type { NestExpressApplication } from '@nestjs/platform-express'
import { exportJWK, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNestApp } from './app.js'

// docs/nestjs.md's app (app.ts and eid.ts beside this file) booted for real on 127.0.0.1, port 0, behind the public
// origin ORIGIN (the test browser sends that origin's requests to the port), signing a citizen in through the real
// mock provider.
const ORIGIN = 'https://nest.test'
let idp: MockIdp
let app: NestExpressApplication
/** The one test browser (`@dinhdanh/testing/browser`): cookies per origin, redirects followed when asked. */
let browser: Browser

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    clients: [
      {
        client_id: 'nest-app',
        redirect_uris: [`${ORIGIN}/auth/callback`],
        post_logout_redirect_uris: [`${ORIGIN}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] },
      },
    ],
  })
  await fetch(`${idp.url}/__admin/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ autoApprove: true, autoApproveAs: personas.level2Adult.personalId }),
  })
  const client = await createClient({
    issuer: idp.url,
    clientId: 'nest-app',
    clientAuth: {
      method: 'private_key_jwt',
      privateJwk: { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256' } as Jwk,
    },
    redirectUri: `${ORIGIN}/auth/callback`,
  })
  app = await createNestApp({
    client,
    baseUrl: ORIGIN,
    sessionSecret: 'nest-test-secret-0123456789abcdef-012345',
  })
  await app.listen(0, '127.0.0.1')
  const address = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`
  browser = new Browser({ hosts: { [ORIGIN]: address } })
})
afterAll(async () => {
  await app?.close()
  await idp?.close()
})

describe('docs/nestjs.md: a NestJS app on Express with @dinhdanh/express', () => {
  it('@Eid() reads the signed-out context; the guard answers an API call 401 and the controller does not run', async () => {
    expect((await browser.get(`${ORIGIN}/status`)).json()).toEqual({ signedIn: false })
    const api = await browser.get(`${ORIGIN}/me`, { accept: 'application/json' })
    expect(api.status).toBe(401)
    expect(api.json()).toEqual({ error: 'sign_in_required', login: '/auth/login?returnTo=%2Fme' })
  })

  it('the guard sends a page request to the provider; the citizen signs in and reaches the guarded controller', async () => {
    const first = await browser.get(`${ORIGIN}/me`)
    expect(first.status).toBe(302)
    expect(first.location?.origin).toBe(idp.url)
    const page = await browser.follow(first)
    expect(page.url.href).toBe(`${ORIGIN}/me`)
    expect(page.status).toBe(200)
    expect(page.json()).toEqual({ name: 'Nguyễn Văn An', level: 2 })
    expect((await browser.get(`${ORIGIN}/transfer`)).json()).toEqual({ allowed: true })
  })

  it('EidGuard.attributes asks the provider for the health-insurance card only (incremental consent)', async () => {
    const insurance = await browser.get(`${ORIGIN}/insurance`)
    expect(insurance.status).toBe(302)
    expect(insurance.location?.origin).toBe(idp.url)
  })
})

describe('docs/nestjs.md', () => {
  it('shows exactly the code of eid.ts and app.ts', () => {
    const guide = readFileSync(new URL('../../docs/nestjs.md', import.meta.url), 'utf8')
    for (const file of ['eid.ts', 'app.ts'])
      expect(guide).toContain(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').trimEnd())
  })
})
