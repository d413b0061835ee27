import Provider from 'oidc-provider'
import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from './memory-storage.js'
import { createOidcAdapterFactory } from './oidc-adapter.js'
import type { Storage } from './storage.js'

/** The oidc-provider model classes these tests drive (the shared declaration leaves them out). */
interface TokenModel {
  new (
    properties: Record<string, unknown>,
  ): { save(ttl?: number): Promise<string>; consume?(): Promise<void> }
  find(value: string): Promise<(Record<string, unknown> & { isValid?: boolean }) | undefined>
  revokeByGrantId(grantId: string): Promise<void>
}

interface ProviderModels {
  AccessToken: TokenModel
  RefreshToken: TokenModel
  AuthorizationCode: TokenModel
  Session: {
    new (properties: Record<string, unknown>): { uid: string; save(ttl: number): Promise<void> }
    findByUid(uid: string): Promise<{ accountId?: string } | undefined>
  }
}

function startProvider() {
  const storage = createMemoryStorage()
  const provider = new Provider('http://localhost:3000', {
    adapter: createOidcAdapterFactory(storage),
    clients: [
      {
        client_id: 'cong-dich-vu-cong',
        client_secret: 'a-long-enough-test-secret-for-hs256-signing',
        redirect_uris: ['https://rp.example/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, RefreshToken: 3600, Session: 600 },
    features: { devInteractions: { enabled: false } },
  })
  return { provider, models: provider as unknown as ProviderModels, storage }
}

describe('createOidcAdapterFactory', () => {
  it('keeps records clockToleranceSec past expiresIn, as the provider accepts them that late', async () => {
    let now = Date.now()
    const storage = createMemoryStorage({ clock: () => now })
    const Adapter = createOidcAdapterFactory(storage, { clockToleranceSec: 5 })
    const tokens = new Adapter('AccessToken')
    await tokens.upsert('at-1', { grantId: 'g-1' }, 1)
    now += 2_000
    expect(await tokens.find('at-1')).toEqual({ grantId: 'g-1' })
    now += 5_000
    expect(await tokens.find('at-1')).toBeUndefined()
    await storage.close()
  })

  it('never returns a record whose uid or user code differs from the one looked up (a stale lookup)', async () => {
    const storage = createMemoryStorage()
    const Adapter = createOidcAdapterFactory(storage)
    await new Adapter('Session').upsert('sess-1', { uid: 'uid-1' }, 600)
    await new Adapter('DeviceCode').upsert('dc-1', { userCode: 'BCDF-GHJK' }, 600)
    // What a lookup left behind by a concurrent re-save looks like.
    await storage.set('oidc:session:by_uid', 'uid-stale', 'sess-1')
    await storage.set('oidc:device_code:by_user_code', 'XXXX-XXXX', 'dc-1')
    expect(await new Adapter('Session').findByUid('uid-stale')).toBeUndefined()
    expect(await new Adapter('DeviceCode').findByUserCode('XXXX-XXXX')).toBeUndefined()
    await storage.close()
  })

  it('keeps records in one namespace per model, named after it', async () => {
    const storage = createMemoryStorage()
    const Adapter = createOidcAdapterFactory(storage)
    await new Adapter('BackchannelAuthenticationRequest').upsert('ciba-1', { grantId: 'g-1' }, 600)
    expect(await storage.list('oidc:backchannel_authentication_request')).toHaveLength(1)
    expect(await storage.members('oidc-index:grant', 'g-1')).toEqual([
      'backchannel_authentication_request:ciba-1',
    ])
    await storage.close()
  })
})

describe('createOidcAdapterFactory inside a real oidc-provider 9', () => {
  it('stores, finds, consumes and revokes the provider’s own tokens', async () => {
    const { provider, models, storage } = startProvider()
    const client = await provider.Client.find('cong-dich-vu-cong')
    const grant = new provider.Grant({ accountId: '079190001234', clientId: 'cong-dich-vu-cong' })
    grant.addOIDCScope('openid')
    const grantId = await grant.save()
    expect(await provider.Grant.find(grantId)).toMatchObject({ accountId: '079190001234' })

    const common = { accountId: '079190001234', client, grantId, scope: 'openid' }
    const accessToken = await new models.AccessToken({ ...common, gty: 'authorization_code' }).save()
    const refreshToken = await new models.RefreshToken({ ...common, gty: 'authorization_code' }).save()
    const code = new models.AuthorizationCode({ ...common, redirectUri: 'https://rp.example/callback' })
    const codeValue = await code.save()

    expect(await models.AccessToken.find(accessToken)).toMatchObject({ accountId: '079190001234', grantId })
    expect((await models.AuthorizationCode.find(codeValue))?.isValid).toBe(true)
    await code.consume?.()
    expect((await models.AuthorizationCode.find(codeValue))?.isValid).toBe(false)

    await models.AccessToken.revokeByGrantId(grantId)
    expect(await models.AccessToken.find(accessToken)).toBeUndefined()
    expect(await models.RefreshToken.find(refreshToken)).toBeUndefined()
    expect(await models.AuthorizationCode.find(codeValue)).toBeUndefined()
    await storage.close()
  })

  it('finds a session by uid', async () => {
    const { models, storage } = startProvider()
    const session = new models.Session({ accountId: '079190001234' })
    await session.save(600)
    expect(await models.Session.findByUid(session.uid)).toMatchObject({ accountId: '079190001234' })
    await storage.close()
  })

  it('answers an unknown or absurd client_id with "no such client" rather than an error', async () => {
    const { provider, storage } = startProvider()
    expect(await provider.Client.find('unknown')).toBeUndefined()
    expect(await provider.Client.find('x'.repeat(5_000))).toBeUndefined()
    await storage.close()
  })

  it('saves and destroys a model without lookups or a grant index without reading the store first', async () => {
    const storage = createMemoryStorage()
    const reads: string[] = []
    const counted: Storage = {
      ...storage,
      get: (namespace, key) => {
        reads.push(namespace)
        return storage.get(namespace, key)
      },
    }
    const Adapter = createOidcAdapterFactory(counted)
    const interactions = new Adapter('Interaction')
    await interactions.upsert('i-1', { uid: 'i-1', session: { uid: 's-1' } }, 600)
    await interactions.upsert('i-1', { uid: 'i-1', result: { login: {} } }, 600) // re-saved, as on each step
    await interactions.destroy('i-1')
    await new Adapter('PushedAuthorizationRequest').upsert('par-1', { request: 'x' }, 60)
    expect(reads).toEqual([])
    expect(await interactions.find('i-1')).toBeUndefined()
    expect(await new Adapter('PushedAuthorizationRequest').find('par-1')).toEqual({ request: 'x' })
    // An indexed model still reads its previous record, so a changed uid drops the old lookup.
    const sessions = new Adapter('Session')
    await sessions.upsert('sess-1', { uid: 'uid-1' }, 600)
    await sessions.upsert('sess-1', { uid: 'uid-2' }, 600)
    expect(await sessions.findByUid('uid-1')).toBeUndefined()
    expect(await storage.get('oidc:session:by_uid', 'uid-1')).toBeUndefined()
    expect(await sessions.findByUid('uid-2')).toEqual({ uid: 'uid-2' })
    await storage.close()
  })
})
