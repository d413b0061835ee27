import { createClient, type EidClient } from '@dinhdanh/client'
import { testClient } from '@dinhdanh/test/support/clients.js'
import { personas } from '@dinhdanh/testing'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp, parseScenarioParameter } from './index.js'
import { SCENARIO_STALENESS_MS, Scenarios } from './scenarios.js'
import { createMemoryStorage } from './storage/memory-storage.js'
import type { Storage } from './storage/storage.js'

let idp: MockIdp
let eid: EidClient
let redirectUri: string

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${idp.url}/__admin${path}`, {
    method,
    headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
}

async function signIn(
  attributes: readonly ('health_insurance' | 'vaccination')[],
  scenario?: string,
  who: { personalId: string } = personas.level2Adult,
) {
  const { url, transaction } = await eid.signIn({
    attributes,
    loginHint: who.personalId,
    ...(scenario && { extraParams: { mock_scenario: scenario } }),
  })
  return eid.completeSignIn(await followToRedirectUri(url, redirectUri), transaction)
}

beforeAll(async () => {
  const rp = await testClient('scenario-rp')
  redirectUri = rp.redirectUri
  idp = await createMockIdp({
    port: 0,
    store: 'memory',
    autoApprove: true,
    clients: [rp.metadata],
    logLevel: 'silent',
  })
  eid = await createClient(
    {
      issuer: idp.url,
      clientId: rp.metadata.client_id,
      clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
      redirectUri,
    },
    {},
  )
})
afterEach(() => admin('DELETE', '/scenarios'))
afterAll(() => idp?.close())

describe('data-source scenarios', () => {
  it('a source down (admin API) leaves its claim out and says why; other attributes still arrive', async () => {
    expect(
      (await admin('POST', '/scenarios', { name: 'source_down', source: 'health_insurance' })).status,
    ).toBe(201)
    const result = await signIn(['health_insurance', 'vaccination'])
    expect(result.attributes.healthInsurance).toBeUndefined()
    expect(result.unavailable).toEqual([
      { attribute: 'health_insurance', reason: 'source_unavailable', source: 'health_insurance' },
    ])
    expect(result.attributes.vaccination).toBeDefined()
  })

  it('per request: mock_scenario=source_empty leaves the claim out without an error', async () => {
    const result = await signIn(['health_insurance'], 'source_empty:health_insurance')
    expect(result.attributes.healthInsurance).toBeUndefined()
    expect(result.unavailable).toEqual([])
    expect(result.missing).toEqual(['health_insurance'])
  })

  it('per request: a source slower than the provider waits is reported as source_timeout', async () => {
    const result = await signIn(['health_insurance'], 'source_slow:health_insurance:2500')
    expect(result.unavailable).toEqual([
      { attribute: 'health_insurance', reason: 'source_timeout', source: 'health_insurance' },
    ])
  })

  it('the persona whose health-insurance source is down is always refused that attribute', async () => {
    const result = await signIn(['health_insurance'], undefined, personas.healthInsuranceSourceDown)
    expect(result.unavailable[0]?.reason).toBe('source_unavailable')
  })

  it('per request: consent_denied returns access_denied', async () => {
    await expect(signIn(['health_insurance'], 'consent_denied')).rejects.toMatchObject({
      code: 'ERR_EID_ACCESS_DENIED',
    })
  })
})

describe('endpoint scenarios', () => {
  it('a 5xx on userinfo reaches the relying party as a typed error', async () => {
    await admin('POST', '/scenarios', { name: 'server_error', endpoint: 'userinfo', status: 503 })
    await expect(signIn(['health_insurance'])).rejects.toMatchObject({
      code: 'ERR_EID_RESPONSE_INVALID',
      status: 503,
    })
  })

  it.each(['/token', '/TOKEN', '/token/', '/Token/'])(
    'a server_error on the token endpoint answers every spelling the provider routes there (%s)',
    async (path) => {
      await admin('POST', '/scenarios', { name: 'server_error', endpoint: 'token', status: 503 })
      const response = await fetch(`${idp.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
      expect(response.status).toBe(503)
    },
  )

  it('an HTML page instead of JSON at the token endpoint', async () => {
    await admin('POST', '/scenarios', { name: 'html_body', endpoint: 'token' })
    await expect(signIn([])).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID' })
  })

  it('latency on the token endpoint delays the response', async () => {
    await admin('POST', '/scenarios', { name: 'latency', endpoint: 'token', ms: 400 })
    const started = Date.now()
    await signIn([])
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
  })

  it('key_rotated: the next token is signed with a new key the relying party fetches once', async () => {
    const before = ((await (await fetch(`${idp.url}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    )
    await admin('POST', '/scenarios', { name: 'key_rotated' })
    // The SDK re-fetches the JWKS for an unknown kid only when its cache is a minute old.
    const realNow = Date.now
    Date.now = () => realNow() + 61_000
    try {
      expect((await signIn([])).level).toBe(2)
    } finally {
      Date.now = realNow
    }
    const after = ((await (await fetch(`${idp.url}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    )
    expect(after[0]).not.toBe(before[0])
    expect(after).toContain(before[0])
    expect((await (await admin('GET', '/scenarios')).json()).scenarios).toEqual([])
  })

  it('clock_skew: ID tokens from a clock two minutes ahead are refused by the relying party (iat)', async () => {
    await admin('POST', '/scenarios', { name: 'clock_skew', seconds: 120 })
    await expect(signIn([])).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check: 'iat' })
    await admin('DELETE', '/scenarios')
    await admin('POST', '/scenarios', { name: 'clock_skew', seconds: 10 })
    expect((await signIn([])).level).toBe(2)
  })

  it('rejects a malformed scenario with the problems named', async () => {
    const response = await admin('POST', '/scenarios', { name: 'latency', endpoint: 'nowhere', ms: -1 })
    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toMatch(/endpoint|ms/)
  })
})

