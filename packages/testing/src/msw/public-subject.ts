import { createCipheriv, createHash } from 'node:crypto'
import { DEFAULT_SEED } from '../population/citizen-for.js'

/**
 * The public `sub` of a citizen, exactly as the mock provider derives it (mock-idp
 * src/provider/account-id.ts): the 12-digit number padded with `#` to one AES block, encrypted with
 * AES-256-ECB under sha256('dinhdanh:account-id:' + seed), base64url. Opaque (never the ID number,
 * which is personal data), stable for a seed, the same in the msw kit and the mock provider.
 *
 * @example
 * ```ts
 * publicSubject('001090001234') // a 22-character base64url string, the same on every run
 * ```
 */
export function publicSubject(personalId: string, seed: string = DEFAULT_SEED): string {
  if (!/^\d{12}$/.test(personalId)) throw new RangeError('expected a 12-digit personal ID number')
  const key = createHash('sha256').update(`dinhdanh:account-id:${seed}`).digest()
  const cipher = createCipheriv('aes-256-ecb', key, null)
  cipher.setAutoPadding(false)
  const block = Buffer.from(personalId.padEnd(16, '#'), 'latin1')
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url')
}
