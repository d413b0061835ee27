import { describe, expect, it } from 'vitest'
import { applyClaimed, MemoryReplayGuard } from './replay-guard.js'
import { UsedTransactions } from './transaction.js'

describe('MemoryReplayGuard', () => {
  it('refuses an id seen before until it expires', async () => {
    let now = 1000
    const guard = new MemoryReplayGuard({ now: () => now })
    expect(await guard.claim('a', 60)).toBe(true)
    expect(await guard.claim('a', 60)).toBe(false)
    now += 61
    expect(await guard.claim('a', 60)).toBe(true)
  })

  it('stays bounded: expired entries go first, then the oldest live ones', async () => {
    let now = 1000
    const guard = new MemoryReplayGuard({ max: 3, now: () => now })
    await guard.claim('expired', 1)
    await guard.claim('b', 600)
    await guard.claim('c', 600)
    now += 10
    expect(await guard.claim('d', 600)).toBe(true) // evicts 'expired'
    expect(await guard.claim('b', 600)).toBe(false) // still remembered
    expect(await guard.claim('e', 600)).toBe(true) // full of live entries: evicts the oldest ('b')
    expect(await guard.claim('b', 600)).toBe(true)
  })
})

describe('UsedTransactions', () => {
  it('claims a state once, and stays bounded', () => {
    const used = new UsedTransactions(2)
    expect(used.claim('s1', 2000, 1000)).toBe(true)
    expect(used.claim('s1', 2000, 1000)).toBe(false)
    expect(used.claim('s2', 1001, 1000)).toBe(true)
    expect(used.claim('s3', 2000, 1500)).toBe(true) // sweeps the expired s2
    expect(used.claim('s1', 2000, 1500)).toBe(false)
    expect(used.claim('s4', 2000, 1500)).toBe(true) // evicts the oldest live entry (s1)
    expect(used.claim('s1', 2000, 1500)).toBe(true)
  })
})

describe('MemoryReplayGuard.release and applyClaimed', () => {
  it('release forgets a claimed id', async () => {
    const guard = new MemoryReplayGuard()
    expect(await guard.claim('a', 60)).toBe(true)
    await guard.release('a')
    expect(await guard.claim('a', 60)).toBe(true)
    expect(await guard.claim('a', 60)).toBe(false)
  })

  it('applyClaimed keeps the id when apply succeeds and releases it when apply throws', async () => {
    const guard = new MemoryReplayGuard()
    await guard.claim('ok', 60)
    await expect(applyClaimed(guard, 'ok', 1, { apply: () => undefined })).resolves.toBe(1)
    expect(await guard.claim('ok', 60)).toBe(false)
    await guard.claim('down', 60)
    const down = new Error('store down')
    await expect(
      applyClaimed(guard, 'down', 1, {
        apply: async () => {
          throw down
        },
      }),
    ).rejects.toBe(down)
    expect(await guard.claim('down', 60)).toBe(true)
  })
})
