import { generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { citizenWithPersona, claimsFor } from '@dinhdanh/testing'
import { type CallbackForgery, editJson, type IdTokenTampering } from '@dinhdanh/testing/msw'
import * as jose from 'jose'
import { HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { eidRejection } from '../test-support/rejection.js'
import { CITIZEN, CLIENT_ID, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import type { EidError } from './index.js'

const fake = useMockEid()
const CITIZEN_DATA = citizenWithPersona(CITIZEN.personalId)!
const HEALTH_INSURANCE = claimsFor(CITIZEN_DATA, ['health_insurance']).health_insurance as { number: string }

/**
 * Runs a sign-in up to the callback (forged as asked), letting the test tamper with the provider first.
 * The authorization URL can be used once: PAR's `request_uri` is single use.
 */
async function startSignIn(
  extra: Record<string, unknown> = {},
  request: Parameters<Awaited<ReturnType<typeof fake.client>>['signIn']>[0] = {},
  forgery: CallbackForgery = {},
) {
  const eid = await fake.client(extra)
  const start = await eid.signIn({
    level: 2,
    attributes: ['health_insurance'] as const,
    purpose: 'Khám bệnh có BHYT',
    ...request,
  })
  return { eid, ...start, callback: await fake.eid().authorize(start.url, forgery) }
}

/** Asserts a typed token rejection that leaks nothing. */
async function expectTokenRejected(promise: Promise<unknown>, check: string) {
  const error = await eidRejection(promise)
  expect(error.code).toBe('ERR_EID_TOKEN_INVALID')
  expect((error as EidError & { check: string }).check).toBe(check)
  expect(error.message).not.toMatch(/eyJ/)
  expect(error.message).not.toContain(CITIZEN.personalId)
  return error
}

describe('completeSignIn: the happy path', () => {
  it('returns the citizen, the level achieved, the typed attributes and JSON-serialisable tokens', async () => {
    const { eid, transaction, callback } = await startSignIn()
    const result = await eid.completeSignIn(callback, JSON.parse(JSON.stringify(transaction)))
    expect(result.level).toBe(2)
    expect(result.subject).toBe(fake.eid().subjectOf(CITIZEN.personalId, CLIENT_ID))
    expect(result.sessionId).toMatch(/\S/)
    expect(result.sessionId).toBe(jose.decodeJwt(result.tokens.idToken).sid)
    expect(result.citizen).toMatchObject({
      personalId: CITIZEN.personalId,
      fullName: CITIZEN_DATA.fullName,
      familyName: CITIZEN_DATA.familyName,
      givenName: CITIZEN_DATA.givenName,
      birthDate: CITIZEN_DATA.birthDate,
      gender: CITIZEN_DATA.gender,
    })
    expect(result.attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
    expect(Object.keys(result.attributes)).toEqual(['healthInsurance'])
    expect(result.missing).toEqual([])
    expect(result.tokens.tokenType).toBe('Bearer')
    expect(JSON.parse(JSON.stringify(result.tokens))).toEqual(result.tokens)
  })

  it('accepts the transaction as the JSON string a cookie would hold', async () => {
    const { eid, transaction, callback } = await startSignIn()
    const result = await eid.completeSignIn(callback, JSON.stringify(transaction))
    expect(result.level).toBe(2)
  })

  it('lists attributes the citizen did not share as missing, and failed sources as unavailable', async () => {
    // The citizen does not tick health insurance; the vaccination register is down.
    fake.eid().signInAs(CITIZEN, { grant: ['vaccination'] })
    fake.eid().useScenario('source_unavailable', { source: 'vaccination' })
    const { eid, transaction, callback } = await startSignIn(
      {},
      { attributes: ['health_insurance', 'vaccination'] as const },
    )
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.attributes.healthInsurance).toBeUndefined()
    expect(result.attributes.vaccination).toBeUndefined()
    expect(result.missing).toEqual(['health_insurance'])
    expect(result.unavailable).toEqual([
      { attribute: 'vaccination', reason: 'source_unavailable', source: 'vaccination' },
    ])
  })

  it('rejects an attribute that fails its schema without echoing the value', async () => {
    fake.eid().tamper.nextResponse(
      'userinfo',
      editJson((claims) => ({ ...claims, health_insurance: { number: '12AB', valid_from: 'x' } })),
    )
    const { eid, transaction, callback } = await startSignIn()
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error.code).toBe('ERR_EID_ATTRIBUTE_INVALID')
    expect(error.message).not.toContain('12AB')
  })

  it('skips userinfo entirely when nothing but the level is needed (identity: false, no attributes)', async () => {
    const { eid, transaction, callback } = await startSignIn({}, { attributes: [] as const, identity: false })
    const result = await eid.completeSignIn(callback, transaction)
    expect(result.citizen).toBeUndefined()
    expect(fake.eid().requests('userinfo')).toHaveLength(0)
  })
})

describe('completeSignIn: the callback (checked before any request)', () => {
  it('R01: rejects a wrong state, with no token request', async () => {
    const { eid, transaction, callback } = await startSignIn(
      {},
      {},
      { state: 'forged-state-value-0123456789' },
    )
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_CALLBACK_INVALID', reason: 'state_mismatch' })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R01: rejects a missing state, with no token request', async () => {
    const { eid, transaction, callback } = await startSignIn({}, {}, { state: null })
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'state_missing',
    })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R01: rejects the callback of another transaction', async () => {
    const eid = await fake.client()
    const first = await eid.signIn({ attributes: [] as const })
    const second = await eid.signIn({ attributes: [] as const })
    const callback = await fake.eid().authorize(first.url)
    expect(await eidRejection(eid.completeSignIn(callback, second.transaction))).toMatchObject({
      reason: 'state_mismatch',
    })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R02: rejects the same callback replayed after a successful sign-in', async () => {
    const { eid, transaction, callback } = await startSignIn()
    await eid.completeSignIn(callback, transaction)
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_TRANSACTION_INVALID', reason: 'already_used' })
    expect(fake.eid().requests('token')).toHaveLength(1)
  })

  it('R03: rejects an iss response parameter that differs from the issuer, with no token request', async () => {
    const { eid, transaction, callback } = await startSignIn({}, {}, { iss: 'https://evil.example' })
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'iss_mismatch',
    })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R04: rejects a missing iss when discovery advertises authorization_response_iss_parameter_supported', async () => {
    const { eid, transaction, callback } = await startSignIn({}, {}, { iss: null })
    expect(await eidRejection(eid.completeSignIn(callback, transaction))).toMatchObject({
      reason: 'iss_missing',
    })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R07: turns error=access_denied into a typed access-denied error and keeps the description as data', async () => {
    const started = await startSignIn()
    const { eid, transaction } = started
    const callback = new URL(started.callback)
    callback.searchParams.delete('code')
    callback.searchParams.set('error', 'access_denied')
    callback.searchParams.set('error_description', '<script>alert(1)</script>\u0000')
    const error = await eidRejection(eid.completeSignIn(callback, transaction))
    expect(error.code).toBe('ERR_EID_ACCESS_DENIED')
    expect(error).toMatchObject({ error: 'access_denied', errorDescription: '<script>alert(1)</script>' })
    expect(error.message).not.toContain('<script>')
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('maps other callback errors to ERR_EID_AUTHORIZATION_FAILED and unmet_authentication_requirements to the level error', async () => {
    const { eid, transaction, callback } = await startSignIn()
    const base = new URL(callback)
    base.searchParams.delete('code')
    base.searchParams.set('error', 'server_error')
    expect((await eidRejection(eid.completeSignIn(base, transaction))).code).toBe(
      'ERR_EID_AUTHORIZATION_FAILED',
    )
    const second = await startSignIn()
    const level = new URL(second.callback)
    level.searchParams.delete('code')
    level.searchParams.set('error', 'unmet_authentication_requirements')
    const refused = await eidRejection(second.eid.completeSignIn(level, second.transaction))
    // A refused level-2 sign-in means a level-1 account: the actual level is known (#15).
    expect(refused).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual: 1 })
    expect(refused.message).toContain('refused the sign-in')
    expect(refused.message).toContain('it is at level 1')
    const third = await startSignIn({}, { level: 1 })
    const levelOne = new URL(third.callback)
    levelOne.searchParams.delete('code')
    levelOne.searchParams.set('error', 'unmet_authentication_requirements')
    expect(await eidRejection(third.eid.completeSignIn(levelOne, third.transaction))).toMatchObject({
      code: 'ERR_EID_LEVEL_TOO_LOW',
      required: 1,
      actual: undefined,
    })
  })

  it('rejects repeated parameters, oversized and malformed URLs, and another redirect URI', async () => {
    const { eid, transaction, callback } = await startSignIn()
    const repeated = `${callback}&code=second`
    expect(await eidRejection(eid.completeSignIn(repeated, transaction))).toMatchObject({
      reason: 'duplicate_parameter',
    })
    const huge = `${callback}&pad=${'a'.repeat(9000)}`
    expect(await eidRejection(eid.completeSignIn(huge, transaction))).toMatchObject({ reason: 'too_large' })
    expect(await eidRejection(eid.completeSignIn('not a url', transaction))).toMatchObject({
      reason: 'malformed_url',
    })
    const elsewhere = callback.replace('https://bank.test/auth/callback', 'https://bank.test/other')
    expect(await eidRejection(eid.completeSignIn(elsewhere, transaction))).toMatchObject({
      reason: 'redirect_uri_mismatch',
    })
    expect(fake.eid().requests('token')).toHaveLength(0)
  })

  it('R08: an attacker-injected code fails at the token endpoint because the PKCE verifier is the victim’s', async () => {
    const eid = await fake.client()
    const victim = await eid.signIn({ attributes: [] as const })
    const attacker = await eid.signIn({ attributes: [] as const })
    const attackerCode = new URL(await fake.eid().authorize(attacker.url)).searchParams.get('code') ?? ''
    const injected = new URL(await fake.eid().authorize(victim.url))
    injected.searchParams.set('code', attackerCode)
    const error = await eidRejection(eid.completeSignIn(injected, victim.transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_grant' })
  })
})

describe('completeSignIn: the transaction', () => {
  it('rejects a missing, malformed, expired, foreign-client or foreign-issuer transaction with no request', async () => {
    const { eid, transaction, callback } = await startSignIn()
    const cases: [unknown, string][] = [
      [undefined, 'missing'],
      ['{not json', 'malformed'],
      [{ ...transaction, codeVerifier: 'short' }, 'malformed'],
      [{ ...transaction, expiresAt: transaction.createdAt }, 'expired'],
      [{ ...transaction, clientId: 'other-client' }, 'wrong_client'],
      [{ ...transaction, issuer: 'https://other.test' }, 'wrong_issuer'],
    ]
    for (const [input, reason] of cases) {
      const error = await eidRejection(eid.completeSignIn(callback, input as typeof transaction))
      expect(error, reason).toMatchObject({ code: 'ERR_EID_TRANSACTION_INVALID', reason })
    }
    expect(fake.eid().requests('token')).toHaveLength(0)
  })
})

describe('completeSignIn: the ID token', () => {
  const tamper = (tampering: IdTokenTampering) => fake.eid().tamper.nextIdToken(tampering)

  it('R09: rejects a wrong or missing iss', async () => {
    tamper({ claims: { iss: 'https://evil.example' } })
    let s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'iss')
    tamper({ omit: ['iss'] })
    s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'iss')
  })

  it('R10: rejects a wrong aud, a missing aud, an array with an untrusted extra value, and a wrong azp', async () => {
    for (const [claims, omit] of [
      [{ aud: 'other-client' }, []],
      [{}, ['aud']],
      [{ aud: [CLIENT_ID, 'untrusted'], azp: CLIENT_ID }, []],
      [{ azp: 'other-client' }, []],
    ] as const) {
      tamper({ claims, omit: [...omit] })
      const s = await startSignIn()
      const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
      expect(error.code).toBe('ERR_EID_TOKEN_INVALID')
      expect(['aud', 'azp']).toContain((error as EidError & { check: string }).check)
    }
  })

  it('R10: accepts a one-element aud array with our client id', async () => {
    tamper({ claims: { aud: [CLIENT_ID] } })
    const s = await startSignIn()
    expect((await s.eid.completeSignIn(s.callback, s.transaction)).level).toBe(2)
  })

  it('R11: rejects a wrong, missing or reused nonce', async () => {
    tamper({ claims: { nonce: 'not-the-nonce-of-this-sign-in' } })
    let s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'nonce')
    tamper({ omit: ['nonce'] })
    s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'nonce')
    // Reuse: the nonce of an earlier, completed sign-in.
    const earlier = await startSignIn()
    await earlier.eid.completeSignIn(earlier.callback, earlier.transaction)
    tamper({ claims: { nonce: earlier.transaction.nonce } })
    s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'nonce')
  })

  it('R12: rejects a missing or past exp and a missing or future iat; accepts iat within the tolerance', async () => {
    const now = Math.floor(Date.now() / 1000)
    const cases: [Record<string, unknown>, string[], string][] = [
      [{}, ['exp'], 'exp'],
      [{ exp: now - 120 }, [], 'exp'],
      [{}, ['iat'], 'iat'],
      [{ iat: now + 120 }, [], 'iat'],
    ]
    for (const [claims, omit, check] of cases) {
      tamper({ claims, omit })
      const s = await startSignIn()
      await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), check)
    }
    tamper({ claims: { iat: now + 20 } })
    const s = await startSignIn()
    expect((await s.eid.completeSignIn(s.callback, s.transaction)).level).toBe(2)
  })

  it('R13: rejects a missing sub, and a userinfo sub that differs from the ID token', async () => {
    tamper({ omit: ['sub'] })
    let s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'sub')
    fake.eid().tamper.nextResponse(
      'userinfo',
      editJson((claims) => ({ ...claims, sub: 'someone-else' })),
    )
    s = await startSignIn()
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error.code).toBe('ERR_EID_TOKEN_INVALID')
    expect(error).toMatchObject({ token: 'userinfo', check: 'sub' })
  })

  it('R15: rejects a signature altered by one bit, also on the token endpoint channel', async () => {
    tamper({ breakWith: 'bad_signature' })
    const s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'signature')
  })

  it('R16: rejects alg none in any spelling', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      tamper({ breakWith: 'alg_none', header: { alg } })
      const s = await startSignIn()
      await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'alg')
    }
  })

  it('R17: rejects an algorithm other than the pinned one', async () => {
    const other = await jose.generateKeyPair('ES384', { extractable: true })
    fake.eid().keys.add({ ...(await jose.exportJWK(other.publicKey)), kid: 'es384', alg: 'ES384' })
    const s = await startSignIn()
    const token = await new jose.SignJWT({
      iss: ISSUER,
      aud: CLIENT_ID,
      sub: fake.eid().subjectOf(CITIZEN.personalId),
      nonce: s.transaction.nonce,
      acr: '2',
    })
      .setProtectedHeader({ alg: 'ES384', kid: 'es384' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(other.privateKey)
    fake.eid().tamper.nextResponse(
      'token',
      editJson((body) => ({ ...body, id_token: token })),
    )
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'alg')
  })

  it('R18: rejects an HS256 token "signed" with the provider public key', async () => {
    tamper({ breakWith: 'hs256_public_key' })
    const s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'alg')
  })

  it('R21: rejects a token without kid when the JWKS has several keys', async () => {
    const extra = await jose.generateKeyPair('ES256', { extractable: true })
    fake.eid().keys.add({ ...(await jose.exportJWK(extra.publicKey)), kid: 'second', alg: 'ES256' })
    tamper({ breakWith: 'no_kid' })
    const s = await startSignIn()
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'key')
  })

  it('R21: rejects an RSA key under 2048 bits', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    fake
      .eid()
      .keys.add({ ...publicKey.export({ format: 'jwk' }), kid: 'rsa-short', alg: 'RS256', use: 'sig' })
    const s = await startSignIn({ idTokenSigningAlg: 'RS256' })
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const input = `${enc({ alg: 'RS256', kid: 'rsa-short' })}.${enc({ iss: ISSUER, aud: CLIENT_ID, sub: fake.eid().subjectOf(CITIZEN.personalId), nonce: s.transaction.nonce, acr: '2', iat: now, exp: now + 300 })}`
    const signature = nodeSign('sha256', Buffer.from(input), privateKey).toString('base64url')
    fake.eid().tamper.nextResponse(
      'token',
      editJson((body) => ({ ...body, id_token: `${input}.${signature}` })),
    )
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error.code).toBe('ERR_EID_TOKEN_INVALID')
    expect(['key', 'signature', 'format']).toContain((error as EidError & { check: string }).check)
  })

  it('R28: rejects a lower, missing or unknown acr with the required and actual level', async () => {
    for (const [acr, actual] of [
      ['1', 1],
      [undefined, undefined],
      ['urn:unknown:loa', undefined],
    ] as const) {
      tamper(acr === undefined ? { omit: ['acr'] } : { claims: { acr } })
      const s = await startSignIn()
      const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
      expect(error).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual })
    }
  })

  it('R28: a level-1 requirement is satisfied by level 2, and the level achieved is reported', async () => {
    const s = await startSignIn({}, { level: 1 })
    expect((await s.eid.completeSignIn(s.callback, s.transaction)).level).toBe(2)
  })

  it('R29: with max_age, rejects a missing or too old auth_time', async () => {
    tamper({ omit: ['auth_time'] })
    let s = await startSignIn({}, { maxAge: 60 })
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'auth_time')
    tamper({ claims: { auth_time: Math.floor(Date.now() / 1000) - 3600 } })
    s = await startSignIn({}, { maxAge: 60 })
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'auth_time')
    expect(s.url).not.toContain('max_age') // PAR: max_age travels in the pushed request
    expect(fake.eid().requests('par').at(-1)?.form?.get('max_age')).toBe('60')
  })

  it('R38: a signing key rotated just before signing is picked up with one JWKS re-fetch', async () => {
    const eid = await fake.client()
    let s = await eid.signIn({ attributes: [] as const, identity: false })
    await eid.completeSignIn(await fake.eid().authorize(s.url), s.transaction)
    const before = fake.eid().requests('jwks').length
    fake.eid().keys.rotate()
    // oauth4webapi re-fetches on an unknown kid only when its cache is at least 60 s old. The kit reads the
    // same Date.now, so the whole second sign-in happens 61 s later for both sides.
    const realNow = Date.now
    Date.now = () => realNow() + 61_000
    try {
      s = await eid.signIn({ attributes: [] as const, identity: false })
      const result = await eid.completeSignIn(await fake.eid().authorize(s.url), s.transaction)
      expect(result.level).toBe(2)
    } finally {
      Date.now = realNow
    }
    expect(fake.eid().requests('jwks')).toHaveLength(before + 1)
  })

  it('R38: an unknown kid within 60 s of the last JWKS fetch is refused rather than re-fetched', async () => {
    const eid = await fake.client()
    let s = await eid.signIn({ attributes: [] as const, identity: false })
    await eid.completeSignIn(await fake.eid().authorize(s.url), s.transaction)
    const before = fake.eid().requests('jwks').length
    fake.eid().keys.rotate()
    s = await eid.signIn({ attributes: [] as const, identity: false })
    await expectTokenRejected(eid.completeSignIn(await fake.eid().authorize(s.url), s.transaction), 'key')
    expect(fake.eid().requests('jwks')).toHaveLength(before)
  })
})

