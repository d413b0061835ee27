import { createCipheriv, createDecipheriv, createHash } from 'node:crypto'

/**
 * Account ids: the citizen's `sub` for clients with public subjects. Opaque (it must not be the personal
 * ID number, which is personal data and would leak through `sub` even when identity was not shared),
 * stable for a seed across restarts and processes, and reversible without storage: the 12-digit number,
 * padded to one AES block and encrypted with a key derived from the population seed.
 */
export class AccountIds {
  readonly #key: Buffer

  constructor(seed: string) {
    this.#key = createHash('sha256').update(`dinhdanh:account-id:${seed}`).digest()
  }

  /** The account id of a personal ID number. */
  of(personalId: string): string {
    const cipher = createCipheriv('aes-256-ecb', this.#key, null)
    cipher.setAutoPadding(false)
    const block = Buffer.from(personalId.padEnd(16, '#'), 'latin1')
    return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url')
  }

  /** The personal ID number behind an account id, or `undefined` for anything else. */
  personalIdOf(accountId: string): string | undefined {
    if (!/^[\w-]{22}$/.test(accountId)) return undefined
    const decipher = createDecipheriv('aes-256-ecb', this.#key, null)
    decipher.setAutoPadding(false)
    const plain = Buffer.concat([
      decipher.update(Buffer.from(accountId, 'base64url')),
      decipher.final(),
    ]).toString('latin1')
    return /^\d{12}####$/.test(plain) ? plain.slice(0, 12) : undefined
  }
}