describe('Scenarios.active: no store read per protocol request while none is on', () => {
  /** One store shared by two `Scenarios`, as two processes sharing Redis or SQLite; reads counted. */
  function twoProcesses() {
    const storage = createMemoryStorage()
    let reads = 0
    const counted: Storage = {
      ...storage,
      get: (namespace, key) => {
        reads++
        return storage.get(namespace, key)
      },
    }
    let now = 1_000_000
    const clock = () => now
    return {
      here: new Scenarios(counted, { clock }),
      other: new Scenarios(storage, { clock }),
      reads: () => reads,
      advance: (ms: number) => {
        now += ms
      },
      close: () => storage.close(),
    }
  }

  it('reads the store once per staleness period while none is on; a change made here shows at once', async () => {
    const p = twoProcesses()
    for (let i = 0; i < 20; i++) expect(await p.here.active()).toEqual([])
    expect(await p.here.isOn('consent_denied')).toBe(false)
    expect((await p.here.sources([])).down.size).toBe(0)
    expect(p.reads()).toBe(1)
    p.advance(SCENARIO_STALENESS_MS)
    await p.here.active()
    expect(p.reads()).toBe(2)
    await p.here.add({ name: 'html_body', endpoint: 'token' })
    expect(await p.here.active()).toEqual([{ name: 'html_body', endpoint: 'token' }])
    await p.here.clear()
    expect(await p.here.active()).toEqual([])
    await p.close()
  })

  it('a scenario switched on in another process takes effect here within the staleness bound', async () => {
    const p = twoProcesses()
    expect(await p.here.active()).toEqual([])
    await p.other.add({ name: 'consent_denied' })
    // Within the bound this process still trusts its last "none" (no store read) ...
    expect(await p.here.isOn('consent_denied')).toBe(false)
    expect(p.reads()).toBe(1)
    // ... and once the bound has passed, it reads the store and sees it.
    p.advance(SCENARIO_STALENESS_MS)
    expect(await p.here.isOn('consent_denied')).toBe(true)
    // While one is on, every call reads the store: switched off elsewhere, it is off here at once.
    await p.other.clear()
    expect(await p.here.isOn('consent_denied')).toBe(false)
    await p.close()
  })

  it('a read that raced with a change made here never hides the change', async () => {
    const storage = createMemoryStorage()
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let first = true
    const slowFirstRead: Storage = {
      ...storage,
      get: async (namespace, key) => {
        const value = await storage.get(namespace, key) // "none", read before the change
        if (first) {
          first = false
          await held // answers only after the change below has completed
        }
        return value as never
      },
    }
    const scenarios = new Scenarios(slowFirstRead)
    const racing = scenarios.active()
    await scenarios.add({ name: 'otp_expired' })
    release()
    expect(await racing).toEqual([])
    expect(await scenarios.isOn('otp_expired')).toBe(true)
    await storage.close()
  })
})

describe('parseScenarioParameter', () => {
  it('reads per-request scenarios and reports what cannot be set per request', () => {
    expect(parseScenarioParameter('source_down:vaccination,otp_expired')).toEqual({
      scenarios: [{ name: 'source_down', source: 'vaccination' }, { name: 'otp_expired' }],
      problems: [],
    })
    expect(parseScenarioParameter('server_error').problems[0]).toMatch(/cannot be set per request/)
    expect(parseScenarioParameter(undefined)).toEqual({ scenarios: [], problems: [] })
  })
})
