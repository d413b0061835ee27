/**
 * Test support for the msw kit's own tests, NOT part of `@dinhdanh/testing`: no entry point imports it, so
 * tsup (which bundles only the entry points of tsup.config.ts) leaves it out of dist. The setup every kit
 * test repeated: a relying party's ES256 key pair (the kit knows the public half), one `mockEid` on an msw
 * server (unhandled requests are errors), a client created once the server listens, and `eid.reset()`
 * after each test.
 */
import { createClient, type EidClient, type Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { personas } from '../personas.js'
import { type MockEidOptions, mockEid } from './mock-eid.js'

/**
 * Options of {@link mswTestFixture}.
 *
 * @example
 * ```ts
 * const options: MswTestFixtureOptions = { issuer: 'https://eid-dpop.test', kit: { dpop: true }, client: { dpop: true } }
 * ```
 */
export interface MswTestFixtureOptions {
  /** The kit's issuer: one per test file keeps the files' URLs apart. */
  issuer: string
  /** The relying party the kit knows (default `shop`); its key's `kid` is `<clientId>-1`. */
  clientId?: string
  /** Its registered redirect URI (default `https://shop.test/auth/callback`). */
  redirectUri?: string
  /** More options of `mockEid` (`dpop`, `clock`, `today`, ...). */
  kit?: Omit<MockEidOptions, 'issuer' | 'clients'>
  /** More options of the shared client (`fixture.client`), e.g. `{ dpop: true }`. */
  client?: Record<string, unknown>
}

/**
 * Sets up a test file of the msw kit and registers its hooks: `beforeAll` listens (unhandled requests are
 * errors) and creates `client`, `afterEach` calls `eid.reset()`, `afterAll` closes the server. Call it at
 * the top level of the file, with `await`.
 *
 * @example
 * ```ts
 * const kit = await mswTestFixture({ issuer: 'https://eid-keys.test' })
 * const { eid, signIn } = kit
 *
 * it('signs in', async () => {
 *   expect((await signIn()).attributes.ageOver18).toBe(true)
 *   expect(kit.client.metadata.issuer).toBe('https://eid-keys.test')
 * })
 * ```
 */
export async function mswTestFixture(options: MswTestFixtureOptions) {
  const { issuer, clientId = 'shop', redirectUri = 'https://shop.test/auth/callback' } = options
  const kid = `${clientId}-1`
  const pair = await generateKeyPair('ES256', { extractable: true })
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' }
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: 'ES256' } as Jwk
  const eid = mockEid({
    ...options.kit,
    issuer,
    clients: [{ clientId, jwks: { keys: [publicJwk] }, redirectUris: [redirectUri] }],
  })
  const server = setupServer(...eid.handlers)

  /** The options of `createClient` against the kit (`private_key_jwt`), with `extra` laid over them. */
  const clientOptions = (extra: Record<string, unknown> = {}) =>
    ({
      issuer,
      clientId,
      clientAuth: { method: 'private_key_jwt', privateJwk },
      redirectUri,
      ...extra,
    }) as Parameters<typeof createClient>[0]
  /** A new client against the kit (it runs discovery: call it in a test or hook). */
  const newClient = (extra: Record<string, unknown> = {}, runtime: Parameters<typeof createClient>[1] = {}) =>
    createClient(clientOptions(extra), runtime)

  let shared: EidClient | undefined
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' })
    shared = await newClient(options.client)
  })
  afterEach(() => eid.reset())
  afterAll(() => server.close())

  return {
    issuer,
    clientId,
    redirectUri,
    publicJwk,
    privateJwk,
    eid,
    server,
    clientOptions,
    newClient,
    /** The client of the file, created in `beforeAll` with `options.client`. */
    get client(): EidClient {
      if (!shared) throw new Error('the client is created in beforeAll: use it inside a test or hook')
      return shared
    },
    /**
     * Signs `level2Adult` in through `client` (default the shared one) at `level` (default 2), asking
     * for `age_over_18`, with `eid.authorize` as the browser.
     */
    async signIn({ level = 2, client = shared }: { level?: 1 | 2; client?: EidClient | undefined } = {}) {
      if (!client) throw new Error('the client is created in beforeAll: sign in inside a test')
      eid.signInAs(personas.level2Adult)
      const { url, transaction } = await client.signIn({ level, attributes: ['age_over_18'] as const })
      return client.completeSignIn(await eid.authorize(url), transaction)
    },
  }
}
