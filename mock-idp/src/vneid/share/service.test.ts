/**
 * The share service's result against a withdrawal that commits while the data is being read (security
 * review #16, point 5): the service alone, over the in-memory store, with the population's `claims` as the
 * place the withdrawal happens (deterministic: no timing involved).
 */
import { personas } from '@dinhdanh/testing'
import { describe, expect, it } from 'vitest'
import { type ConsentRecord, ConsentRecords, newConsentId } from '../../consent/records.js'
import { createLogger } from '../../logger.js'
import { Population } from '../../population.js'
import { Scenarios } from '../../scenarios.js'
import { createMemoryStorage } from '../../storage/memory-storage.js'
import { dialectClients } from '../registration.js'
import { ShareService } from './service.js'

const CITIZEN = personas.level2Adult.personalId
const NOW = 1_750_000_000

/** A service with one sharing client (no webhook), and a transaction approved with an active consent. */
async function approvedTransaction(onClaims: (consentId: string) => Promise<void>) {
  const storage = createMemoryStorage({ purgeIntervalMs: 0 })
  const consents = new ConsentRecords(storage)
  const population = new Population('share-service-test')
  const clients = dialectClients([
    {
      client_id: 'bank',
      dialect: 'vneid',
      client_secret: 's'.repeat(24),
      redirect_uris: ['https://bank.example/cb'],
      encrypt: false,
      share_callback_uris: ['https://bank.example/callback/vneid'],
    },
  ])
  const client = clients.get('bank')!
  const claims = population.claims.bind(population)
  let consentId = ''
  // Where the data is read: the citizen's withdrawal commits here, after the consent was first looked at.
  population.claims = async (...args) => {
    await onClaims(consentId)
    return claims(...args)
  }
  const share = new ShareService({
    storage,
    logger: createLogger('silent'),
    population,
    consents,
    scenarios: new Scenarios(storage),
    provider: () => {
      throw new Error('not used by the result')
    },
    clients,
    seed: 'share-service-test',
    issuer: 'https://idp.example',
    now: () => NOW,
  })
  const { txnId } = await share.start(client, {
    personalId: CITIZEN,
    attributes: ['identity'],
    purpose: 'Mở tài khoản thanh toán',
    callbackUrl: 'https://bank.example/callback/vneid',
  })
  const record: ConsentRecord = {
    id: newConsentId(),
    accountId: population.accountIdOf(CITIZEN),
    sub: 'sub',
    clientId: 'bank',
    clientName: 'Ngân hàng',
    purpose: 'Mở tài khoản thanh toán',
    attributes: ['identity'],
    status: 'active',
    method: 'app',
    textShown: 'Mở tài khoản thanh toán',
    lang: 'vi',
    grantedAt: NOW,
    grantId: 'grant',
    scenarios: [],
  }
  await consents.save(record)
  consentId = record.id
  const txn = (await share.transactions.get(txnId))!
  await share.transactions.decide(txn, {
    decision: 'APPROVED',
    decidedAt: NOW,
    granted: ['identity'],
    consentId: record.id,
  })
  return { share, client, txnId, consents }
}

describe('the share result and a withdrawal of its consent', () => {
  it('a consent withdrawn while the data is read answers REFUSED, without the data (security review #16, point 5)', async () => {
    let consents: ConsentRecords | undefined
    const {
      share,
      client,
      txnId,
      consents: records,
    } = await approvedTransaction(async (consentId) => {
      // The citizen withdraws in the portal while the result is being assembled.
      expect(await consents?.withdraw(consentId, 'citizen', NOW)).toMatchObject({ status: 'withdrawn' })
    })
    consents = records
    const answer = await share.result(txnId, client)
    expect(answer).toEqual({ txnId, status: 'REFUSED' })
    expect(JSON.stringify(answer)).not.toContain(CITIZEN)
  })

  it('a consent still active when the answer leaves answers APPROVED with the data once', async () => {
    const { share, client, txnId } = await approvedTransaction(async () => {})
    const answer = await share.result(txnId, client)
    expect(answer).toMatchObject({ txnId, status: 'APPROVED', citizenPid: CITIZEN })
    await expect(share.result(txnId, client)).rejects.toMatchObject({ code: 'share_already_fetched' })
  })

  it('a consent withdrawn before the fetch answers REFUSED', async () => {
    const { share, client, txnId, consents } = await approvedTransaction(async () => {})
    const [record] = await consents.forClient('bank')
    await consents.withdraw(record!.id, 'citizen', NOW)
    expect(await share.result(txnId, client)).toEqual({ txnId, status: 'REFUSED' })
  })
})
