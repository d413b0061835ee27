import { describe, expect, it } from 'vitest'
import { createStorage } from './index.js'

describe('createStorage', () => {
  it('creates the storage the configuration names', async () => {
    const memory = createStorage({ kind: 'memory' })
    const sqlite = createStorage({ kind: 'sqlite', file: ':memory:' })
    expect([memory.kind, sqlite.kind]).toEqual(['memory', 'sqlite'])
    await sqlite.set('ns', 'k', 'Hà Nội')
    expect(await sqlite.get('ns', 'k')).toBe('Hà Nội')
    await Promise.all([memory.close(), sqlite.close()])
  })
})
