import { CompactEncrypt, decodeProtectedHeader, EncryptJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { MAX_SEALED_LENGTH, seal, unseal, unsealWithReason } from './seal.js'

const CURRENT = 'current-secret-0123456789abcdefghijklmnop'
const OLD = 'old-secret-0123456789abcdefghijklmnopqrstu'
const STRANGER = 'stranger-secret-0123456789abcdefghijklmno'
const session = { secrets: [CURRENT], purpose: 'session' } as const
const payload = { id: 'sess_123', record: { subject: 'a1b2', data: { fullName: 'Trần Văn Bình' } } }

const flipChar = (token: string, index: number) =>
  token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1)

describe('seal / unseal', () => {
  it('round-trips an object, as a compact JWE with alg dir, enc A256GCM and a kid', async () => {
    const token = await seal(payload, { ...session, ttlSec: 60 })
    expect(token.split('.')).toHaveLength(5)
    expect(token.split('.')[1]).toBe('') // `dir`: no encrypted key
    const header = decodeProtectedHeader(token)
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' })
    expect(header.kid).toMatch(/^[\w-]{16}$/)
    expect(token).not.toContain(CURRENT)
    expect(await unseal(token, session)).toEqual(payload)
  })

  it('keeps payload fields named like JWT claims apart from the real ones', async () => {
    const token = await seal({ exp: 1, iat: 'x', nbf: 'y' }, { ...session, ttlSec: 60 })
    expect(await unseal(token, session)).toEqual({ exp: 1, iat: 'x', nbf: 'y' })
  })

  it('seals the same payload differently every time (random IV)', async () => {
    const [a, b] = await Promise.all([
      seal(payload, { ...session, ttlSec: 60 }),
      seal(payload, { ...session, ttlSec: 60 }),
    ])
    expect(a).not.toBe(b)
  })

  describe('secret rotation', () => {
    it('opens a value sealed with an old secret while it is still in the array', async () => {
      const token = await seal(payload, { secrets: [OLD], purpose: 'session', ttlSec: 60 })
      expect(await unseal(token, { secrets: [CURRENT, OLD], purpose: 'session' })).toEqual(payload)
    })

    it('seals with the first secret', async () => {
      const token = await seal(payload, { secrets: [CURRENT, OLD], purpose: 'session', ttlSec: 60 })
      expect(await unseal(token, { secrets: [CURRENT], purpose: 'session' })).toEqual(payload)
      expect(await unsealWithReason(token, { secrets: [OLD], purpose: 'session' })).toEqual({
        ok: false,
        reason: 'unknown_key',
      })
    })

    it('refuses a value sealed with a secret once it is removed', async () => {
      const token = await seal(payload, { secrets: [OLD], purpose: 'session', ttlSec: 60 })
      expect(await unsealWithReason(token, session)).toEqual({ ok: false, reason: 'unknown_key' })
      expect(await unseal(token, session)).toBeUndefined()
    })
  })

  describe('refuses, without throwing', () => {
    it('a value sealed for another purpose (a transaction cookie is never a session)', async () => {
      const token = await seal(payload, { secrets: [CURRENT], purpose: 'transaction', ttlSec: 60 })
      expect(await unsealWithReason(token, session)).toEqual({ ok: false, reason: 'unknown_key' })
      expect(await unseal(token, { secrets: [CURRENT], purpose: 'transaction' })).toEqual(payload)
    })

    it('a value re-encrypted with a wrong secret', async () => {
      const token = await seal(payload, { secrets: [STRANGER], purpose: 'session', ttlSec: 60 })
      expect(await unsealWithReason(token, session)).toEqual({ ok: false, reason: 'unknown_key' })
    })

    it('a value re-encrypted with a wrong key under our kid (forged header)', async () => {
      const ours = decodeProtectedHeader(await seal(payload, { ...session, ttlSec: 60 }))
      const forged = await new EncryptJWT({ v: { id: 'attacker' } })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: ours.kid as string })
        .setIssuedAt()
        .setExpirationTime('1h')
        .encrypt(new Uint8Array(32).fill(7))
      expect(await unsealWithReason(forged, session)).toEqual({ ok: false, reason: 'tampered' })
    })

    it('a flipped character in the ciphertext, the tag, the IV or the header', async () => {
      const token = await seal(payload, { ...session, ttlSec: 60 })
      const parts = token.split('.')
      const startOf = (part: number) => parts.slice(0, part).join('.').length + (part > 0 ? 1 : 0)
      // Ciphertext, tag and IV are authenticated by AES-GCM: our kid, but the tag does not verify.
      for (const index of [startOf(3) + 5, startOf(4) + 3, startOf(2) + 2]) {
        expect(await unsealWithReason(flipChar(token, index), session)).toEqual({
          ok: false,
          reason: 'tampered',
        })
      }
      // The header is the additional authenticated data: whatever it decodes to, it never opens.
      for (let index = 0; index < startOf(1) - 1; index += 7) {
        expect((await unsealWithReason(flipChar(token, index), session)).ok).toBe(false)
      }
    })

    it('a truncated value', async () => {
      const token = await seal(payload, { ...session, ttlSec: 60 })
      for (const length of [
        0,
        10,
        token.indexOf('.'),
        token.lastIndexOf('.'),
        token.length - 1,
        token.length - 5,
      ]) {
        const result = await unsealWithReason(token.slice(0, length), session)
        expect(result.ok).toBe(false)
      }
      expect(await unsealWithReason(token.slice(0, token.lastIndexOf('.')), session)).toEqual({
        ok: false,
        reason: 'malformed',
      })
      // The tag cut short: still five parts, our kid, but not an intact AES-GCM tag.
      expect((await unsealWithReason(token.slice(0, -2), session)).ok).toBe(false)
    })

    it('an expired value (no clock tolerance)', async () => {
      let clock = Date.parse('2030-01-01T00:00:00Z')
      const now = () => clock
      const token = await seal(payload, { ...session, ttlSec: 60, now })
      clock += 59_000
      expect(await unseal(token, { ...session, now })).toEqual(payload)
      clock += 1_000
      expect(await unsealWithReason(token, { ...session, now })).toEqual({ ok: false, reason: 'expired' })
      const sealedLongAgo = await seal(payload, { ...session, ttlSec: 60, now: () => Date.now() - 61_000 })
      expect(await unsealWithReason(sealedLongAgo, session)).toEqual({ ok: false, reason: 'expired' })
    })

    it('garbage, other JOSE shapes and values over 64 KB', async () => {
      const key = new Uint8Array(32)
      const plainJws = 'eyJhbGciOiJub25lIn0.eyJ2Ijp7fX0.'
      const otherAlg = await new CompactEncrypt(new TextEncoder().encode('{}'))
        .setProtectedHeader({ alg: 'dir', enc: 'A128GCM', kid: 'x' })
        .encrypt(new Uint8Array(16))
      const noKid = await new EncryptJWT({ v: {} })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(key)
      const huge = `${(await seal(payload, { ...session, ttlSec: 60 })).slice(0, 100)}${'A'.repeat(MAX_SEALED_LENGTH)}`
      for (const token of ['', 'not-a-jwe', '....', plainJws, otherAlg, noKid, huge, 'a.b.c.d.e']) {
        expect(await unsealWithReason(token, session)).toEqual({ ok: false, reason: 'malformed' })
      }
      expect(await unseal(42 as unknown as string, session)).toBeUndefined()
    })

    it('a value whose payload is not an object', async () => {
      const encrypt = async (claims: Record<string, unknown>) => {
        const { kid } = decodeProtectedHeader(await seal({}, { ...session, ttlSec: 60 }))
        const { hkdfSync } = await import('node:crypto')
        const key = new Uint8Array(
          hkdfSync(
            'sha256',
            CURRENT,
            Buffer.from('dinhdanh/express sealed values v1'),
            'dinhdanh:session',
            32,
          ),
        )
        return new EncryptJWT(claims)
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: kid as string })
          .setIssuedAt()
          .setExpirationTime('1h')
          .encrypt(key)
      }
      expect(await unsealWithReason(await encrypt({ v: 'string' }), session)).toEqual({
        ok: false,
        reason: 'malformed',
      })
      expect(await unsealWithReason(await encrypt({}), session)).toEqual({ ok: false, reason: 'malformed' })
      // Sanity: the same helper with a proper payload opens, so the two refusals above are about the payload.
      expect(await unseal(await encrypt({ v: { fine: true } }), session)).toEqual({ fine: true })
    })
  })

  it('never logs, whatever it is given', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    )
    try {
      const token = await seal(payload, { ...session, ttlSec: 60 })
      for (const bad of [token.slice(0, -3), flipChar(token, token.length - 30), 'x', `${token}x`]) {
        await unseal(bad, session)
      }
      for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    } finally {
      for (const spy of spies) spy.mockRestore()
    }
  })

  describe('option checks', () => {
    it('throws a TypeError for a short secret, naming the problem but never the secret', async () => {
      const short = 'short-but-secret-value'
      for (const run of [
        () => seal(payload, { secrets: [short], purpose: 'session', ttlSec: 60 }),
        () => unseal('x', { secrets: [CURRENT, short], purpose: 'session' }),
      ]) {
        const error = await run().then(
          () => undefined,
          (caught: unknown) => caught,
        )
        expect(error).toBeInstanceOf(TypeError)
        expect((error as TypeError).message).toMatch(/at least 32 characters/)
        expect((error as TypeError).message).not.toContain(short)
      }
    })

    it('throws a TypeError for no secrets, an unknown purpose or a bad ttl', async () => {
      await expect(seal(payload, { secrets: [], purpose: 'session', ttlSec: 60 })).rejects.toThrow(TypeError)
      await expect(
        seal(payload, { secrets: [CURRENT], purpose: 'other' as 'session', ttlSec: 60 }),
      ).rejects.toThrow(TypeError)
      for (const ttlSec of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(seal(payload, { ...session, ttlSec })).rejects.toThrow(TypeError)
      }
    })
  })
})
