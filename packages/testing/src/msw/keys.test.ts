import { generateKeyPairSync } from 'node:crypto'
import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mswTestFixture } from './msw-test-fixture.js'

const ISSUER = 'https://eid-keys.test'
const kit = await mswTestFixture({ issuer: ISSUER })
const { eid, privateJwk, signIn } = kit

describe('keys.rotate and keys.add', () => {
  it('rotates: a new kid in the same jwks object, the old key gone, the next token signed with the new one', async () => {
    const jwks = eid.jwks
    const before = jwks.keys.map((key) => key.kid)
    eid.keys.rotate()
    expect(eid.jwks).toBe(jwks)
    expect(jwks.keys).toHaveLength(1)
    expect(before).not.toContain(jwks.keys[0]?.kid)
    const result = await signIn({ client: await kit.newClient() })
    expect(decodeProtectedHeader(result.tokens.idToken).kid).toBe(jwks.keys[0]?.kid)
  })

  it('publishes extra public keys, which the JWKS endpoint serves, and refuses a private one', async () => {
    const extra = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'second' }
    eid.keys.add(extra)
    const served = (await (await fetch(`${ISSUER}/jwks`)).json()) as { keys: JWK[] }
    expect(served.keys.map((key) => key.kid)).toContain('second')
    expect(() => eid.keys.add(privateJwk as JWK)).toThrow(TypeError)
  })
})

describe('keys.sign', () => {
  const claims = () => ({
    iss: ISSUER,
    aud: 'shop',
    iat: Math.floor(Date.now() / 1000),
    jti: crypto.randomUUID(),
    sub: 'someone',
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
  })

  it('signs any payload with the kit key and the header asked for', async () => {
    const jwt = await eid.keys.sign(claims(), { header: { typ: 'logout+jwt' } })
    await expect(kit.client.verifyLogoutToken(jwt)).resolves.toEqual({ sub: 'someone' })
  })

  it('breaks a token in each documented way', async () => {
    for (const [breakWith, check, header] of [
      ['bad_signature', 'signature', {}],
      ['alg_none', 'alg', { alg: 'None' }],
      ['hs256_public_key', 'alg', {}],
      ['unknown_key', 'signature', {}],
      ['unknown_key', 'key', { kid: 'attacker-1' }],
    ] as const) {
      const jwt = await eid.keys.sign(claims(), { breakWith, header: { typ: 'logout+jwt', ...header } })
      await expect(kit.client.verifyLogoutToken(jwt), breakWith).rejects.toMatchObject({ check })
    }
  })

  it('no_kid: refused once the JWKS holds two keys', async () => {
    const jwt = await eid.keys.sign(claims(), { breakWith: 'no_kid', header: { typ: 'logout+jwt' } })
    expect(decodeProtectedHeader(jwt).kid).toBeUndefined()
    eid.keys.add({ ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'other' })
    const fresh = await kit.newClient()
    await expect(fresh.verifyLogoutToken(jwt)).rejects.toMatchObject({ check: 'key' })
  })
})

describe('keys.encryptTo', () => {
  it('encrypts ID tokens and userinfo to the client key, then stops', async () => {
    const pair = await generateKeyPair('ECDH-ES+A256KW', { extractable: true })
    const encPublic = { ...(await exportJWK(pair.publicKey)), kid: 'enc-1', use: 'enc' }
    const encPrivate = {
      ...(await exportJWK(pair.privateKey)),
      kid: 'enc-1',
      alg: 'ECDH-ES+A256KW',
      use: 'enc',
    }
    eid.keys.encryptTo(encPublic, { alg: 'ECDH-ES+A256KW', userinfo: true })
    const encrypted = await kit.newClient({ decryptionJwks: [encPrivate] })
    const result = await signIn({ client: encrypted })
    expect(result.attributes.ageOver18).toBe(true)
    eid.keys.encryptTo(undefined)
    await expect(signIn({ client: encrypted })).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
      check: 'encryption',
    })
  })

  it('RSA1_5: a well-formed header over random bytes, refused by the client', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    eid.keys.encryptTo({ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'rsa-enc' }, { alg: 'RSA1_5' })
    eid.tamper.nextResponse('token', async (original) => {
      const body = (await original.json()) as { id_token: string }
      expect(decodeProtectedHeader(body.id_token)).toMatchObject({
        alg: 'RSA1_5',
        kid: 'rsa-enc',
        cty: 'JWT',
      })
      await expect(
        compactDecrypt(body.id_token, (await generateKeyPair('RSA-OAEP')).privateKey),
      ).rejects.toThrow()
      return Response.json(body)
    })
    eid.signInAs(personas.level2Adult)
    const { url, transaction } = await kit.client.signIn({ level: 2 })
    await expect(kit.client.completeSignIn(await eid.authorize(url), transaction)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
    })
    eid.keys.encryptTo(undefined)
  })

  it('refuses a private key', () => {
    expect(() => eid.keys.encryptTo(privateJwk as JWK)).toThrow(TypeError)
  })
})

describe('eid.reset()', () => {
  it('restores the keys: the original JWKS, signing with the original key, no encryptTo', async () => {
    const original = structuredClone(eid.jwks.keys)
    const [{ kid: originalKid } = {}] = original
    // The earlier tests rotated, added and encrypted: afterEach's reset() undid it all.
    expect(original.map((key) => key.kid)).toEqual(['mock-eid-es256'])
    const pair = await generateKeyPair('ECDH-ES+A256KW', { extractable: true })
    eid.keys.add({ ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'hostile' })
    eid.keys.encryptTo({ ...(await exportJWK(pair.publicKey)), kid: 'enc-1' }, { userinfo: true })
    eid.keys.rotate()
    expect(eid.jwks.keys.map((key) => key.kid)).not.toContain(originalKid)

    const jwks = eid.jwks
    eid.reset()
    expect(eid.jwks).toBe(jwks)
    expect(eid.jwks.keys).toEqual(original)
    expect(await (await fetch(`${ISSUER}/jwks`)).json()).toEqual({ keys: original })
    const signed = await eid.keys.sign({ a: 1 })
    expect(decodeProtectedHeader(signed).kid).toBe(originalKid)
    // A client without decryption keys signs in: the ID token is a plain JWS under the original kid.
    const result = await signIn({ client: await kit.newClient() })
    expect(result.tokens.idToken.split('.')).toHaveLength(3)
    expect(decodeProtectedHeader(result.tokens.idToken).kid).toBe(originalKid)
    expect(result.attributes.ageOver18).toBe(true)
  })
})
