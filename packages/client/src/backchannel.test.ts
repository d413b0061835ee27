import { citizenWithPersona, claimsFor } from '@dinhdanh/testing'
import { editJson } from '@dinhdanh/testing/msw'
import * as jose from 'jose'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rejection } from '../test-support/rejection.js'
import { CITIZEN, CLIENT_ID, ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import type { BackchannelHandle } from './backchannel.js'
import type { EidClient } from './client.js'
import { EidLevelError, EidProviderError, EidTransactionError } from './errors/index.js'
import type { AttributeName } from './schemas/index.js'

const CIBA_GRANT = 'urn:openid:params:grant-type:ciba'
const CITIZEN_DATA = citizenWithPersona(CITIZEN.personalId)!
const HEALTH_INSURANCE = claimsFor(CITIZEN_DATA, ['health_insurance']).health_insurance as { number: string }

/**
 * Runs every timer of a second or more (openid-client's polling waits) after 5 ms instead, and
 * records the requested delays, so polling is tested without waiting seconds. Shorter timers (msw,
 * backoff) keep their real delay.
 */
function compressPollingWaits(): number[] {
  const waits: number[] = []
  const realSetTimeout = globalThis.setTimeout
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (typeof ms === 'number' && ms >= 1000) {
      waits.push(ms)
      return realSetTimeout(callback, 5, ...args)
    }
    return realSetTimeout(callback, ms, ...args)
  }) as typeof setTimeout)
  return waits
}

