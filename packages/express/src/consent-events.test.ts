import { randomUUID } from 'node:crypto'
import { CONSENT_WITHDRAWN_EVENT } from '@dinhdanh/client'
import { personas } from '@dinhdanh/testing'
import type { SessionStore } from '@dinhdanh/web'
import { MemorySessionStore } from '@dinhdanh/web'
import { generateKeyPair, SignJWT } from 'jose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Browser, type EidView, type Harness, signIn, startHarness, visit } from './testing/harness.js'

let h: Harness

beforeAll(async () => {
  h = await startHarness({ main: {} })
})
afterAll(() => h?.close())

async function status(browser: Browser): Promise<EidView> {
  return (await browser.get(new URL('/status', h.sites.main!.origin))).json<EidView>()
}

interface AdminConsent {
  id: string
  sub: string
  attributes: string[]
  grantedAt: number
  status: string
}

/** The newest active consent of a subject at the main site. */
async function latestConsent(subject: string): Promise<AdminConsent> {
  const { json } = await h.admin('GET', `/consents?client_id=${h.sites.main!.clientId}`)
  const records = (json.consents as AdminConsent[]).filter((r) => r.sub === subject && r.status === 'active')
  const latest = records.sort((a, b) => a.grantedAt - b.grantedAt).at(-1)
  if (!latest) throw new Error('no consent')
  return latest
}

/** The security events delivered to the main site since `from`. */
function eventsSince(from: number): string[] {
  return h.deliveries
    .slice(from)
    .filter((delivery) => delivery.url.pathname === '/auth/consent-events')
    .map((delivery) => {
      expect(delivery.contentType).toBe('application/secevent+jwt')
      return delivery.body
    })
}

const modes: [string, () => SessionStore | undefined][] = [
  ['cookie sessions (remembered in this process)', () => undefined],
  ['a memory session store', () => new MemorySessionStore()],
]

