import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../storage/memory-storage.js'
import { type ConsentRecord, ConsentRecords, newConsentId } from './records.js'

const record = (): ConsentRecord => ({
  id: newConsentId(),
  accountId: '001090001234',
  sub: 'sub-1',
  clientId: 'rp',
  clientName: 'RP',
  purpose: 'Khám bệnh',
  attributes: ['health_insurance'],
  status: 'active',
  method: 'web',
  textShown: 'text',
  lang: 'vi',
  grantedAt: 1_000,
  grantId: `g-${Math.random()}`,
  scenarios: [],
})

describe('ConsentRecords', () => {
  it('a saved record is found by id, grant, account and client', async () => {
    const consents = new ConsentRecords(createMemoryStorage())
    const saved = record()
    await consents.save(saved)
    expect(await consents.forGrant(saved.grantId)).toEqual(saved)
    expect(await consents.forAccount(saved.accountId)).toEqual([saved])
    expect(await consents.forClient(saved.clientId)).toEqual([saved])
  })

  it('exactly one of two concurrent withdrawals wins', async () => {
    const consents = new ConsentRecords(createMemoryStorage())
    const saved = record()
    await consents.save(saved)
    const results = await Promise.all([
      consents.withdraw(saved.id, 'citizen', 2_000),
      consents.withdraw(saved.id, 'admin', 2_000),
    ])
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('regression: a withdrawal whose process died between the marker and the record is finished later, once', async () => {
    const storage = createMemoryStorage()
    const consents = new ConsentRecords(storage)
    const saved = record()
    await consents.save(saved)
    // What kill -9 between the two writes of withdraw() leaves behind.
    await storage.setIfAbsent('consent-withdrawal', saved.id, 2_000)
    // Right after, it may be a withdrawal still in progress: left alone.
    expect(await consents.withdraw(saved.id, 'citizen', 2_005)).toBeUndefined()
    // Long after, it is finished with the time of the original withdrawal, by exactly one caller.
    const [first, second] = await Promise.all([
      consents.withdraw(saved.id, 'citizen', 2_100),
      consents.withdraw(saved.id, 'citizen', 2_100),
    ])
    expect([first, second].filter(Boolean)).toHaveLength(1)
    expect((first ?? second)?.withdrawnAt).toBe(2_000)
    expect((await consents.get(saved.id))?.status).toBe('withdrawn')
  })
})