describe('completeSignIn: encrypted ID tokens (JWE)', () => {
  async function encryptionSetup() {
    const keys = await jose.generateKeyPair('ECDH-ES+A256KW', { extractable: true })
    const privateJwk = {
      ...(await jose.exportJWK(keys.privateKey)),
      kid: 'enc-1',
      alg: 'ECDH-ES+A256KW',
      use: 'enc',
    }
    const publicJwk = { ...(await jose.exportJWK(keys.publicKey)), kid: 'enc-1', use: 'enc' }
    return { privateJwk, publicJwk }
  }

  it('decrypts an encrypted ID token and userinfo, and keeps the inner signed token for id_token_hint', async () => {
    const { privateJwk, publicJwk } = await encryptionSetup()
    fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW', userinfo: true })
    const s = await startSignIn({ decryptionJwks: [privateJwk] })
    const result = await s.eid.completeSignIn(s.callback, s.transaction)
    expect(result.attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
    expect(result.tokens.idToken.split('.')).toHaveLength(3)
  })

  it('R23: rejects a plain JWS when encryption is registered', async () => {
    const { privateJwk } = await encryptionSetup()
    const s = await startSignIn({ decryptionJwks: [privateJwk] })
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'encryption')
  })

  it('R23: rejects a plain userinfo when encryption is registered', async () => {
    const { privateJwk, publicJwk } = await encryptionSetup()
    fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW' })
    const s = await startSignIn({ decryptionJwks: [privateJwk] })
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'userinfo', check: 'encryption' })
  })

  it('requireEncrypted: { userinfo: false } signs in with encrypted ID tokens and a plain userinfo (#15)', async () => {
    const { privateJwk, publicJwk } = await encryptionSetup()
    fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW' })
    const s = await startSignIn({ decryptionJwks: [privateJwk], requireEncrypted: { userinfo: false } })
    const result = await s.eid.completeSignIn(s.callback, s.transaction)
    expect(result.attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
    expect(result.citizen?.personalId).toBe(CITIZEN.personalId)
    // An encrypted userinfo is still read, its signature checked against the algorithms the provider lists.
    fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW', userinfo: true })
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson((doc) => ({ ...doc, userinfo_signing_alg_values_supported: ['ES256'] })),
    )
    const again = await startSignIn({ decryptionJwks: [privateJwk], requireEncrypted: { userinfo: false } })
    const second = await again.eid.completeSignIn(again.callback, again.transaction)
    expect(second.attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
  })

  it('by default a plain userinfo is refused with a message naming requireEncrypted', async () => {
    const { privateJwk, publicJwk } = await encryptionSetup()
    fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW' })
    const s = await startSignIn({ decryptionJwks: [privateJwk] })
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error).toMatchObject({ token: 'userinfo', check: 'encryption' })
    expect(error.message).toContain('requireEncrypted: { userinfo: false }')
  })

  it('requireEncrypted: { idToken: false } accepts a plain ID token, still requiring an encrypted userinfo', async () => {
    const { privateJwk } = await encryptionSetup()
    const s = await startSignIn({ decryptionJwks: [privateJwk], requireEncrypted: { idToken: false } })
    // The provider encrypts nothing: the ID token passes, the plain userinfo does not.
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'userinfo', check: 'encryption' })
    const both = await startSignIn({
      decryptionJwks: [privateJwk],
      requireEncrypted: { idToken: false, userinfo: false },
    })
    expect((await both.eid.completeSignIn(both.callback, both.transaction)).level).toBe(2)
  })

  it('requireEncrypted without decryptionJwks is a configuration error naming the field', async () => {
    const error = await eidRejection(fake.client({ requireEncrypted: { userinfo: true } }))
    expect(error.code).toBe('ERR_EID_CONFIG')
    expect(error.message).toContain('requireEncrypted.userinfo')
    const typo = await eidRejection(fake.client({ requireEncrypted: { userInfo: false } }))
    expect(typo.code).toBe('ERR_EID_CONFIG')
  })

  it('R24: rejects a JWE using RSA1_5, and refuses RSA1_5 decryption keys in the options', async () => {
    const rsa = await jose.generateKeyPair('RSA-OAEP-256', { extractable: true })
    const privateJwk = { ...(await jose.exportJWK(rsa.privateKey)), kid: 'rsa-enc', alg: 'RSA-OAEP-256' }
    fake.eid().keys.encryptTo({ kid: 'rsa-enc' }, { alg: 'RSA1_5' })
    const s = await startSignIn({ decryptionJwks: [privateJwk] })
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error.code).toBe('ERR_EID_TOKEN_INVALID')
    const config = await eidRejection(fake.client({ decryptionJwks: [{ ...privateJwk, alg: 'RSA1_5' }] }))
    expect(config.code).toBe('ERR_EID_CONFIG')
  })

  it('R27: rejects a JWE whose inner token is unsigned or badly signed', async () => {
    const { privateJwk, publicJwk } = await encryptionSetup()
    for (const breakWith of ['alg_none', 'bad_signature'] as const) {
      fake.eid().keys.encryptTo(publicJwk, { alg: 'ECDH-ES+A256KW', userinfo: true })
      fake.eid().tamper.nextIdToken({ breakWith })
      const s = await startSignIn({ decryptionJwks: [privateJwk] })
      const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
      expect(error.code, breakWith).toBe('ERR_EID_TOKEN_INVALID')
      expect(['alg', 'signature']).toContain((error as EidError & { check: string }).check)
    }
  })
})

