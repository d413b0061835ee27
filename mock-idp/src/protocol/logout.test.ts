import { personas } from '@dinhdanh/testing'
import { jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { type Receiver, startReceiver } from './receiver.js'
import {
  authorize,
  CookieJar,
  get,
  postForm,
  providerKeys,
  RelyingParty,
  signIn,
  startIdp,
} from './support.js'

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

let idp: MockIdp
let rp: RelyingParty
let receiver: Receiver
let postLogoutRedirectUri: string

beforeAll(async () => {
  receiver = await startReceiver(200)
  postLogoutRedirectUri = 'http://127.0.0.1:9/logout-rp/signed-out'
  rp = await RelyingParty.create('logout-rp', {
    backchannel_logout_uri: `${receiver.url}/backchannel-logout`,
    backchannel_logout_session_required: true,
    post_logout_redirect_uris: [postLogoutRedirectUri],
  })
  idp = await startIdp([rp])
})
afterAll(async () => {
  await idp?.close()
  await receiver?.close()
})

/** The hidden inputs and the action of the provider's logout confirmation form. */
function logoutForm(html: string): { action: string; xsrf: string } {
  const action = /<form[^>]*id="op\.logoutForm"[^>]*action="([^"]+)"/.exec(html)?.[1]
  const xsrf = /<input[^>]*name="xsrf"[^>]*value="([^"]+)"/.exec(html)?.[1]
  if (!action || !xsrf) throw new Error(`no logout form in: ${html.slice(0, 300)}`)
  return { action, xsrf }
}

describe('RP-initiated logout and back-channel logout', () => {
  it('ends the session and delivers a verifiable logout token to backchannel_logout_uri', async () => {
    const jar = new CookieJar()
    const { tokens } = await signIn(rp, { personalId: personas.level2Adult.personalId, jar })
    const idToken = tokens.claims()
    expect(idToken?.sid).toBeTypeOf('string')

    const endSession = client.buildEndSessionUrl(rp.config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: postLogoutRedirectUri,
      state: 'bye-state',
    })
    expect(endSession.href.startsWith(`${idp.url}/session/end`)).toBe(true)
    const page = await get(endSession.href, { cookie: jar.header(endSession) ?? '', accept: 'text/html' })
    expect(page.status).toBe(200)
    jar.store(endSession, page.headers.getSetCookie())
    const form = logoutForm(page.text)
    expect(form.action).toBe(`${idp.url}/session/end/confirm`)

    const confirmUrl = new URL(form.action)
    const confirmed = await postForm(
      form.action,
      { xsrf: form.xsrf, logout: 'yes' },
      { cookie: jar.header(confirmUrl) ?? '' },
    )
    expect(confirmed.status).toBe(303)
    const back = new URL(confirmed.headers.get('location') ?? '')
    expect(`${back.origin}${back.pathname}`).toBe(postLogoutRedirectUri)
    expect(back.searchParams.get('state')).toBe('bye-state')

    // The provider session is gone: a silent authorization now needs a login.
    const silent = await authorize(rp, {
      personalId: personas.level2Adult.personalId,
      params: { prompt: 'none' },
      jar,
    })
    expect(silent.callbackUrl.searchParams.get('error')).toBe('login_required')

    // The provider awaits its back-channel POSTs before answering the confirmation, so it is here by now.
    const delivery = await receiver.next(1000).catch(() => {
      throw new Error(
        'no logout token reached backchannel_logout_uri on 127.0.0.1. oidc-provider 9 sends it through an ' +
          'SSRF-guarded dispatcher that drops connections to loopback and private addresses; the `fetch` of ' +
          'provider/configuration.ts must keep dropping options.dispatcher',
      )
    })
    expect(delivery.path).toBe('/backchannel-logout')
    expect(delivery.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    const logoutToken = new URLSearchParams(delivery.body).get('logout_token') ?? ''
    const { payload, protectedHeader } = await jwtVerify(logoutToken, providerKeys(idp), {
      issuer: idp.url,
      audience: rp.clientId,
      typ: 'logout+jwt',
      requiredClaims: ['iat', 'jti', 'events'],
    })
    expect(protectedHeader.alg).toBe('ES256')
    expect(payload.events).toEqual({ [BACKCHANNEL_LOGOUT_EVENT]: {} })
    expect(payload.sub).toBe(idToken?.sub)
    expect(payload.sid).toBe(idToken?.sid)
    // OIDC Back-Channel Logout §2.4: a logout token never carries a nonce.
    expect(payload).not.toHaveProperty('nonce')
  })

  it('refuses the logout confirmation without its xsrf value, and keeps the session', async () => {
    const jar = new CookieJar()
    const { tokens } = await signIn(rp, { personalId: personas.level2Adult.personalId, jar })
    const endSession = client.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token ?? '' })
    const page = await get(endSession.href, { cookie: jar.header(endSession) ?? '', accept: 'text/html' })
    jar.store(endSession, page.headers.getSetCookie())
    const confirmUrl = new URL(logoutForm(page.text).action)
    const forged = await postForm(
      confirmUrl.href,
      { xsrf: 'forged', logout: 'yes' },
      { cookie: jar.header(confirmUrl) ?? '', accept: 'text/html' },
    )
    expect(forged.status).toBe(400)
    expect(forged.headers.get('location')).toBeNull()

    // Still signed in: prompt=none succeeds.
    const silent = await authorize(rp, {
      personalId: personas.level2Adult.personalId,
      params: { prompt: 'none' },
      jar,
    })
    expect(silent.callbackUrl.searchParams.get('code')).toBeTypeOf('string')
  })
})
