/**
 * Features the README says are advertised in discovery and work, proved against a real provider: JWE ID
 * tokens and userinfo, per-client ID token signing algorithms, dynamic client registration (RFC 7591)
 * and CIBA ping mode.
 */
import { createClient, EidTokenError, type Jwk } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { type Receiver, startReceiver } from './receiver.js'
import {
  authorize,
  followToRedirectUri,
  get,
  providerKeys,
  RelyingParty,
  redeem,
  signIn,
  startIdp,
} from './support.js'

const citizen = personas.level2Adult
const te = new TextDecoder()

type EncryptionAlg = 'ECDH-ES+A256KW' | 'RSA-OAEP-256'

/** A relying party that also registers a public encryption key (`use: enc`) and asks for JWE. */
interface EncryptingParty {
  rp: RelyingParty
  alg: EncryptionAlg
  privateKey: CryptoKey
  privateJwk: Jwk
  kid: string
}

async function encryptingParty(clientId: string, alg: EncryptionAlg): Promise<EncryptingParty> {
  const rp = await RelyingParty.create(clientId, {
    id_token_encrypted_response_alg: alg,
    id_token_encrypted_response_enc: 'A256GCM',
    userinfo_signed_response_alg: 'ES256',
    userinfo_encrypted_response_alg: alg,
    userinfo_encrypted_response_enc: 'A256GCM',
  })
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const kid = `${clientId}-enc`
  const jwks = rp.registration.metadata.jwks as { keys: Record<string, unknown>[] }
  jwks.keys.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'enc' })
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg } as Jwk
  return { rp, alg, privateKey, privateJwk, kid }
}

/** Decrypts a compact JWE with the party's private key; the plaintext is the inner compact JWS. */
async function decrypt(
  jwe: string,
  party: EncryptingParty,
): Promise<{ header: Record<string, unknown>; jws: string }> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, party.privateKey, {
    keyManagementAlgorithms: [party.alg],
    contentEncryptionAlgorithms: ['A256GCM'],
  })
  return { header: protectedHeader, jws: te.decode(plaintext) }
}

const SIGNING_ALGS = ['ES256', 'RS256', 'PS256', 'EdDSA'] as const
type SigningAlg = (typeof SIGNING_ALGS)[number]

let idp: MockIdp
let receiver: Receiver
let ecdh: EncryptingParty
let rsaOaep: EncryptingParty
let plain: RelyingParty
const bySigningAlg = new Map<SigningAlg, RelyingParty>()
let ping: RelyingParty

beforeAll(async () => {
  // 204: oidc-provider counts a ping as delivered only on 200 or 204.
  receiver = await startReceiver(204)
  ecdh = await encryptingParty('jwe-ecdh-rp', 'ECDH-ES+A256KW')
  rsaOaep = await encryptingParty('jwe-rsa-rp', 'RSA-OAEP-256')
  plain = await RelyingParty.create('jwe-plain-rp')
  for (const alg of SIGNING_ALGS) {
    bySigningAlg.set(
      alg,
      await RelyingParty.create(`alg-${alg.toLowerCase()}-rp`, { id_token_signed_response_alg: alg }),
    )
  }
  ping = await RelyingParty.create('ciba-ping-rp', {
    backchannel_token_delivery_mode: 'ping',
    backchannel_client_notification_endpoint: `${receiver.url}/ciba/ping`,
  })
  idp = await startIdp([ecdh.rp, rsaOaep.rp, plain, ...bySigningAlg.values(), ping])
  // openid-client expects each client's own algorithms; JWE parties decrypt with their private key.
  for (const party of [ecdh, rsaOaep]) {
    await party.rp.discover(idp, { userinfo_signed_response_alg: 'ES256' })
    client.enableDecryptingResponses(party.rp.config, ['A256GCM'], {
      key: party.privateKey,
      alg: party.alg,
      kid: party.kid,
    })
  }
  for (const [alg, rp] of bySigningAlg) await rp.discover(idp, { id_token_signed_response_alg: alg })
})
afterAll(async () => {
  await idp?.close()
  await receiver?.close()
})

