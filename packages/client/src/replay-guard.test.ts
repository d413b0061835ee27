import { describe, expect, it } from 'vitest'
import { applyOnce, MemoryReplayGuard, type ReplayGuard } from './replay-guard.js'
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

describe('MemoryReplayGuard.release and applyOnce', () => {
  it('release forgets a claimed id', async () => {
    const guard = new MemoryReplayGuard()
    expect(await guard.claim('a', 60)).toBe(true)
    await guard.release('a')
    expect(await guard.claim('a', 60)).toBe(true)
    expect(await guard.claim('a', 60)).toBe(false)
  })

  it('applyOnce keeps the id when apply succeeds and releases it when apply throws', async () => {
    const guard = new MemoryReplayGuard()
    await expect(applyOnce(guard, 'ok', 60, 1, { apply: () => undefined })).resolves.toBe(1)
    await expect(applyOnce(guard, 'ok', 60, 1, { apply: () => undefined })).resolves.toBeUndefined()
    const down = new Error('store down')
    const failing = { apply: async () => Promise.reject(down) }
    await expect(applyOnce(guard, 'down', 60, 1, failing)).rejects.toBe(down)
    expect(await guard.claim('down', 60)).toBe(true)
  })

  it('applyOnce without apply claims the id and refuses the next', async () => {
    const guard = new MemoryReplayGuard()
    await expect(applyOnce(guard, 'plain', 60, 'v', undefined)).resolves.toBe('v')
    await expect(applyOnce(guard, 'plain', 60, 'v', undefined)).resolves.toBeUndefined()
  })

  it('a duplicate does not claim while the first claim is still unanswered (a guard whose connections answer out of order)', async () => {
    const memory = new MemoryReplayGuard()
    let claims = 0
    let answerFirst: () => void = () => undefined
    const guard: ReplayGuard = {
      async claim(id, ttlSec) {
        const claimed = await memory.claim(id, ttlSec)
        if (++claims === 1)
          await new Promise<void>((resolve) => {
            answerFirst = resolve
          })
        return claimed
      },
      release: (id) => memory.release(id),
    }
    let failFirst: (error: Error) => void = () => undefined
    const first = applyOnce(guard, 'jti-o', 60, 'first', {
      apply: () =>
        new Promise<void>((_, reject) => {
          failFirst = reject
        }),
    })
    const duplicate = applyOnce(guard, 'jti-o', 60, 'duplicate', { apply: () => undefined })
    const plain = applyOnce(guard, 'jti-o', 60, 'plain', undefined)
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(claims).toBe(1)
    answerFirst()
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(claims).toBe(1)
    failFirst(new Error('session store down'))
    await expect(first).rejects.toThrow('session store down')
    // The first failed and released the id: one of the two waiting deliveries takes it, the other is a replay.
    const [applied, refused] = await Promise.all([duplicate, plain])
    expect([applied, refused].filter((value) => value !== undefined)).toHaveLength(1)
    expect(claims).toBe(3)
  })

  it('a claim that throws lets the deliveries waiting for it go on', async () => {
    const memory = new MemoryReplayGuard()
    let claims = 0
    const guard: ReplayGuard = {
      async claim(id, ttlSec) {
        if (++claims === 1) throw new Error('replay store down')
        return memory.claim(id, ttlSec)
      },
      release: (id) => memory.release(id),
    }
    const applied: string[] = []
    const first = applyOnce(guard, 'jti-t', 60, 'first', { apply: (value) => void applied.push(value) })
    const duplicate = applyOnce(guard, 'jti-t', 60, 'duplicate', {
      apply: (value) => void applied.push(value),
    })
    await expect(first).rejects.toThrow('replay store down')
    await expect(duplicate).resolves.toBe('duplicate')
    expect(applied).toEqual(['duplicate'])
  })

  it('a duplicate that arrives while the first is applying waits, and applies it when the first fails', async () => {
    const guard = new MemoryReplayGuard()
    let failFirst: (error: Error) => void = () => undefined
    const applied: string[] = []
    const first = applyOnce(guard, 'jti-1', 60, 'first', {
      apply: (value) =>
        new Promise<void>((_, reject) => {
          failFirst = reject
          applied.push(value)
        }),
    })
    await Promise.resolve()
    const duplicate = applyOnce(guard, 'jti-1', 60, 'duplicate', {
      apply: (value) => {
        applied.push(value)
      },
    })
    // Neither settles while the first is still applying: the duplicate is not refused as a replay.
    const race = await Promise.race([
      duplicate.then(() => 'settled'),
      new Promise((r) => setImmediate(r, 'waiting')),
    ])
    expect(race).toBe('waiting')
    failFirst(new Error('session store down'))
    await expect(first).rejects.toThrow('session store down')
    await expect(duplicate).resolves.toBe('duplicate')
    expect(applied).toEqual(['first', 'duplicate'])
    // Applied once now: a third delivery is a replay.
    await expect(applyOnce(guard, 'jti-1', 60, 'third', { apply: () => undefined })).resolves.toBeUndefined()
  })

  it('a duplicate that arrives while the first is applying is a replay once the first succeeds', async () => {
    const guard = new MemoryReplayGuard()
    let finishFirst: () => void = () => undefined
    const first = applyOnce(guard, 'jti-2', 60, 'first', {
      apply: () =>
        new Promise<void>((resolve) => {
          finishFirst = resolve
        }),
    })
    await Promise.resolve()
    const applied: string[] = []
    const duplicate = applyOnce(guard, 'jti-2', 60, 'duplicate', {
      apply: (value) => {
        applied.push(value)
      },
    })
    finishFirst()
    await expect(first).resolves.toBe('first')
    await expect(duplicate).resolves.toBeUndefined()
    expect(applied).toEqual([])
  })

  it('a guard without release keeps the id after a failure, and a waiting duplicate is then a replay', async () => {
    const seen = new Set<string>()
    const claimOnly: ReplayGuard = {
      async claim(id) {
        if (seen.has(id)) return false
        seen.add(id)
        return true
      },
    }
    let failFirst: (error: Error) => void = () => undefined
    const first = applyOnce(claimOnly, 'jti-3', 60, 'first', {
      apply: () =>
        new Promise<void>((_, reject) => {
          failFirst = reject
        }),
    })
    await Promise.resolve()
    const duplicate = applyOnce(claimOnly, 'jti-3', 60, 'duplicate', { apply: () => undefined })
    failFirst(new Error('down'))
    await expect(first).rejects.toThrow('down')
    await expect(duplicate).resolves.toBeUndefined()
  })
})