describe('completeSignIn: the token response', () => {
  it('R33: accepts token_type in any case and a missing expires_in', async () => {
    for (const type of ['bearer', 'BEARER']) {
      fake.eid().tamper.nextResponse(
        'token',
        editJson(({ expires_in: _, ...rest }) => ({ ...rest, token_type: type })),
      )
      const s = await startSignIn()
      const result = await s.eid.completeSignIn(s.callback, s.transaction)
      expect(result.tokens.tokenType).toBe('Bearer')
      expect(result.tokens.expiresAt).toBeUndefined()
    }
  })

  it('R33: rejects an error body with status 200, a body that is not JSON, and HTML', async () => {
    const bodies = [
      () => HttpResponse.json({ error: 'invalid_grant' }, { status: 200 }),
      () => new HttpResponse('access_token=abc', { headers: { 'content-type': 'text/plain' } }),
      () => HttpResponse.html('<html><body>Bad gateway</body></html>', { status: 502 }),
    ]
    for (const body of bodies) {
      fake.eid().tamper.nextResponse('token', body)
      const s = await startSignIn()
      const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
      expect(['ERR_EID_RESPONSE_INVALID', 'ERR_EID_PROVIDER']).toContain(error.code)
      expect(error.message).not.toContain('<html>')
    }
  })
})

