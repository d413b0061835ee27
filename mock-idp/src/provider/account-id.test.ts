import { createCipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AccountIds } from './account-id.js'

// The ids of a seed are part of the mock's contract (a relying party keeps `sub` across restarts), so the
// reused cipher must give exactly what a fresh one per call gave: computed here the old way, independently.
function onceOf(seed: string, personalId: string): string {
  const key = createHash('sha256').update(`dinhdanh:account-id:${seed}`).digest()
  const cipher = createCipheriv('aes-256-ecb', key, null)
  cipher.setAutoPadding(false)
  const block = Buffer.from(personalId.padEnd(16, '#'), 'latin1')
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url')
}

describe('AccountIds', () => {
  const ids = new AccountIds('seed-1')
  const numbers = ['001090001234', '079203000045', '000000000000', '999999999999']

  it('gives, call after call on one instance, the ids a fresh cipher per call gives', () => {
    for (let round = 0; round < 3; round++) {
      for (const n of numbers) expect(ids.of(n)).toBe(onceOf('seed-1', n))
    }
  })

  it('reads the number back, interleaved with encryptions and refusals, with nothing left buffered', () => {
    for (const n of numbers) {
      const id = ids.of(n)
      expect(id).toMatch(/^[\w-]{22}$/)
      expect(ids.personalIdOf(id)).toBe(n)
      expect(ids.personalIdOf('A'.repeat(22))).toBeUndefined()
      expect(ids.personalIdOf(id)).toBe(n)
    }
  })

  it('refuses what is not an id of this seed', () => {
    const other = new AccountIds('seed-2')
    expect(other.of('001090001234')).not.toBe(ids.of('001090001234'))
    expect(ids.personalIdOf(other.of('001090001234'))).toBeUndefined()
    for (const bad of ['', 'short', `${ids.of('001090001234')}x`, '!'.repeat(22), '001090001234']) {
      expect(ids.personalIdOf(bad)).toBeUndefined()
    }
  })

  it('has one spelling per account: the other spellings of its last character are refused', () => {
    const id = ids.of('001090001234')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // The last character carries 2 bits of the block and 4 that Node ignores: 16 characters decode the same.
    const sameBlock = [...alphabet]
      .map((last) => `${id.slice(0, 21)}${last}`)
      .filter((spelling) => Buffer.from(spelling, 'base64url').equals(Buffer.from(id, 'base64url')))
    expect(sameBlock).toHaveLength(16)
    expect(sameBlock.filter((spelling) => ids.personalIdOf(spelling) !== undefined)).toEqual([id])
    expect(ids.personalIdOf(id)).toBe('001090001234')
  })

  it('is given only 12-digit numbers', () => {
    expect(() => ids.of('12345')).toThrow(TypeError)
    expect(() => ids.of('0010900012345678')).toThrow(TypeError)
  })
})
