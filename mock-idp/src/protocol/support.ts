/**
 * The protocol tests drive the mock provider with `openid-client` as a generic client (not our SDK):
 * one provider per test file, relying parties that authenticate with `private_key_jwt`, the PAR + PKCE
 * sign-in through the `--auto-approve` path, and raw HTTP for what a well-behaved client never sends.
 */

import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import { CookieJar, followToRedirectUri } from '@dinhdanh/testing/browser'
import { calculateJwkThumbprint, createRemoteJWKSet, exportJWK, importJWK, type JWK } from 'jose'
import * as client from 'openid-client'
import { vi } from 'vitest'
import type { MockIdpOptions } from '../options.js'
import { createMockIdp, type MockIdp } from '../server.js'
import { clientAssertion } from './crafted-jwts.js'

export { CookieJar, followToRedirectUri }

/** A registered `private_key_jwt` client (ES256) and, once its provider runs, its openid-client configuration. */
export class RelyingParty {
  readonly clientId: string
  readonly redirectUri: string
  #config: client.Configuration | undefined

  private constructor(
    readonly registration: TestClient,
    readonly signingKey: CryptoKey,
    readonly kid: string,
  ) {
    this.clientId = registration.metadata.client_id
    this.redirectUri = registration.redirectUri
  }

  /** A client `clientId`, its metadata extended (or overridden) by `extra`. */
  static async create(clientId: string, extra: Record<string, unknown> = {}): Promise<RelyingParty> {
    const registration = await testClient(clientId, extra)
    const signingKey = (await importJWK(registration.privateJwk as JWK, 'ES256')) as CryptoKey
    return new RelyingParty(registration, signingKey, String(registration.privateJwk.kid))
  }

  get config(): client.Configuration {
    if (!this.#config) throw new Error(`${this.clientId}: start the provider with startIdp() first`)
    return this.#config
  }

  /** The same keys and redirect URI under another client_id (one the provider assigned at registration). */
  withClientId(clientId: string): RelyingParty {
    const metadata = { ...this.registration.metadata, client_id: clientId }
    return new RelyingParty({ ...this.registration, metadata }, this.signingKey, this.kid)
  }

  /**
   * Discovery of the provider by `openid-client`, authenticating with `private_key_jwt`; `metadata`
   * overrides the client metadata openid-client expects (e.g. another `id_token_signed_response_alg`).
   */
  async discover(idp: MockIdp, metadata: Partial<client.ClientMetadata> = {}): Promise<void> {
    this.#config = await client.discovery(
      new URL(idp.url),
      this.clientId,
      { id_token_signed_response_alg: 'ES256', ...metadata },
      client.PrivateKeyJwt({ key: this.signingKey, kid: this.kid }),
      { execute: [client.allowInsecureRequests] },
    )
  }
}

/**
 * Starts one mock provider (memory store, auto-approve, silent) knowing these relying parties;
 * `options` adds to (or overrides) those settings, e.g. `{ registration: true }`.
 */
export async function startIdp(
  rps: readonly RelyingParty[],
  options: Omit<MockIdpOptions, 'clients'> = {},
): Promise<MockIdp> {
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    logLevel: 'silent',
    ...options,
    clients: rps.map((rp) => rp.registration.metadata),
  })
  await Promise.all(rps.map((rp) => rp.discover(idp)))
  return idp
}

/** A fresh DPoP key pair, its JWK thumbprint, and the `openid-client` handle that signs proofs with it. */
export async function dpopHandle(
  rp: RelyingParty,
): Promise<{ handle: client.DPoPHandle; keyPair: CryptoKeyPair; jkt: string }> {
  const keyPair = await client.randomDPoPKeyPair('ES256')
  const jkt = await calculateJwkThumbprint(await exportJWK(keyPair.publicKey))
  return { handle: client.getDPoPHandle(rp.config, keyPair), keyPair, jkt }
}

/** What an authorization request needs to be checked and redeemed. */
export interface Authorization {
  readonly callbackUrl: URL
  readonly codeVerifier: string
  readonly state: string
  readonly nonce: string
  readonly jar: CookieJar
}

/** What {@link authorize} asks for. */
export interface AuthorizeOptions {
  /** The citizen's personal ID number, sent as `login_hint` (the `--auto-approve` path). */
  personalId: string
  scope?: string
  params?: Record<string, string>
  dpop?: client.DPoPHandle
  jar?: CookieJar
}

/** PAR + PKCE S256 (+ DPoP when given), then the browser hops until the redirect back to the client. */
export async function authorize(rp: RelyingParty, options: AuthorizeOptions): Promise<Authorization> {
  const codeVerifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const jar = options.jar ?? new CookieJar()
  const url = await client.buildAuthorizationUrlWithPAR(
    rp.config,
    {
      redirect_uri: rp.redirectUri,
      scope: options.scope ?? 'openid identity',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      login_hint: options.personalId,
      ...options.params,
    },
    options.dpop ? { DPoP: options.dpop } : undefined,
  )
  const callbackUrl = new URL(await followToRedirectUri(url.href, rp.redirectUri, jar))
  return { callbackUrl, codeVerifier, state, nonce, jar }
}

