import { describe, expect, it } from 'vitest'
import { testStorage } from './conformance.js'
import { createMemoryStorage } from './memory-storage.js'

testStorage('memory', async () => {
  let now = Date.now()
  return { storage: createMemoryStorage({ clock: () => now }), advanceTime: (ms) => (now += ms) }
})

describe('createMemoryStorage', () => {
  it('keeps nothing between instances', async () => {
    const first = createMemoryStorage()
    const second = createMemoryStorage()
    await first.set('ns', 'k', 1)
    expect(await second.get('ns', 'k')).toBeUndefined()
    expect(first.kind).toBe('memory')
    await Promise.all([first.close(), second.close()])
  })

  it('sweeps expired entries on its timer', async () => {
    let now = Date.now()
    const storage = createMemoryStorage({ clock: () => now, purgeIntervalMs: 10 })
    await storage.set('ns', 'k', 1, { ttlSec: 1 })
    now += 1_001
    await new Promise((resolve) => setTimeout(resolve, 30))
    now -= 1_001
    // Had the sweep not run, moving the clock back would make the entry live again.
    expect(await storage.get('ns', 'k')).toBeUndefined()
    await storage.close()
  })
})