describe('completeSignIn: DPoP', () => {
  it('binds tokens with DPoP: PAR and the token request carry proofs, tokens keep the key', async () => {
    const s = await startSignIn({ dpop: true })
    const result = await s.eid.completeSignIn(s.callback, s.transaction)
    expect(result.tokens.tokenType).toBe('DPoP')
    expect(result.tokens.dpopJwk?.d).toBeTypeOf('string')
    const [token] = fake.eid().requests('token')
    const proof = jose.decodeProtectedHeader(token?.headers.get('dpop') ?? '')
    expect(proof.typ).toBe('dpop+jwt')
    expect(proof.jwk).not.toHaveProperty('d')
    expect(fake.eid().requests('par')[0]?.headers.has('dpop')).toBe(true)
  })

  it('R34: rejects token_type Bearer when DPoP was required', async () => {
    fake.eid().tamper.nextResponse(
      'token',
      editJson((body) => ({ ...body, token_type: 'Bearer' })),
    )
    const s = await startSignIn({ dpop: true })
    await expectTokenRejected(s.eid.completeSignIn(s.callback, s.transaction), 'token_type')
  })

  it('R35: retries once with the use_dpop_nonce nonce, and never loops', async () => {
    fake.eid().tamper.demandDpopNonce('nonce-from-provider')
    const s = await startSignIn({ dpop: true })
    const result = await s.eid.completeSignIn(s.callback, s.transaction)
    expect(result.tokens.tokenType).toBe('DPoP')
    expect(fake.eid().requests('token')).toHaveLength(2)
  })

  it('R35: a provider that demands a new nonce every time gets exactly one retry, then a typed error', async () => {
    fake.eid().tamper.demandDpopNonce('first', { renewEachTime: true })
    const s = await startSignIn({ dpop: true })
    const error = await eidRejection(s.eid.completeSignIn(s.callback, s.transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'use_dpop_nonce' })
    expect(fake.eid().requests('token')).toHaveLength(2)
  })
})
