import type { AttributeName, EidClient } from '@dinhdanh/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { citizenWithPersona, personas } from '../personas.js'
import { personasOn } from '../personas-on.js'
import { claimsFor } from '../population/claims.js'
import { createFakeClock } from './fake-clock.js'
import { mockEid } from './mock-eid.js'
import { mswTestFixture } from './msw-test-fixture.js'
import { populationDay } from './population-day.js'

const ISSUER = 'https://eid.test'
const kit = await mswTestFixture({ issuer: ISSUER })
const { eid, server, publicJwk, redirectUri: REDIRECT_URI } = kit

async function signIn<const A extends readonly AttributeName[]>(
  attributes: A,
  level: 1 | 2 = 1,
  eidClient: EidClient = kit.client,
) {
  const { url, transaction } = await eidClient.signIn({ level, attributes })
  const authorization = await fetch(url, { redirect: 'manual' })
  const callback = authorization.headers.get('location') ?? ''
  return eidClient.completeSignIn(callback, transaction)
}

describe('mockEid with @dinhdanh/client', () => {
  it('advertises PAR, iss, ES256, acr 1/2 and no DPoP', () => {
    const { metadata } = kit.client
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${ISSUER}/par`)
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true)
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256'])
    expect(metadata.acr_values_supported).toEqual(['1', '2'])
    expect(metadata.dpop_signing_alg_values_supported).toBeUndefined()
  })

  for (const name of ['level2Adult', 'teen16', 'elderlyLegacyId', 'noHealthInsurance'] as const) {
    it(`signs ${name} in with the citizen and claims of citizenFor`, async () => {
      const persona = personas[name]
      eid.signInAs(persona)
      const result = await signIn(['health_insurance', 'age_over_18'] as const)
      const citizen = citizenWithPersona(persona.personalId)!
      const claims = claimsFor(citizen, ['identity', 'health_insurance', 'age_over_18'])
      expect(result.citizen?.personalId).toBe(persona.personalId)
      expect(result.citizen?.fullName).toBe(citizen.fullName)
      expect(result.citizen?.birthDate).toBe(citizen.birthDate)
      expect(result.attributes.ageOver18).toBe(citizen.ageOver18)
      expect(result.attributes.healthInsurance?.number).toBe(
        (claims.health_insurance as { number: string } | undefined)?.number,
      )
      expect(result.level).toBe(citizen.level)
      expect(result.subject).toBe(eid.subjectOf(persona.personalId, 'shop'))
      expect(result.consentId).toMatch(/^c_/)
    })
  }

  it('releases only the granted attributes', async () => {
    eid.signInAs(personas.level2Adult, { grant: ['age_over_18'] })
    const result = await signIn(['health_insurance', 'age_over_18'] as const)
    expect(result.attributes.ageOver18).toBe(true)
    expect(result.missing).toEqual(['health_insurance'])
  })

  it('fails the attributes of a persona whose source is down', async () => {
    eid.signInAs(personas.healthInsuranceSourceDown)
    const result = await signIn(['health_insurance'] as const)
    expect(result.unavailable).toEqual([
      { attribute: 'health_insurance', reason: 'source_unavailable', source: 'health_insurance' },
    ])
  })

  it('lists the consent and its receipt verifies', async () => {
    eid.signInAs(personas.level2Adult)
    const result = await signIn(['phone'] as const)
    const [record] = await kit.client.consents.list({ subject: result.subject })
    expect(record?.id).toBe(result.consentId)
    const receipt = await kit.client.verifyConsentReceipt(record?.receipt)
    expect(receipt).toMatchObject({ consentId: result.consentId, subject: result.subject, clientId: 'shop' })
    const withdrawn = await kit.client.consents.revoke(record!.id)
    expect(withdrawn.status).toBe('withdrawn')
  })
})

describe('scenarios', () => {
  const tokenChecks = [
    ['wrong_iss', 'iss'],
    ['wrong_aud', 'aud'],
    ['wrong_nonce', 'nonce'],
    ['expired', 'exp'],
    ['bad_signature', 'signature'],
    ['alg_none', 'alg'],
  ] as const
  for (const [scenario, check] of tokenChecks) {
    it(`${scenario}: ERR_EID_TOKEN_INVALID, check ${check}`, async () => {
      eid.signInAs(personas.level2Adult)
      eid.useScenario(scenario)
      await expect(signIn([] as const)).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', check })
      // One-shot: the next sign-in succeeds.
      await expect(signIn([] as const)).resolves.toMatchObject({ level: 2 })
    })
  }

  it('level_too_low: ERR_EID_LEVEL_TOO_LOW', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('level_too_low')
    await expect(signIn([] as const, 2)).rejects.toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW' })
  })

  it('consent_denied: ERR_EID_ACCESS_DENIED', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    await expect(signIn([] as const)).rejects.toMatchObject({ code: 'ERR_EID_ACCESS_DENIED' })
  })

  it('source_unavailable: result.unavailable', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('source_unavailable', { source: 'driving_licence' })
    const result = await signIn(['driving_licence', 'age_over_18'] as const)
    expect(result.unavailable).toEqual([
      { attribute: 'driving_licence', reason: 'source_unavailable', source: 'driving_licence' },
    ])
    expect(result.attributes.ageOver18).toBe(true)
  })

  it('server_error: ERR_EID_RESPONSE_INVALID at the token endpoint', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('server_error', { endpoint: 'token' })
    await expect(signIn([] as const)).rejects.toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID' })
  })

  it('slow: ERR_EID_NETWORK with a short timeout', async () => {
    const impatient = await kit.newClient({ http: { timeoutMs: 100 } })
    eid.signInAs(personas.level2Adult)
    eid.useScenario('slow', { endpoint: 'token', delayMs: 400 })
    await expect(signIn([] as const, 1, impatient)).rejects.toMatchObject({ code: 'ERR_EID_NETWORK' })
  })
})

describe('token factories', () => {
  it('mints a logout token the SDK verifies', async () => {
    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const token = await eid.mintLogoutToken({ sub, sid: 'sid-1' })
    await expect(kit.client.verifyLogoutToken(token)).resolves.toEqual({ sub, sid: 'sid-1' })
  })

  it('mints a consent-withdrawal event the SDK verifies', async () => {
    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const jwt = await eid.mintConsentWithdrawnEvent({ consentId: 'c_1', sub, attributes: ['phone'] })
    await expect(kit.client.verifySecurityEvent(jwt)).resolves.toMatchObject({
      consentId: 'c_1',
      subject: sub,
      attributes: ['phone'],
    })
  })

  it('mints a consent receipt the SDK verifies', async () => {
    const sub = eid.subjectOf(personas.level2Adult.personalId)
    const jwt = await eid.mintConsentReceipt({ sub, attributes: ['health_insurance'], purpose: 'Khám bệnh' })
    await expect(kit.client.verifyConsentReceipt(jwt)).resolves.toMatchObject({
      subject: sub,
      purpose: 'Khám bệnh',
    })
  })

  it('a fake clock makes a logout token too old', async () => {
    const clock = createFakeClock()
    const timed = mockEid({
      issuer: ISSUER,
      clients: [{ clientId: 'shop', jwks: { keys: [publicJwk] } }],
      clock,
    })
    server.use(...timed.handlers)
    const timedClient = await kit.newClient({}, { now: clock.now })
    const token = await timed.mintLogoutToken({ sub: 'someone' })
    clock.advance(3600)
    await expect(timedClient.verifyLogoutToken(token)).rejects.toMatchObject({
      code: 'ERR_EID_TOKEN_INVALID',
    })
    server.resetHandlers()
  })
})

describe('mockEid on a day (ADR 0005)', () => {
  const DAY = '2027-03-01'
  const onTheDay = personasOn(DAY)
  const dated = mockEid({
    issuer: 'https://eid-dated.test',
    clients: [{ clientId: 'shop', jwks: { keys: [publicJwk] }, redirectUris: [REDIRECT_URI] }],
    today: DAY,
  })
  let datedClient: EidClient
  beforeAll(async () => {
    server.use(...dated.handlers)
    datedClient = await kit.newClient({ issuer: 'https://eid-dated.test' })
  })
  afterEach(() => dated.reset())

  it('serves the personas of that day: "turns 18 tomorrow" 17, "turns 18 today" 18, the teen still 16', async () => {
    dated.signInAs(onTheDay.turns18Tomorrow)
    const trang = await signIn(['age_over_18'] as const, 1, datedClient)
    expect([trang.citizen?.fullName, trang.citizen?.birthDate]).toEqual(['Đặng Thu Trang', '2009-03-02'])
    expect(trang.attributes.ageOver18).toBe(false)
    dated.signInAs(onTheDay.turns18Today)
    const minh = await signIn(['age_over_18'] as const, 1, datedClient)
    expect([minh.citizen?.fullName, minh.attributes.ageOver18]).toEqual(['Bùi Đức Minh', true])
    dated.signInAs(onTheDay.teen16)
    const bao = await signIn(['age_over_18'] as const, 1, datedClient)
    expect([bao.citizen?.fullName, bao.citizen?.birthDate, bao.attributes.ageOver18]).toEqual([
      'Huỳnh Gia Bảo',
      '2011-02-14',
      false,
    ])
  })

  it("reads 'clock' as the day in Vietnam, and refuses a day that is not a date", () => {
    const clock = createFakeClock(Date.parse('2027-02-28T17:30:00Z') / 1000) // 00:30 on 1 March in Hà Nội
    expect(populationDay('clock', clock)()).toBe('2027-03-01')
    clock.advance(86_400)
    expect(populationDay('clock', clock)()).toBe('2027-03-02')
    expect(populationDay(undefined, clock)()).toBe('2026-07-01')
    expect(() => mockEid({ issuer: 'https://x.test', clients: [], today: '2027-02-30' })).toThrow(TypeError)
  })
})
