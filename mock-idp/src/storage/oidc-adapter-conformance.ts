import { describe, expect, it, type TestContext } from 'vitest'
import type { OpenedStorage } from './conformance.js'
import { createOidcAdapterFactory } from './oidc-adapter.js'

const nowSec = (): number => Math.floor(Date.now() / 1000)

/**
 * The oidc-provider adapter part of `testStorage`: the adapter built by `createOidcAdapterFactory` over the
 * storage under test must behave as oidc-provider 9 expects.
 * @internal
 *
 * @example
 * ```ts
 * testOidcAdapterConformance((context) => openForTest(factory, context))
 * ```
 */
export function testOidcAdapterConformance(open: (context: TestContext) => Promise<OpenedStorage>): void {
  async function openAdapters(context: TestContext) {
    const opened = await open(context)
    const Adapter = createOidcAdapterFactory(opened.storage)
    return { ...opened, Adapter }
  }

  describe('oidc-provider adapter', () => {
    it('upserts, finds, replaces and destroys a record', async (context) => {
      const { Adapter } = await openAdapters(context)
      const tokens = new Adapter('AccessToken')
      const payload = {
        jti: 'at-1',
        kind: 'AccessToken',
        accountId: '079190001234',
        scope: 'openid',
        exp: nowSec() + 60,
      }
      await tokens.upsert('at-1', payload, 60)
      expect(await tokens.find('at-1')).toEqual(payload)
      await tokens.upsert('at-1', { ...payload, scope: 'openid profile' }, 60)
      expect(await tokens.find('at-1')).toMatchObject({ scope: 'openid profile' })
      await tokens.destroy('at-1')
      expect(await tokens.find('at-1')).toBeUndefined()
      await tokens.destroy('at-1')
    })

    it('keeps models apart and keeps records saved without expiresIn', async (context) => {
      const { Adapter } = await openAdapters(context)
      await new Adapter('Client').upsert('rp-1', { client_id: 'rp-1', client_name: 'Cổng dịch vụ công' })
      await new Adapter('AccessToken').upsert('rp-1', { kind: 'AccessToken' }, 60)
      expect(await new Adapter('Client').find('rp-1')).toEqual({
        client_id: 'rp-1',
        client_name: 'Cổng dịch vụ công',
      })
      expect(await new Adapter('AccessToken').find('rp-1')).toEqual({ kind: 'AccessToken' })
    })

    it('answers "not found" for ids that could never have been stored', async (context) => {
      const { Adapter } = await openAdapters(context)
      const clients = new Adapter('Client')
      for (const id of ['', 'x'.repeat(600)]) {
        expect(await clients.find(id)).toBeUndefined()
        expect(await new Adapter('Session').findByUid(id)).toBeUndefined()
        expect(await new Adapter('DeviceCode').findByUserCode(id)).toBeUndefined()
        await clients.consume(id)
        await clients.destroy(id)
        await clients.revokeByGrantId(id)
      }
      await clients.consume('unknown')
    })

    it('consume sets consumed to epoch seconds and keeps the rest of the payload', async (context) => {
      const { Adapter } = await openAdapters(context)
      const codes = new Adapter('AuthorizationCode')
      await codes.upsert('code-1', { kind: 'AuthorizationCode', grantId: 'g-1', nonce: 'n' }, 60)
      const before = nowSec()
      await codes.consume('code-1')
      const found = await codes.find('code-1')
      expect(found).toMatchObject({ kind: 'AuthorizationCode', grantId: 'g-1', nonce: 'n' })
      expect(found?.consumed).toBeGreaterThanOrEqual(before)
      expect(found?.consumed).toBeLessThanOrEqual(nowSec())
    })

    it('finds a Session by uid, and forgets the old uid when it changes or the session goes', async (context) => {
      const { Adapter } = await openAdapters(context)
      const sessions = new Adapter('Session')
      await sessions.upsert('sess-1', { uid: 'uid-1', accountId: '079190001234' }, 600)
      expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: '079190001234' })
      await sessions.upsert('sess-1', { uid: 'uid-2', accountId: '079190001234' }, 600)
      expect(await sessions.findByUid('uid-1')).toBeUndefined()
      expect(await sessions.findByUid('uid-2')).toMatchObject({ uid: 'uid-2' })
      await sessions.destroy('sess-1')
      expect(await sessions.findByUid('uid-2')).toBeUndefined()
    })

    it('finds a DeviceCode by user code', async (context) => {
      const { Adapter } = await openAdapters(context)
      const deviceCodes = new Adapter('DeviceCode')
      await deviceCodes.upsert('dc-1', { userCode: 'BCDF-GHJK', grantId: 'g-1' }, 600)
      expect(await deviceCodes.findByUserCode('BCDF-GHJK')).toMatchObject({ userCode: 'BCDF-GHJK' })
      expect(await deviceCodes.findByUserCode('XXXX-XXXX')).toBeUndefined()
    })

    it('revokeByGrantId on one model removes every model bound to that grant, and nothing else', async (context) => {
      const { Adapter } = await openAdapters(context)
      const accessTokens = new Adapter('AccessToken')
      const refreshTokens = new Adapter('RefreshToken')
      const codes = new Adapter('AuthorizationCode')
      const deviceCodes = new Adapter('DeviceCode')
      const sessions = new Adapter('Session')
      await accessTokens.upsert('at-1', { grantId: 'g-1' }, 3600)
      await accessTokens.upsert('at-2', { grantId: 'g-1' }, 3600)
      await refreshTokens.upsert('rt-1', { grantId: 'g-1' }, 86_400)
      await codes.upsert('code-1', { grantId: 'g-1' }, 60)
      await deviceCodes.upsert('dc-1', { grantId: 'g-1', userCode: 'WXYZ-BCDF' }, 600)
      await accessTokens.upsert('at-other', { grantId: 'g-2' }, 3600)
      await sessions.upsert('sess-1', { uid: 'uid-1', grantId: 'g-1' }, 3600)

      await accessTokens.revokeByGrantId('g-1')

      for (const [adapter, id] of [
        [accessTokens, 'at-1'],
        [accessTokens, 'at-2'],
        [refreshTokens, 'rt-1'],
        [codes, 'code-1'],
        [deviceCodes, 'dc-1'],
      ] as const) {
        expect(await adapter.find(id), id).toBeUndefined()
      }
      expect(await deviceCodes.findByUserCode('WXYZ-BCDF')).toBeUndefined()
      expect(await accessTokens.find('at-other')).toEqual({ grantId: 'g-2' })
      expect(await sessions.find('sess-1')).toMatchObject({ uid: 'uid-1' })
      await accessTokens.revokeByGrantId('g-1')
    })

    it('survives the provider revoking one grant through several models at once', async (context) => {
      const { Adapter } = await openAdapters(context)
      const models = ['AccessToken', 'RefreshToken', 'AuthorizationCode'].map((model) => new Adapter(model))
      for (const [i, adapter] of models.entries()) await adapter.upsert(`t-${i}`, { grantId: 'g-1' }, 600)
      await Promise.all(models.map((adapter) => adapter.revokeByGrantId('g-1')))
      for (const [i, adapter] of models.entries()) expect(await adapter.find(`t-${i}`)).toBeUndefined()
    })

    it('fails with a TypeError when a model name is too long to form a namespace', async (context) => {
      const { Adapter } = await openAdapters(context)
      await expect(new Adapter('X'.repeat(80)).upsert('id', {}, 60)).rejects.toThrow(TypeError)
    })

    describe.concurrent('expiry', () => {
      it('expires records, with their uid and user code lookups', async (context) => {
        const { Adapter, elapse } = await openAdapters(context)
        const sessions = new Adapter('Session')
        const deviceCodes = new Adapter('DeviceCode')
        await sessions.upsert('sess-1', { uid: 'uid-1' }, 1)
        await deviceCodes.upsert('dc-1', { userCode: 'BCDF-GHJK' }, 1)
        await sessions.upsert('sess-2', { uid: 'uid-2' }, 60)
        await elapse(1_100)
        context.expect(await sessions.find('sess-1')).toBeUndefined()
        context.expect(await sessions.findByUid('uid-1')).toBeUndefined()
        context.expect(await deviceCodes.findByUserCode('BCDF-GHJK')).toBeUndefined()
        context.expect(await sessions.findByUid('uid-2')).toMatchObject({ uid: 'uid-2' })
      })

      it('consume keeps the record’s expiry', async (context) => {
        const { Adapter, elapse } = await openAdapters(context)
        const codes = new Adapter('AuthorizationCode')
        await codes.upsert('code-1', { grantId: 'g-1' }, 1)
        await codes.consume('code-1')
        context.expect(await codes.find('code-1')).toHaveProperty('consumed')
        await elapse(1_100)
        context.expect(await codes.find('code-1')).toBeUndefined()
      })

      it('treats expiresIn <= 0 as already expired', async (context) => {
        const { Adapter } = await openAdapters(context)
        const interactions = new Adapter('Interaction')
        await interactions.upsert('i-1', { uid: 'u' }, 60)
        await interactions.upsert('i-1', { uid: 'u' }, 0)
        await interactions.upsert('i-2', { uid: 'u' }, -5)
        context.expect(await interactions.find('i-1')).toBeUndefined()
        context.expect(await interactions.find('i-2')).toBeUndefined()
      })
    })
  })
}