/** Redeems an authorization's code with `openid-client`, which checks `iss`, `state`, the ID token claims. */
export function redeem(
  rp: RelyingParty,
  authorization: Authorization,
  dpop?: client.DPoPHandle,
): ReturnType<typeof client.authorizationCodeGrant> {
  return client.authorizationCodeGrant(
    rp.config,
    authorization.callbackUrl,
    {
      pkceCodeVerifier: authorization.codeVerifier,
      expectedState: authorization.state,
      expectedNonce: authorization.nonce,
      idTokenExpected: true,
    },
    undefined,
    dpop ? { DPoP: dpop } : undefined,
  )
}

/** A full sign-in: {@link authorize} then {@link redeem}. */
export async function signIn(
  rp: RelyingParty,
  options: AuthorizeOptions,
): Promise<{ authorization: Authorization; tokens: Awaited<ReturnType<typeof redeem>> }> {
  const authorization = await authorize(rp, options)
  const tokens = await redeem(rp, authorization, options.dpop)
  return { authorization, tokens }
}

/** The code of an authorization response. */
export function codeOf(authorization: Authorization): string {
  return authorization.callbackUrl.searchParams.get('code') ?? ''
}

/** A fresh PKCE verifier and its S256 challenge parameters. */
export async function pkce(): Promise<{
  verifier: string
  challenge: { code_challenge: string; code_challenge_method: 'S256' }
}> {
  const verifier = client.randomPKCECodeVerifier()
  const code_challenge = await client.calculatePKCECodeChallenge(verifier)
  return { verifier, challenge: { code_challenge, code_challenge_method: 'S256' } }
}

/** The parameters of a valid authorization request of `rp` for this citizen, without PKCE. */
export function authorizationParams(
  rp: RelyingParty,
  personalId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    client_id: rp.clientId,
    response_type: 'code',
    scope: 'openid identity',
    redirect_uri: rp.redirectUri,
    state: client.randomState(),
    nonce: client.randomNonce(),
    login_hint: personalId,
    ...extra,
  }
}

/** The body parameters of a correct `private_key_jwt` authentication (aud = the issuer). */
export async function clientAuth(idp: MockIdp, rp: RelyingParty): Promise<Record<string, string>> {
  return {
    client_id: rp.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(rp, idp.url),
  }
}

/** The error code of a failed openid-client call (its body's `error`, or its challenge's). */
export async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof client.ResponseBodyError) return error.error
    if (error instanceof client.WWWAuthenticateChallengeError) {
      return String(error.cause[0]?.parameters.error ?? error.cause[0]?.scheme)
    }
    throw error
  }
  return 'no error: the call succeeded'
}

/** Moves this process's clock (the provider runs in it) `seconds` ahead; `vi.useRealTimers()` undoes it. */
export function travel(seconds: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + seconds * 1000 })
}

/** What a raw request answered. */
export interface RawResponse {
  status: number
  headers: Headers
  text: string
  json: Record<string, unknown>
}

async function read(response: Response): Promise<RawResponse> {
  const text = await response.text()
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // Not JSON (an HTML page): `text` has it.
  }
  return { status: response.status, headers: response.headers, text, json }
}

/** A form POST, redirects not followed. */
export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return read(
    await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params),
    }),
  )
}

/** A GET, redirects not followed. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return read(await fetch(url, { redirect: 'manual', headers }))
}

/** Where a response sends the browser, if anywhere. */
export function locationOf(response: RawResponse, base: string): URL | undefined {
  const location = response.headers.get('location')
  return location === null ? undefined : new URL(location, base)
}

/** Every parameter of a URL, from its query and its fragment (where an implicit response would be). */
export function parametersOf(url: URL | undefined): URLSearchParams {
  const all = new URLSearchParams(url?.search ?? '')
  for (const [name, value] of new URLSearchParams(url?.hash.slice(1) ?? '')) all.append(name, value)
  return all
}

/** The provider's JWKS, for verifying what it signs. */
export function providerKeys(idp: MockIdp) {
  return createRemoteJWKSet(new URL(`${idp.url}/jwks`))
}

/** A request to the admin API with the admin token, or with `authorization` (`null`: no header). */
export async function admin(
  idp: MockIdp,
  method: string,
  path: string,
  options: { body?: unknown; authorization?: string | null } = {},
): Promise<RawResponse> {
  const authorization =
    options.authorization === undefined ? `Bearer ${idp.adminToken}` : options.authorization
  return read(
    await fetch(`${idp.url}/__admin${path}`, {
      method,
      headers: {
        ...(authorization !== null && { authorization }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    }),
  )
}