describe('decoupled sign-in (CIBA)', () => {
  const fake = useMockEid()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  const polls = () =>
    fake
      .eid()
      .requests('token')
      .filter((r) => r.form?.get('grant_type') === CIBA_GRANT)

  async function start(eid: EidClient, level: 1 | 2 = 2) {
    return eid.backchannelSignIn({
      loginHint: CITIZEN.personalId,
      bindingMessage: 'Quầy 3 - mã 4821',
      level,
      attributes: ['health_insurance'] as const,
      purpose: 'Tiếp nhận bệnh nhân',
    })
  }

  it('returns a plain JSON handle for this issuer and client', async () => {
    const eid = await fake.client()
    const before = Math.floor(Date.now() / 1000)
    const handle = await start(eid)
    expect(handle).toMatchObject({
      v: 1,
      issuer: ISSUER,
      clientId: CLIENT_ID,
      interval: 1,
      level: 2,
      attributes: ['health_insurance'],
      identity: true,
    })
    expect(handle.authReqId).toMatch(/\S/)
    expect(handle.expiresAt).toBeGreaterThanOrEqual(before + 120)
    expect(handle.expiresAt).toBeLessThanOrEqual(before + 121)
    expect(JSON.parse(JSON.stringify(handle))).toEqual(handle)
  })

  it('sends login_hint, binding_message, acr_values, scope, claims and purpose to the backchannel endpoint', async () => {
    const eid = await fake.client()
    await start(eid)
    const requests = fake.eid().requests('backchannel_authentication')
    expect(requests).toHaveLength(1)
    const body = requests[0]!.form!
    expect(requests[0]!.method).toBe('POST')
    expect(body.get('login_hint')).toBe(CITIZEN.personalId)
    expect(body.get('binding_message')).toBe('Quầy 3 - mã 4821')
    expect(body.get('acr_values')).toBe('2')
    expect(body.get('purpose')).toBe('Tiếp nhận bệnh nhân')
    expect(body.get('scope')?.split(' ').sort()).toEqual(['health_insurance', 'identity', 'openid'])
    const claims = JSON.parse(body.get('claims') ?? '{}')
    expect(claims.userinfo.health_insurance).toEqual({ purpose: 'Tiếp nhận bệnh nhân' })
    expect(claims.userinfo.personal_id).toEqual({ essential: true, purpose: 'Tiếp nhận bệnh nhân' })
    expect(body.get('client_id')).toBe(CLIENT_ID)
    expect(body.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
  })

  it('sends a purpose in both languages as purpose (also in claims) and purpose#en, for the phone in English', async () => {
    const eid = await fake.client()
    await eid.backchannelSignIn({
      loginHint: CITIZEN.personalId,
      attributes: ['health_insurance'] as const,
      purpose: { vi: 'Tiếp nhận bệnh nhân', en: 'Registering the patient' },
      extraParams: { 'purpose#en': 'Overridden?' },
    })
    const body = fake.eid().requests('backchannel_authentication')[0]!.form!
    expect(body.get('purpose')).toBe('Tiếp nhận bệnh nhân')
    expect(body.getAll('purpose#en')).toEqual(['Registering the patient'])
    expect(JSON.parse(body.get('claims') ?? '{}').userinfo.health_insurance).toEqual({
      purpose: 'Tiếp nhận bệnh nhân',
    })
  })

  it('sends no purpose#en for a purpose given as a string, and refuses a bad shape before any request', async () => {
    const eid = await fake.client()
    await start(eid)
    expect(fake.eid().requests('backchannel_authentication')[0]!.form!.has('purpose#en')).toBe(false)
    const error = await rejection(
      eid.backchannelSignIn({
        loginHint: CITIZEN.personalId,
        purpose: { vi: 'Tiếp nhận bệnh nhân' } as never,
      }),
    )
    expect(error).toMatchObject({
      code: 'ERR_EID_CONFIG',
      issues: [
        {
          path: 'purpose',
          message: 'expected the purpose as a text or as { vi, en }, each 3-300 characters',
        },
      ],
    })
    expect(fake.eid().requests('backchannel_authentication')).toHaveLength(1)
  })

  it('lets extraParams through but never lets them override the protocol parameters', async () => {
    const eid = await fake.client()
    await eid.backchannelSignIn({
      loginHint: CITIZEN.personalId,
      level: 1,
      identity: false,
      attributes: ['vaccination'] as const,
      extraParams: { requested_expiry: '60', acr_values: '2', scope: 'openid admin', login_hint: 'x' },
    })
    const body = fake.eid().requests('backchannel_authentication')[0]!.form!
    expect(body.get('requested_expiry')).toBe('60')
    expect(body.get('acr_values')).toBe('1')
    expect(body.get('scope')).toBe('openid vaccination')
    expect(body.get('login_hint')).toBe(CITIZEN.personalId)
    expect(body.has('binding_message')).toBe(false)
  })

  it('refuses a binding message with markup with ERR_EID_CONFIG, before any request', async () => {
    const eid = await fake.client()
    const error = await rejection(
      eid.backchannelSignIn({ loginHint: CITIZEN.personalId, bindingMessage: '<b>Quầy 3</b>' }),
    )
    expect(error).toMatchObject({
      code: 'ERR_EID_CONFIG',
      issues: [expect.objectContaining({ path: 'bindingMessage' })],
    })
    expect(fake.eid().requests('backchannel_authentication')).toHaveLength(0)
  })

  it('polls until approved and returns the typed result (citizen, level, attributes)', async () => {
    const waits = compressPollingWaits()
    const eid = await fake.client()
    const handle = await start(eid)
    const result = await eid.waitForBackchannelSignIn(handle)
    const subject = fake.eid().subjectOf(CITIZEN.personalId, CLIENT_ID)
    expect(result.level).toBe(2)
    expect(result.subject).toBe(subject)
    expect(result.sessionId).toBe(jose.decodeJwt(result.tokens.idToken).sid)
    expect(result.sessionId).toMatch(/\S/)
    expect(result.citizen).toMatchObject({ fullName: CITIZEN_DATA.fullName, personalId: CITIZEN.personalId })
    expect(result.attributes.healthInsurance?.number).toBe(HEALTH_INSURANCE.number)
    expect(result.missing).toEqual([])
    expect(result.tokens).toMatchObject({ tokenType: 'Bearer', subject })
    expect(polls()).toHaveLength(1)
    expect(polls()[0]?.form?.get('auth_req_id')).toBe(handle.authReqId)
    // The first poll waits the interval (1 s) first.
    expect(waits).toEqual([1000])
  })

  it('keeps polling after authorization_pending, at the interval', async () => {
    const waits = compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(['authorization_pending', 'authorization_pending'])
    const result = await eid.waitForBackchannelSignIn(await start(eid))
    expect(result.level).toBe(2)
    expect(polls()).toHaveLength(3)
    expect(waits).toEqual([1000, 1000, 1000])
  })

  it('honours slow_down: the interval grows by 5 seconds', async () => {
    const waits = compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(['slow_down', 'authorization_pending'])
    const result = await eid.waitForBackchannelSignIn(await start(eid))
    expect(result.citizen?.fullName).toBe(CITIZEN_DATA.fullName)
    expect(polls()).toHaveLength(3)
    // 1 s before the first poll, then 6 s (waited in steps of at most 5 s) before each later poll.
    expect(waits).toEqual([1000, 5000, 1000, 5000, 1000])
  })

  it('maps access_denied to ERR_EID_ACCESS_DENIED', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(['authorization_pending', 'access_denied'])
    const error = await rejection(eid.waitForBackchannelSignIn(await start(eid)))
    expect(error).toBeInstanceOf(EidProviderError)
    expect(error).toMatchObject({ code: 'ERR_EID_ACCESS_DENIED', error: 'access_denied', endpoint: 'token' })
    expect(polls()).toHaveLength(2)
  })

  it('maps expired_token to ERR_EID_BACKCHANNEL_EXPIRED', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(['expired_token'])
    const error = await rejection(eid.waitForBackchannelSignIn(await start(eid)))
    expect(error).toMatchObject({ code: 'ERR_EID_BACKCHANNEL_EXPIRED' })
    expect(polls()).toHaveLength(1)
  })

  it('reports other OAuth errors as ERR_EID_PROVIDER', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(['invalid_grant'])
    const error = await rejection(eid.waitForBackchannelSignIn(await start(eid)))
    expect(error).toMatchObject({ code: 'ERR_EID_PROVIDER', error: 'invalid_grant', endpoint: 'token' })
  })

  it('refuses a handle that has already expired, without polling', async () => {
    const eid = await fake.client()
    const handle = await start(eid)
    const error = await rejection(
      eid.waitForBackchannelSignIn({ ...handle, expiresAt: Math.floor(Date.now() / 1000) - 1 }),
    )
    expect(error).toMatchObject({ code: 'ERR_EID_BACKCHANNEL_EXPIRED' })
    expect(polls()).toHaveLength(0)
  })

  it('stops with ERR_EID_ABORTED when the AbortSignal fires while waiting', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextPolls(Array.from({ length: 1000 }, () => 'authorization_pending'))
    const handle = await start(eid)
    const controller = new AbortController()
    const waiting = rejection(eid.waitForBackchannelSignIn(handle, { signal: controller.signal }))
    await vi.waitFor(() => expect(polls().length).toBeGreaterThanOrEqual(2))
    controller.abort(new Error('clerk cancelled'))
    const error = await waiting
    expect(error).toMatchObject({ code: 'ERR_EID_ABORTED' })
    const count = polls().length
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(polls()).toHaveLength(count)
  })

  it('stops with ERR_EID_ABORTED without polling when the signal has already fired', async () => {
    const eid = await fake.client()
    const handle = await start(eid)
    const error = await rejection(eid.waitForBackchannelSignIn(handle, { signal: AbortSignal.abort() }))
    expect(error).toMatchObject({ code: 'ERR_EID_ABORTED' })
    expect(polls()).toHaveLength(0)
  })

  it.each([
    ['another client', { clientId: 'other-bank' }, 'wrong_client'],
    ['another issuer', { issuer: 'https://evil.test' }, 'wrong_issuer'],
  ])(
    'refuses a handle from %s with ERR_EID_TRANSACTION_INVALID, without polling',
    async (_, change, reason) => {
      const eid = await fake.client()
      const handle = await start(eid)
      const forged = { ...handle, ...change } as BackchannelHandle<readonly AttributeName[]>
      const error = await rejection(eid.waitForBackchannelSignIn(forged))
      expect(error).toBeInstanceOf(EidTransactionError)
      expect(error).toMatchObject({ code: 'ERR_EID_TRANSACTION_INVALID', reason })
      expect(polls()).toHaveLength(0)
    },
  )

  it('refuses level 1 when level 2 was required (ERR_EID_LEVEL_TOO_LOW)', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().useScenario('level_too_low')
    const error = await rejection(eid.waitForBackchannelSignIn(await start(eid, 2)))
    expect(error).toBeInstanceOf(EidLevelError)
    expect(error).toMatchObject({ code: 'ERR_EID_LEVEL_TOO_LOW', required: 2, actual: 1 })
    // Nothing is read about a citizen whose sign-in failed the level check.
    expect(fake.eid().requests('userinfo')).toHaveLength(0)
  })

  it('accepts level 2 when level 1 was required', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    const result = await eid.waitForBackchannelSignIn(await start(eid, 1))
    expect(result.level).toBe(2)
  })

  it('refuses a tampered ID token in the CIBA token response', async () => {
    compressPollingWaits()
    const eid = await fake.client()
    fake.eid().tamper.nextIdToken({ breakWith: 'bad_signature' })
    const error = await rejection(eid.waitForBackchannelSignIn(await start(eid)))
    expect(error).toMatchObject({ code: 'ERR_EID_TOKEN_INVALID', token: 'id_token', check: 'signature' })
  })
})

describe('decoupled sign-in at a provider without CIBA', () => {
  const fake = useMockEid()
  beforeEach(() => {
    fake.eid().tamper.nextResponse(
      'discovery',
      editJson(
        ({
          backchannel_authentication_endpoint: _,
          backchannel_token_delivery_modes_supported: __,
          ...doc
        }) => doc,
      ),
      { persist: true },
    )
  })

  it('throws ERR_EID_UNSUPPORTED before any request', async () => {
    const eid = await fake.client()
    const error = await rejection(eid.backchannelSignIn({ loginHint: CITIZEN.personalId }))
    expect(error).toMatchObject({ code: 'ERR_EID_UNSUPPORTED', feature: 'Decoupled sign-in (CIBA)' })
    expect(fake.eid().requests('backchannel_authentication')).toHaveLength(0)
    expect(fake.eid().requests('token')).toHaveLength(0)
  })
})