describe.each(modes)('consent withdrawal with %s', (_mode, makeStore) => {
  it('removes the withdrawn attribute from the session and calls onConsentWithdrawn with the event', async () => {
    const store = makeStore()
    const test = h.sites.main!.start(store ? { session: { secret: 'w'.repeat(40), store } } : {})
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    // Identity first, then health insurance by incremental consent: two consents at the provider.
    await signIn(browser, h.sites.main!, 'returnTo=/status')
    const { page } = await visit(browser, new URL('/insurance', h.sites.main!.origin))
    const before = page.json<EidView>()
    expect(before.attributes.healthInsurance).toBeDefined()
    const consent = await latestConsent(before.subject!)
    expect(consent.attributes).toEqual(['health_insurance'])

    const from = h.deliveries.length
    const withdrawn = await h.admin('POST', `/consents/${consent.id}/withdraw`)
    expect(withdrawn.status).toBe(200)
    expect(eventsSince(from)).toHaveLength(1)
    expect(test.withdrawals).toEqual([
      expect.objectContaining({
        type: CONSENT_WITHDRAWN_EVENT,
        consentId: consent.id,
        subject: before.subject,
        attributes: ['health_insurance'],
      }),
    ])
    const { json } = await h.admin('GET', '/deliveries')
    expect(json.deliveries).toContainEqual(
      expect.objectContaining({ consentId: consent.id, status: 'delivered', httpStatus: 202 }),
    )

    const after = await status(browser)
    expect(after.isSignedIn).toBe(true)
    expect(after.attributes.healthInsurance).toBeUndefined()
    expect(after.granted).toEqual(['identity'])
    expect(after.citizen).toEqual(before.citizen)
    // The guard asks again.
    const again = await browser.get(new URL('/insurance', h.sites.main!.origin))
    expect(again.status).toBe(302)
    expect(again.location?.origin).toBe(h.idp.url)
  })

  it('a withdrawn consent that covered identity takes the citizen out of the session too', async () => {
    const store = makeStore()
    h.sites.main!.start(store ? { session: { secret: 'w'.repeat(40), store } } : {})
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const before = (
      await signIn(browser, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
    ).page.json<EidView>()
    const consent = await latestConsent(before.subject!)
    expect(consent.attributes.sort()).toEqual(['health_insurance', 'identity'])
    await h.admin('POST', `/consents/${consent.id}/withdraw`)
    const after = await status(browser)
    expect(after.citizen).toBeUndefined()
    expect(after.attributes).toEqual({})
    expect(after.granted).toEqual([])
    expect(after.subject).toBe(before.subject)
  })
})

describe('after a withdrawal', () => {
  it('the provider has revoked the tokens: a refresh fails with an EidError, the session stays', async () => {
    const store = new MemorySessionStore()
    const test = h.sites.main!.start({ session: { secret: 'w'.repeat(40), store } })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const view = (
      await signIn(browser, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
    ).page.json<EidView>()
    await h.admin('POST', `/consents/${(await latestConsent(view.subject!)).id}/withdraw`)
    for (const id of await store.idsBySubject(view.subject!)) {
      const record = (await store.get(id))!
      ;(record.data as { tokens: { expiresAt: number } }).tokens.expiresAt = Math.floor(Date.now() / 1000)
      await store.set(id, record, { ttlSec: 600 })
    }
    const page = await browser.get(new URL('/token', h.sites.main!.origin))
    expect(page.status).toBe(500)
    expect(test.crashes).toHaveLength(1)
    expect(test.crashes[0]).toMatchObject({ code: 'ERR_EID_PROVIDER' })
    expect((await status(browser)).isSignedIn).toBe(true)
  })
})

describe('when the app fails to apply a genuine event', () => {
  it('a throwing onConsentWithdrawn goes to the app’s error handler (5xx), not a 400 "did not verify"', async () => {
    const store = new MemorySessionStore()
    const failure = new Error('database down')
    const test = h.sites.main!.start({
      session: { secret: 'w'.repeat(40), store },
      onConsentWithdrawn: () => {
        throw failure
      },
    })
    await h.signInAs(personas.level2Adult.personalId)
    const browser = h.browser()
    const view = (
      await signIn(browser, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
    ).page.json<EidView>()
    const consent = await latestConsent(view.subject!)
    await h.admin('POST', `/consents/${consent.id}/withdraw`)
    expect(test.crashes).toEqual([failure])
    expect(test.logs.filter((line) => line.startsWith('consent event refused'))).toEqual([])
    const { json } = await h.admin('GET', '/deliveries')
    expect(json.deliveries).toContainEqual(
      expect.objectContaining({ consentId: consent.id, status: 'failed', httpStatus: 500 }),
    )
    // The sessions were cleaned before the hook ran.
    expect((await status(browser)).attributes.healthInsurance).toBeUndefined()
  })
})

describe('R44 at the adapter: a security event that does not verify', () => {
  it('R44: a foreign signature, alg none, an unknown event type, the wrong content type or a replay get 400 { err: invalid_request }; sessions keep their attributes', async () => {
    const store = new MemorySessionStore()
    const test = h.sites.main!.start({ session: { secret: 'w'.repeat(40), store } })
    await h.signInAs(personas.level2Adult.personalId)

    // A genuine event, delivered once, kept for the replay.
    const earlier = h.browser()
    const first = (
      await signIn(earlier, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
    ).page.json<EidView>()
    const from = h.deliveries.length
    await h.admin('POST', `/consents/${(await latestConsent(first.subject!)).id}/withdraw`)
    const [genuine] = eventsSince(from)
    expect(genuine).toBeDefined()
    expect(test.withdrawals).toHaveLength(1)

    // The same citizen signs in again and shares health insurance again.
    const browser = h.browser()
    await signIn(browser, h.sites.main!, 'returnTo=/status&attributes=health_insurance')
    expect((await status(browser)).attributes.healthInsurance).toBeDefined()

    const claims = {
      iss: h.idp.url,
      aud: h.sites.main!.clientId,
      sub: first.subject,
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      events: {
        [CONSENT_WITHDRAWN_EVENT]: {
          consent_id: 'c_forged',
          attributes: ['health_insurance'],
          purpose: 'forged',
          withdrawn_at: Math.floor(Date.now() / 1000),
        },
      },
    }
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const jwks = (await (await fetch(`${h.idp.url}/jwks`)).json()) as { keys: { kid: string }[] }
    const attacker = await generateKeyPair('ES256')
    const sign = (payload: Record<string, unknown>) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]?.kid ?? '', typ: 'secevent+jwt' })
        .sign(attacker.privateKey)
    const attempts: [string, string, string][] = [
      ['a foreign signature', await sign(claims), 'application/secevent+jwt'],
      [
        'alg none',
        `${encode({ alg: 'none', typ: 'secevent+jwt' })}.${encode(claims)}.`,
        'application/secevent+jwt',
      ],
      [
        'an unknown event type',
        await sign({ ...claims, events: { 'urn:example:other': {} } }),
        'application/secevent+jwt',
      ],
      ['garbage', 'not a jwt', 'application/secevent+jwt'],
      ['the wrong content type', genuine!, 'application/json'],
      ['a replay of a genuine event', genuine!, 'application/secevent+jwt'],
    ]
    for (const [label, body, type] of attempts) {
      const response = await request(h.sites.main!.address)
        .post('/auth/consent-events')
        .set('content-type', type)
        .send(body)
      expect(response.status, label).toBe(400)
      expect(response.body, label).toEqual({
        err: 'invalid_request',
        description: 'the security event did not verify',
      })
    }
    const after = await status(browser)
    expect(after.attributes.healthInsurance).toBeDefined()
    expect(after.granted).toContain('health_insurance')
    expect(test.withdrawals).toHaveLength(1)
    expect(test.logs.filter((line) => line.startsWith('consent event refused'))).toHaveLength(attempts.length)
  })
})
