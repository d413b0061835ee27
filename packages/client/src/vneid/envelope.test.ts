import { constants, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  NEEDS_NODE_22,
  OTHER_KEYS,
  pkcs1Supported,
  RP_KEYS,
  RP_PRIVATE_PEM,
} from '../../test-support/mock-vneid.js'
import { EidConfigError } from '../errors/config-error.js'
import { EidUnsupportedError } from '../errors/other-errors.js'
import {
  decryptWithWrappedKey,
  encryptVneidCode,
  isVneidEnvelope,
  openVneidEnvelope,
  sealVneidEnvelope,
  UnopenableError,
} from './envelope.js'
import { assertPkcs1DecryptionSupported, importEnvelopeKey } from './envelope-key.js'

describe('importEnvelopeKey', () => {
  it('imports an RSA private key from PEM (PKCS#8 and PKCS#1) and from a JWK', () => {
    expect(importEnvelopeKey(RP_PRIVATE_PEM).type).toBe('private')
    const pkcs1 = RP_KEYS.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    expect(importEnvelopeKey(pkcs1).asymmetricKeyType).toBe('rsa')
    const jwk = RP_KEYS.privateKey.export({ format: 'jwk' })
    expect(importEnvelopeKey({ ...jwk, kty: 'RSA' }).type).toBe('private')
  })

  it('refuses a public-only key (PEM or JWK without "d") without echoing it', () => {
    const publicPem = RP_KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const publicJwk = RP_KEYS.publicKey.export({ format: 'jwk' })
    for (const input of [publicPem, { ...publicJwk, kty: 'RSA' }]) {
      const error = catchError(() => importEnvelopeKey(input))
      expect(error).toBeInstanceOf(EidConfigError)
      expect((error as EidConfigError).issues[0]?.path).toBe('envelopeKey')
      expect((error as EidConfigError).message).toMatch(/PRIVATE key/)
      expect((error as EidConfigError).message).not.toContain(String(publicJwk.n).slice(0, 20))
    }
  })

  it('refuses a non-RSA key and an RSA key under 2048 bits', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    })
    expect(catchError(() => importEnvelopeKey(ec.toString()))).toMatchObject({
      code: 'ERR_EID_CONFIG',
      message: expect.stringMatching(/expected an RSA private key.*got a ec key/),
    })
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    })
    expect(catchError(() => importEnvelopeKey(small.toString()))).toMatchObject({
      code: 'ERR_EID_CONFIG',
      message: expect.stringMatching(/at least 2048 bits, got 1024/),
    })
  })
})

describe('assertPkcs1DecryptionSupported', () => {
  it.runIf(!pkcs1Supported)(
    'on Node 20 (no PKCS#1 v1.5 decryption) refuses with ERR_EID_UNSUPPORTED that says to use Node 22 or later',
    () => {
      const error = catchError(() => assertPkcs1DecryptionSupported(RP_KEYS.privateKey))
      expect(error).toBeInstanceOf(EidUnsupportedError)
      expect((error as EidUnsupportedError).code).toBe('ERR_EID_UNSUPPORTED')
      expect((error as EidUnsupportedError).message).toMatch(/Node\.js 22 or later/)
      expect((error as EidUnsupportedError).message).toMatch(/CVE-2023-46809/)
    },
  )

  it.skipIf(!pkcs1Supported)(`passes on a runtime that decrypts PKCS#1 v1.5 ${NEEDS_NODE_22}`, () => {
    expect(() => assertPkcs1DecryptionSupported(RP_KEYS.privateKey)).not.toThrow()
  })
})

describe('sealing (provider side, works on every Node)', () => {
  it('produces base64 data and a key as long as the RSA modulus', () => {
    const envelope = sealVneidEnvelope(RP_KEYS.publicKey, { a: 1 })
    expect(isVneidEnvelope(envelope)).toBe(true)
    expect(Buffer.from(envelope.key, 'base64')).toHaveLength(256)
    // 7 bytes of JSON pad to one AES block; CBC adds the IV in front.
    expect(Buffer.from(envelope.data, 'base64')).toHaveLength(16)
    expect(
      Buffer.from(sealVneidEnvelope(RP_KEYS.publicKey, { a: 1 }, { mode: 'cbc' }).data, 'base64'),
    ).toHaveLength(32)
  })

  it('accepts the recipient as a KeyObject, a PEM, a JWK or the private key', () => {
    const pem = RP_KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const jwk = { ...RP_KEYS.publicKey.export({ format: 'jwk' }), kty: 'RSA' }
    for (const recipient of [RP_KEYS.publicKey, pem, jwk, RP_KEYS.privateKey]) {
      expect(encryptVneidCode(recipient, 'abc').encryptKey).toMatch(/^[A-Za-z0-9+/]+=*$/)
    }
  })

  it('isVneidEnvelope wants string data and key', () => {
    expect(isVneidEnvelope({ data: 'x', key: 'y' })).toBe(true)
    expect(isVneidEnvelope({ data: { a: 1 }, key: 'y' })).toBe(false)
    expect(isVneidEnvelope({ access_token: 'x' })).toBe(false)
    expect(isVneidEnvelope(null)).toBe(false)
  })
})