describe('JWE ID tokens and userinfo (id_token_/userinfo_encrypted_response_alg + a `use: enc` key)', () => {
  it('advertises the encryption algorithms in discovery', () => {
    const metadata = ecdh.rp.config.serverMetadata()
    expect(metadata.id_token_encryption_alg_values_supported).toEqual(
      expect.arrayContaining(['ECDH-ES+A256KW', 'RSA-OAEP-256']),
    )
    expect(metadata.id_token_encryption_enc_values_supported).toContain('A256GCM')
    expect(metadata.userinfo_encryption_alg_values_supported).toEqual(
      expect.arrayContaining(['ECDH-ES+A256KW', 'RSA-OAEP-256']),
    )
    expect(metadata.userinfo_encryption_enc_values_supported).toContain('A256GCM')
  })

  it.each(['ECDH-ES+A256KW', 'RSA-OAEP-256'] as const)(
    '%s: an encrypted ID token and userinfo that decrypt with the client key and verify against /jwks',
    async (alg) => {
      const party = alg === 'ECDH-ES+A256KW' ? ecdh : rsaOaep
      const { rp } = party
      const { authorization, tokens } = await signIn(rp, {
        personalId: citizen.personalId,
        scope: 'openid identity health_insurance',
      })

      // The ID token: a 5-part compact JWE for our key, whose plaintext is the provider's ES256 JWS.
      const idToken = tokens.id_token ?? ''
      expect(idToken.split('.')).toHaveLength(5)
      expect(decodeProtectedHeader(idToken)).toMatchObject({ alg, enc: 'A256GCM', kid: party.kid })
      const inner = await decrypt(idToken, party)
      expect(inner.jws.split('.')).toHaveLength(3)
      const { payload, protectedHeader } = await jwtVerify(inner.jws, providerKeys(idp), {
        issuer: idp.url,
        audience: rp.clientId,
        algorithms: ['ES256'],
      })
      expect(protectedHeader.alg).toBe('ES256')
      expect(payload).toMatchObject({ nonce: authorization.nonce, acr: '2' })
      // openid-client decrypted the same token and validated its claims.
      const decrypted = client.getDecryptedResponses(tokens)
      expect(typeof decrypted === 'object' && decrypted.id_token?.token_endpoint).toBe(inner.jws)
      expect(tokens.claims()).toMatchObject({ sub: payload.sub, nonce: authorization.nonce })

      // The userinfo, raw: application/jwt, a 5-part JWE whose plaintext is an ES256 JWS from /jwks.
      const raw = await get(`${idp.url}/me`, { authorization: `Bearer ${tokens.access_token}` })
      expect(raw.status).toBe(200)
      expect(raw.headers.get('content-type')).toMatch(/^application\/jwt\b/)
      expect(raw.text.split('.')).toHaveLength(5)
      expect(decodeProtectedHeader(raw.text)).toMatchObject({ alg, enc: 'A256GCM', kid: party.kid })
      const userinfoJws = (await decrypt(raw.text, party)).jws
      const userinfo = await jwtVerify(userinfoJws, providerKeys(idp), {
        issuer: idp.url,
        audience: rp.clientId,
        algorithms: ['ES256'],
      })
      expect(userinfo.payload).toMatchObject({
        sub: payload.sub,
        personal_id: citizen.personalId,
        health_insurance: { number: '0101234567' },
      })

      // And through openid-client, which decrypts it (and would refuse a plain JSON response).
      const fetched = await client.fetchUserInfo(rp.config, tokens.access_token, String(payload.sub))
      expect(client.getDecryptedResponses(fetched)).toEqual(expect.any(String))
      expect(fetched).toMatchObject({ sub: payload.sub, personal_id: citizen.personalId })
    },
  )

  it('@dinhdanh/client with decryptionJwks signs the citizen in end to end', async () => {
    const eid = await createClient({
      issuer: idp.url,
      clientId: ecdh.rp.clientId,
      clientAuth: { method: 'private_key_jwt', privateJwk: ecdh.rp.registration.privateJwk },
      redirectUri: ecdh.rp.redirectUri,
      decryptionJwks: [ecdh.privateJwk],
    })
    const { url, transaction } = await eid.signIn({
      level: 2,
      attributes: ['health_insurance'] as const,
      purpose: 'Khám bệnh có BHYT',
      loginHint: citizen.personalId,
    })
    const result = await eid.completeSignIn(await followToRedirectUri(url, ecdh.rp.redirectUri), transaction)
    expect(result.level).toBe(2)
    expect(result.citizen?.personalId).toBe(citizen.personalId)
    expect(result.attributes.healthInsurance).toMatchObject({ number: '0101234567' })
    // The SDK keeps the inner signed ID token, which verifies against the provider's keys.
    expect(result.tokens.idToken.split('.')).toHaveLength(3)
    await jwtVerify(result.tokens.idToken, providerKeys(idp), { issuer: idp.url, audience: ecdh.rp.clientId })
  })

  it('@dinhdanh/client with decryptionJwks refuses a client that gets plain tokens (so the above was JWE)', async () => {
    const eid = await createClient({
      issuer: idp.url,
      clientId: plain.clientId,
      clientAuth: { method: 'private_key_jwt', privateJwk: plain.registration.privateJwk },
      redirectUri: plain.redirectUri,
      decryptionJwks: [ecdh.privateJwk],
    })
    const { url, transaction } = await eid.signIn({ level: 2, loginHint: citizen.personalId })
    const error = await eid
      .completeSignIn(await followToRedirectUri(url, plain.redirectUri), transaction)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EidTokenError)
    expect(error).toMatchObject({ token: 'id_token', check: 'encryption' })
  })
})

