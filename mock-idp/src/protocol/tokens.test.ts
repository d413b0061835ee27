import { personas } from '@dinhdanh/testing'
import * as client from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockIdp } from '../server.js'
import { dpopHandle, get, oauthError, RelyingParty, signIn, startIdp } from './support.js'

let idp: MockIdp
let rp: RelyingParty
let other: RelyingParty

beforeAll(async () => {
  rp = await RelyingParty.create('tokens-rp')
  other = await RelyingParty.create('tokens-other-rp')
  idp = await startIdp([rp, other])
})
afterAll(() => idp?.close())

const citizen = personas.level2Adult

describe('refresh tokens', () => {
  it('rotates the refresh token; the old one is refused after use; the ID token keeps sub, acr, aud', async () => {
    const { handle } = await dpopHandle(rp)
    const { tokens } = await signIn(rp, {
      personalId: citizen.personalId,
      scope: 'openid identity offline_access',
      dpop: handle,
      params: { acr_values: '2' },
    })
    const first = tokens.refresh_token ?? ''
    expect(first).not.toBe('')

    const refreshed = await client.refreshTokenGrant(rp.config, first, undefined, { DPoP: handle })
    expect(refreshed.refresh_token).toBeTypeOf('string')
    expect(refreshed.refresh_token).not.toBe(first)
    expect(refreshed.access_token).not.toBe(tokens.access_token)
    expect(refreshed.token_type).toBe('dpop')
    expect(refreshed.claims()).toMatchObject({
      iss: idp.url,
      aud: rp.clientId,
      sub: tokens.claims()?.sub,
      acr: '2',
    })
    const userinfo = await client.fetchUserInfo(
      rp.config,
      refreshed.access_token,
      tokens.claims()?.sub ?? '',
      {
        DPoP: handle,
      },
    )
    expect(userinfo.personal_id).toBe(citizen.personalId)

    expect(await oauthError(client.refreshTokenGrant(rp.config, first, undefined, { DPoP: handle }))).toBe(
      'invalid_grant',
    )
  })

  it('treats a replayed refresh token as theft: the rotated one dies too (RFC 9700 §4.14.2)', async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    const first = tokens.refresh_token ?? ''
    const second = (await client.refreshTokenGrant(rp.config, first)).refresh_token ?? ''
    expect(await oauthError(client.refreshTokenGrant(rp.config, first))).toBe('invalid_grant')
    expect(await oauthError(client.refreshTokenGrant(rp.config, second))).toBe('invalid_grant')
  })

  it("refuses another client's refresh token", async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    expect(await oauthError(client.refreshTokenGrant(other.config, tokens.refresh_token ?? ''))).toBe(
      'invalid_grant',
    )
    // ...and the legitimate client can still use it.
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token ?? '')).resolves.toHaveProperty(
      'access_token',
    )
  })
})

describe('introspection and revocation', () => {
  it('introspects an access token and a refresh token', async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId, scope: 'openid identity' })
    const access = await client.tokenIntrospection(rp.config, tokens.access_token)
    expect(access).toMatchObject({
      active: true,
      client_id: rp.clientId,
      sub: tokens.claims()?.sub,
      iss: idp.url,
      token_type: 'Bearer',
      scope: 'openid identity',
    })
    expect(access.exp).toBeGreaterThan(Math.floor(Date.now() / 1000))
    const refresh = await client.tokenIntrospection(rp.config, tokens.refresh_token ?? '')
    expect(refresh).toMatchObject({ active: true, client_id: rp.clientId, sub: tokens.claims()?.sub })
    expect(await client.tokenIntrospection(rp.config, 'not-a-token')).toEqual({ active: false })
  })

  it("does not disclose another client's tokens at introspection (active: false)", async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    for (const token of [tokens.access_token, tokens.refresh_token ?? '']) {
      expect(
        await client.tokenIntrospection(other.config, token),
        "a relying party must not learn the citizen's sub, scopes or the validity of another relying " +
          "party's token (RFC 7662 §4); oidc-provider's default features.introspection.allowedPolicy lets " +
          'any confidential client introspect any token',
      ).toEqual({ active: false })
    }
    // The token is fine for its own client.
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true })
  })

  it('revokes an access token: inactive at introspection, refused at userinfo', async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    await client.tokenRevocation(rp.config, tokens.access_token)
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toEqual({ active: false })
    const userinfo = await get(`${idp.url}/me`, { authorization: `Bearer ${tokens.access_token}` })
    expect(userinfo.status).toBe(401)
    expect(userinfo.json.error).toBe('invalid_token')
  })

  it('revokes a refresh token: the refresh grant is refused afterwards', async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    await client.tokenRevocation(rp.config, tokens.refresh_token ?? '', { token_type_hint: 'refresh_token' })
    expect(await client.tokenIntrospection(rp.config, tokens.refresh_token ?? '')).toEqual({ active: false })
    expect(await oauthError(client.refreshTokenGrant(rp.config, tokens.refresh_token ?? ''))).toBe(
      'invalid_grant',
    )
  })

  it("does not let a client revoke another client's token", async () => {
    const { tokens } = await signIn(rp, { personalId: citizen.personalId })
    // RFC 7009 §2.1: the server answers without revoking (or with an error); the token stays valid.
    await client.tokenRevocation(other.config, tokens.access_token).catch(() => {})
    expect(await client.tokenIntrospection(rp.config, tokens.access_token)).toMatchObject({ active: true })
  })
})
