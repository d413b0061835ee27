import { describe, expect, it } from 'vitest'
import { personas } from '../personas.js'
import { mswTestFixture } from './msw-test-fixture.js'

const ISSUER = 'https://eid-authorize.test'
const kit = await mswTestFixture({ issuer: ISSUER })
const { eid, redirectUri: REDIRECT_URI } = kit

describe('eid.authorize', () => {
  it('returns the callback the authorization endpoint redirects to, as a browser would get it', async () => {
    eid.signInAs(personas.level2Adult)
    const { url, transaction } = await kit.client.signIn({ level: 2 })
    const callback = new URL(await eid.authorize(url))
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI)
    expect(callback.searchParams.get('state')).toBe(transaction.state)
    expect(callback.searchParams.get('iss')).toBe(ISSUER)
    const result = await kit.client.completeSignIn(callback, transaction)
    expect(result.subject).toBe(eid.subjectOf(personas.level2Adult.personalId))
  })

  it('forges the callback: state and iss replaced or removed, parameters added', async () => {
    eid.signInAs(personas.level2Adult)
    const { url } = await kit.client.signIn({ level: 1 })
    const forged = new URL(await eid.authorize(url, { state: 'forged', iss: null, params: { extra: '1' } }))
    expect(forged.searchParams.get('state')).toBe('forged')
    expect(forged.searchParams.has('iss')).toBe(false)
    expect(forged.searchParams.get('extra')).toBe('1')
    expect(forged.searchParams.get('code')).toMatch(/\S/)
  })

  it('applies the scenarios: consent_denied gives the error callback', async () => {
    eid.signInAs(personas.level2Adult)
    eid.useScenario('consent_denied')
    const { url } = await kit.client.signIn({ level: 1 })
    expect(new URL(await eid.authorize(url)).searchParams.get('error')).toBe('access_denied')
  })

  it('throws on an error page, and on a URL that is not the kit’s authorization endpoint', async () => {
    const bad = `${ISSUER}/authorize?client_id=nobody&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`
    await expect(eid.authorize(bad)).rejects.toThrow(/HTTP 400 without a redirect/)
    await expect(eid.authorize('https://elsewhere.test/authorize')).rejects.toThrow(TypeError)
  })
})

describe('eid.requests', () => {
  it('records every request with its endpoint, method, URL, headers and form, oldest first', async () => {
    eid.signInAs(personas.level2Adult)
    const fresh = await kit.newClient()
    const { url, transaction } = await fresh.signIn({ level: 2, attributes: ['age_over_18'] as const })
    await fresh.completeSignIn(await eid.authorize(url), transaction)
    expect(eid.requests().map((request) => request.endpoint)).toEqual([
      'discovery',
      'par',
      'authorization',
      'token',
      'jwks',
      'userinfo',
    ])
    const [par] = eid.requests('par')
    expect(par?.method).toBe('POST')
    expect(par?.form?.get('acr_values')).toBe('2')
    expect(par?.form?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    )
    const [userinfo] = eid.requests('userinfo')
    expect(userinfo?.headers.get('authorization')).toMatch(/^Bearer /)
    expect(userinfo?.form).toBeUndefined()
    eid.reset()
    expect(eid.requests()).toEqual([])
  })
})
