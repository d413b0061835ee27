import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose'
import type Provider from 'oidc-provider'
import { describe, expect, it, vi } from 'vitest'
import { createLogger } from '../logger.js'
import { generateSigningKeys, publicJwk } from '../provider/keys.js'
import { createMemoryStorage } from '../storage/memory-storage.js'
import { ConsentEvents } from './events.js'
import { signConsentReceipt } from './receipt.js'
import { type ConsentRecord, newConsentId } from './records.js'

// Counts the key imports the consent code asks jose for.
vi.mock('jose', async (original) => {
  const jose = await original<typeof import('jose')>()
  return { ...jose, importJWK: vi.fn(jose.importJWK) }
})
const imports = () => vi.mocked(importJWK).mock.calls.length

const record = (): ConsentRecord => ({
  id: newConsentId(),
  accountId: '001090001234',
  sub: 'sub-1',
  clientId: 'rp',
  clientName: 'RP',
  purpose: 'Khám bệnh',
  attributes: ['health_insurance'],
  status: 'withdrawn',
  method: 'web',
  textShown: 'text',
  lang: 'vi',
  grantedAt: 1_000,
  withdrawnAt: 2_000,
  grantId: 'g-1',
  scenarios: [],
})

async function verifiesWith(jwt: string, keys: readonly JWK[]): Promise<string | undefined> {
  const kid = decodeProtectedHeader(jwt).kid
  const jwk = keys.find((key) => key.kid === kid)
  if (!jwk) return undefined
  await jwtVerify(jwt, await importJWK(publicJwk(jwk), 'ES256'))
  return kid
}

describe('signing keys imported once per key (receipts, withdrawal events)', () => {
  it('receipts: one import for many receipts, a new one after a rotation', async () => {
    vi.mocked(importJWK).mockClear()
    const before = (await generateSigningKeys()).keys
    for (let i = 0; i < 5; i++) await signConsentReceipt(record(), 'https://idp', before)
    expect(imports()).toBe(1)
    const rotated = (await generateSigningKeys()).keys
    const receipt = await signConsentReceipt(record(), 'https://idp', rotated)
    expect(imports()).toBe(2)
    const es256 = rotated.find((key) => key.alg === 'ES256')
    expect(await verifiesWith(receipt, rotated)).toBe(es256?.kid)
    expect(es256?.kid).not.toBe(before.find((key) => key.alg === 'ES256')?.kid)
  })

  it('withdrawal events: one import for many events, the rotated key signs afterwards', async () => {
    const received: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        received.push(body)
        res.statusCode = 202
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`
    let keys = (await generateSigningKeys()).keys
    const storage = createMemoryStorage()
    const events = new ConsentEvents({
      storage,
      logger: createLogger('silent'),
      issuer: 'https://idp',
      keys: () => keys,
      now: () => 2_000,
      provider: () =>
        ({
          Client: { find: async () => ({ metadata: () => ({ consent_event_uri: uri }) }) },
        }) as unknown as Provider,
    })
    try {
      vi.mocked(importJWK).mockClear()
      for (let i = 0; i < 4; i++) await events.deliver(record())
      expect(imports()).toBe(1)
      const before = keys
      keys = (await generateSigningKeys()).keys // as MockIdpContext.rotateSigningKey replaces them
      await events.deliver(record())
      expect(imports()).toBe(2)
      expect(received).toHaveLength(5)
      const last = received[4] as string
      expect(await verifiesWith(last, keys)).toBe(keys.find((key) => key.alg === 'ES256')?.kid)
      expect(await verifiesWith(last, before)).toBeUndefined()
    } finally {
      events.stop()
      await storage.close()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