describe('per-client ID token signing algorithms (id_token_signed_response_alg)', () => {
  it('advertises ES256, RS256, PS256 and EdDSA', () => {
    expect(plain.config.serverMetadata().id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining([...SIGNING_ALGS]),
    )
  })

  it.each(SIGNING_ALGS)('%s: the ID token is signed with it and verifies against /jwks', async (alg) => {
    const rp = bySigningAlg.get(alg) as RelyingParty
    const { authorization, tokens } = await signIn(rp, { personalId: citizen.personalId })
    const idToken = tokens.id_token ?? ''
    expect(idToken.split('.')).toHaveLength(3)
    const header = decodeProtectedHeader(idToken)
    expect(header.alg).toBe(alg)
    const { payload } = await jwtVerify(idToken, providerKeys(idp), {
      issuer: idp.url,
      audience: rp.clientId,
      algorithms: [alg],
    })
    expect(payload.nonce).toBe(authorization.nonce)
    // The key it names is published, of the key type the algorithm needs.
    const jwks = (await get(`${idp.url}/jwks`)).json.keys as { kid: string; kty: string; d?: string }[]
    const key = jwks.find((k) => k.kid === header.kid)
    expect(key?.kty).toBe({ ES256: 'EC', RS256: 'RSA', PS256: 'RSA', EdDSA: 'OKP' }[alg])
    expect(key).not.toHaveProperty('d')
  })
})

describe('dynamic client registration (RFC 7591)', () => {
  it('with registration: true, advertises /reg and registers a client that then signs in', async () => {
    const open = await startIdp([], { registration: true })
    try {
      const discovery = (await get(`${open.url}/.well-known/openid-configuration`)).json
      expect(discovery.registration_endpoint).toBe(`${open.url}/reg`)

      const template = await RelyingParty.create('to-be-assigned')
      const { client_id: _none, ...metadata } = template.registration.metadata
      const body = JSON.stringify({
        ...metadata,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      })
      // Without the initial access token (the admin token), registration is refused.
      const anonymous = await fetch(`${open.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(anonymous.status).toBe(401)
      const response = await fetch(`${open.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${open.adminToken}` },
        body: JSON.stringify({
          ...metadata,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        }),
      })
      const registered = (await response.json()) as Record<string, unknown>
      expect(response.status, JSON.stringify(registered)).toBe(201)
      expect(registered.client_id).toEqual(expect.any(String))
      expect(registered.client_id).not.toBe('to-be-assigned')
      expect(registered).toMatchObject({
        redirect_uris: [template.redirectUri],
        token_endpoint_auth_method: 'private_key_jwt',
        registration_client_uri: expect.stringContaining(`${open.url}/reg/`),
        registration_access_token: expect.any(String),
      })

      const rp = template.withClientId(String(registered.client_id))
      await rp.discover(open)
      const authorization = await authorize(rp, { personalId: citizen.personalId })
      const tokens = await redeem(rp, authorization)
      expect(tokens.claims()).toMatchObject({ iss: open.url, aud: rp.clientId, acr: '2' })
    } finally {
      await open.close()
    }
  })

  it('by default, does not advertise registration and refuses POST /reg', async () => {
    const discovery = (await get(`${idp.url}/.well-known/openid-configuration`)).json
    expect(discovery).not.toHaveProperty('registration_endpoint')
    const template = await RelyingParty.create('not-registrable')
    const { client_id: _none, ...metadata } = template.registration.metadata
    const response = await fetch(`${idp.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    })
    expect(response.status).toBe(404)
  })
})

/*
 * CIBA Core section 4: the client notification endpoint of ping mode MUST be https. oidc-provider enforces it in
 * its client schema (no switch), so ping works for relying parties with an https endpoint (checked by hand with
 * a self-signed receiver: Bearer client_notification_token, body { auth_req_id }, then one token request), and
 * a relying party on plain-http localhost must use poll mode. The README says so; this pins the refusal.
 */
describe('CIBA ping mode', () => {
  it('advertises ping delivery', () => {
    expect(ping.config.serverMetadata().backchannel_token_delivery_modes_supported).toEqual(
      expect.arrayContaining(['poll', 'ping']),
    )
  })

  it('refuses a ping-mode client whose notification endpoint is plain http, naming https', async () => {
    const error = await client
      .initiateBackchannelAuthentication(ping.config, {
        scope: 'openid identity',
        login_hint: citizen.personalId,
        client_notification_token: `cnt-${client.randomState()}`,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(client.ResponseBodyError)
    expect((error as client.ResponseBodyError).cause).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('https'),
    })
    expect(receiver.received.filter((post) => post.path === '/ciba/ping')).toHaveLength(0)
  })
})