describe('opening', () => {
  it('rejects what is not strict base64 before any RSA work, with the one error', () => {
    for (const [key, data] of [
      ['a b', 'AAAA'],
      ['AAAA', 'a b'],
      ['AAAAA', 'AAAA'],
      ['', 'AAAA'],
    ] as const) {
      expect(() => decryptWithWrappedKey(RP_KEYS.privateKey, key, data, 'ecb')).toThrow(UnopenableError)
    }
  })

  it.skipIf(!pkcs1Supported)(`opens what it sealed: AES-128/192/256, ECB and CBC ${NEEDS_NODE_22}`, () => {
    for (const keyBytes of [16, 24, 32] as const) {
      for (const mode of ['ecb', 'cbc'] as const) {
        const body = { citizenPid: '001090012345', fullName: 'Nguyễn Văn An', n: keyBytes }
        const envelope = sealVneidEnvelope(RP_KEYS.publicKey, body, { keyBytes, mode })
        expect(openVneidEnvelope(RP_KEYS.privateKey, envelope, mode)).toEqual(body)
      }
    }
    const { code, encryptKey } = encryptVneidCode(RP_KEYS.publicKey, 'the-code')
    expect(decryptWithWrappedKey(RP_KEYS.privateKey, encryptKey, code, 'ecb').toString()).toBe('the-code')
  })

  it.skipIf(!pkcs1Supported)(
    `every failure is the same UnopenableError: wrong key, random key, bad AES block, wrong mode, bad padding, bad JSON, a non-object ${NEEDS_NODE_22}`,
    () => {
      const sealed = sealVneidEnvelope(RP_KEYS.publicKey, { a: 1 })
      const wrap = (bytes: Buffer) =>
        publicEncrypt({ key: RP_KEYS.publicKey, padding: constants.RSA_PKCS1_PADDING }, bytes).toString(
          'base64',
        )
      const aesKey = randomBytes(32)
      const cases: [string, () => unknown][] = [
        [
          'for another key',
          () =>
            openVneidEnvelope(RP_KEYS.privateKey, sealVneidEnvelope(OTHER_KEYS.publicKey, { a: 1 }), 'ecb'),
        ],
        [
          'random wrapped key',
          () =>
            openVneidEnvelope(
              RP_KEYS.privateKey,
              { ...sealed, key: randomBytes(256).toString('base64') },
              'ecb',
            ),
        ],
        [
          'AES key of 20 bytes',
          () => openVneidEnvelope(RP_KEYS.privateKey, { ...sealed, key: wrap(randomBytes(20)) }, 'ecb'),
        ],
        [
          'not a whole AES block',
          () =>
            openVneidEnvelope(
              RP_KEYS.privateKey,
              { ...sealed, data: randomBytes(15).toString('base64') },
              'ecb',
            ),
        ],
        ['wrong mode', () => openVneidEnvelope(RP_KEYS.privateKey, sealed, 'cbc')],
        [
          'bad padding (other AES key)',
          () => openVneidEnvelope(RP_KEYS.privateKey, { ...sealed, key: wrap(aesKey) }, 'ecb'),
        ],
        [
          'CBC without a whole IV',
          () => decryptWithWrappedKey(RP_KEYS.privateKey, sealed.key, 'AAAA', 'cbc'),
        ],
        ['JSON array inside', () => openVneidEnvelope(RP_KEYS.privateKey, sealArray(), 'ecb')],
        ['not JSON inside', () => openVneidEnvelope(RP_KEYS.privateKey, sealText('not json'), 'ecb')],
      ]
      for (const [name, run] of cases) {
        const error = catchError(run)
        expect(error, name).toBeInstanceOf(UnopenableError)
        expect((error as Error).message, name).toBe('the encrypted value does not open')
        expect((error as Error).cause, name).toBeUndefined()
      }
    },
  )
})

/** An envelope whose plaintext is a JSON array. */
function sealArray() {
  return sealText('[1,2]')
}

/** An envelope around arbitrary text, built the provider's way by hand. */
function sealText(text: string) {
  const { code, encryptKey } = encryptVneidCode(createPublicKey(RP_KEYS.privateKey), text)
  return { data: code, key: encryptKey }
}

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
