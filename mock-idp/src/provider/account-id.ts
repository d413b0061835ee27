import { type Cipher, createCipheriv, createDecipheriv, createHash, type Decipher } from 'node:crypto'

/**
 * Account ids: the citizen's `sub` for clients with public subjects. Opaque (it must not be the personal
 * ID number, which is personal data and would leak through `sub` even when identity was not shared),
 * stable for a seed across restarts and processes, and reversible without storage: the 12-digit number,
 * padded to one AES block and encrypted with a key derived from the population seed.
 *
 * One sign-in reads its account id three times (authorization, token, userinfo), so the cipher and the
 * decipher are made once and reused: with padding off, ECB turns each 16-byte block into one block, and
 * `update` on exactly one block returns it whole, leaving nothing buffered for the next call.
 */
export class AccountIds {
  readonly #cipher: Cipher
  readonly #decipher: Decipher

  constructor(seed: string) {
    const key = createHash('sha256').update(`dinhdanh:account-id:${seed}`).digest()
    this.#cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false)
    this.#decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false)
  }

  /** The account id of a personal ID number. */
  of(personalId: string): string {
    if (!/^\d{12}$/.test(personalId))
      throw new TypeError('an account id is made of a 12-digit personal ID number')
    return this.#cipher.update(Buffer.from(`${personalId}####`, 'latin1')).toString('base64url')
  }

  /** The personal ID number behind an account id, or `undefined` for anything else. */
  personalIdOf(accountId: string): string | undefined {
    // 22 base64url characters are 16 bytes and a 4-bit remainder, which Node ignores: one block exactly.
    // The remainder must be zero, as `of` writes it, so each account has one spelling. (Only whole blocks
    // reach the shared decipher: a partial one would stay in it and spoil every later lookup.)
    if (!/^[\w-]{22}$/.test(accountId)) return undefined
    const block = Buffer.from(accountId, 'base64url')
    if (block.toString('base64url') !== accountId) return undefined
    const plain = this.#decipher.update(block).toString('latin1')
    return /^\d{12}####$/.test(plain) ? plain.slice(0, 12) : undefined
  }
}
