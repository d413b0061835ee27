/**
 * The provider's consent API (see docs/consent-api.md) as msw handlers, composed with the fake
 * provider: same issuer, receipts signed with the provider's key. Any Bearer token is accepted (the
 * fake provider's token endpoint hands them out); a request without one gets 401. Each test can
 * replace one answer with `state.respond`.
 */
import { createHash } from 'node:crypto'
import { HttpResponse, http } from 'msw'
import { beforeEach } from 'vitest'
import { CLIENT_ID, type FakeProvider, ISSUER } from './fake-provider.js'
import type { useFakeProvider } from './setup.js'

export const CONSENT_API = `${ISSUER}/consent-api`

/** A consent record as the provider's API returns it (snake_case wire format). */
export interface WireConsentRecord {
  id: string
  sub: string
  client_id: string
  purpose: string
  attributes: string[]
  status: 'active' | 'withdrawn'
  method: string
  text_shown: string
  granted_at: number
  withdrawn_at?: number
  receipt: string
}

export interface ConsentApiRequest {
  method: string
  url: URL
  authorization: string | null
}

export type FakeConsentApi = Awaited<ReturnType<typeof createFakeConsentApi>>

/** SHA-256 (base64url) of the consent text, as in `text_sha256` of a receipt. */
export const textSha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/** Creates the consent API of `provider`, seeded with two records of this client and one of another. */
export async function createFakeConsentApi(provider: FakeProvider) {
  const records = new Map<string, WireConsentRecord>()
  const requests: ConsentApiRequest[] = []
  const state = {
    /** Answers the next request(s) instead of the normal logic while it returns a Response. */
    respond: undefined as ((request: Request) => Response | undefined) | undefined,
  }
  const now = () => Math.floor(Date.now() / 1000)

  /** Signs the receipt of a record (typ consent-receipt+jwt, iss and aud like every provider JWT). */
  function receiptFor(record: Omit<WireConsentRecord, 'receipt'>, claims: Record<string, unknown> = {}) {
    return provider.sign(
      {
        iss: ISSUER,
        aud: record.client_id,
        sub: record.sub,
        consent_id: record.id,
        client_id: record.client_id,
        purpose: record.purpose,
        attributes: record.attributes,
        method: record.method,
        text_sha256: textSha256(record.text_shown),
        iat: record.granted_at,
        ...claims,
      },
      { header: { typ: 'consent-receipt+jwt' } },
    )
  }

  async function addRecord(overrides: Partial<WireConsentRecord> = {}): Promise<WireConsentRecord> {
    const base: Omit<WireConsentRecord, 'receipt'> = {
      id: `cst_${records.size + 1}`,
      sub: provider.state.sub,
      client_id: CLIENT_ID,
      purpose: 'Khám bệnh có BHYT',
      attributes: ['health_insurance'],
      status: 'active',
      method: 'web',
      text_shown: 'Tôi đồng ý chia sẻ thông tin bảo hiểm y tế với Ngân hàng Demo để khám bệnh.',
      granted_at: now() - 60,
      ...overrides,
    }
    const record = { ...base, receipt: overrides.receipt ?? (await receiptFor(base)) }
    records.set(record.id, record)
    return record
  }

  await addRecord({ id: 'cst_1' })
  await addRecord({ id: 'cst_2', sub: 'sub-0002', attributes: ['vaccination'], purpose: 'Tiêm chủng' })
  await addRecord({ id: 'cst_other', client_id: 'other-bank' })

  const authorized = (request: Request) => /^Bearer \S+$/.test(request.headers.get('authorization') ?? '')
  const unauthorized = () =>
    new HttpResponse(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
  const problem = (status: number, error: string) => HttpResponse.json({ error }, { status })

  function before(request: Request): Response | undefined {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      authorization: request.headers.get('authorization'),
    })
    const custom = state.respond?.(request)
    if (custom) return custom
    if (!authorized(request)) return unauthorized()
    return undefined
  }

  function ownRecord(id: string): WireConsentRecord | Response {
    const record = records.get(id)
    if (!record) return problem(404, 'not_found')
    if (record.client_id !== CLIENT_ID) return problem(403, 'forbidden')
    return record
  }

  const handlers = [
    http.get(`${CONSENT_API}/consents`, ({ request }) => {
      const early = before(request)
      if (early) return early
      const query = new URL(request.url).searchParams
      const sub = query.get('sub')
      const status = query.get('status')
      const consents = [...records.values()].filter(
        (r) =>
          r.client_id === CLIENT_ID &&
          (sub === null || r.sub === sub) &&
          (status === null || r.status === status),
      )
      return HttpResponse.json({ consents })
    }),
    http.get(`${CONSENT_API}/consents/:id`, ({ request, params }) => {
      const early = before(request)
      if (early) return early
      const found = ownRecord(String(params.id))
      return found instanceof Response ? found : HttpResponse.json(found)
    }),
    http.delete(`${CONSENT_API}/consents/:id`, ({ request, params }) => {
      const early = before(request)
      if (early) return early
      const found = ownRecord(String(params.id))
      if (found instanceof Response) return found
      if (found.status === 'withdrawn') return problem(409, 'already_withdrawn')
      found.status = 'withdrawn'
      found.withdrawn_at = now()
      return HttpResponse.json(found)
    }),
  ]

  return {
    handlers,
    records,
    requests,
    state,
    addRecord,
    receiptFor,
    /** Requests that reached the consent API (any path under it). */
    count: () => requests.length,
  }
}

/**
 * Adds the consent API to the msw server of {@link useFakeProvider}, fresh before each test (after the
 * provider is created). Call it inside the same `describe`, after `useFakeProvider()`.
 */
export function useFakeConsentApi(fake: ReturnType<typeof useFakeProvider>) {
  let current: FakeConsentApi | undefined
  beforeEach(async () => {
    current = await createFakeConsentApi(fake.provider())
    fake.server.use(...current.handlers)
  })
  return () => {
    if (!current) throw new Error('fake consent API not started')
    return current
  }
}
