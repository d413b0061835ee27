import { describe, expect, it } from 'vitest'
import { collectCookies } from './cookie-sink.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { MemorySessionStore } from './session/memory-session-store.js'
import { seal } from './session/seal.js'
import { type LoadedSession, type SessionData, Sessions } from './sessions.js'

function sessionsWith(store: MemorySessionStore): Sessions {
  return new Sessions({
    session: {
      secrets: ['s'.repeat(32)],
      cookieName: 'eid_session',
      rollingSec: 1800,
      absoluteSec: 28_800,
      store,
    },
    secure: false,
  } as unknown as ResolvedEidCoreOptions)
}

const req = undefined // no Cookie header
// A response already sent: save() then only touches the store.
const sent = (() => {
  const sink = collectCookies()
  sink.close()
  return sink
})()

describe('Sessions with a store', () => {
  it('regression: a session ended elsewhere (back-channel logout) is not written back by a request that loaded it before', async () => {
    const store = new MemorySessionStore()
    const sessions = sessionsWith(store)
    const data = { level: 2, attributes: {}, granted: [], tokens: {}, createdAt: 1 } as unknown as SessionData
    const session: LoadedSession = await sessions.create(req, sent, { subject: 'sub-1' }, data)
    expect(await store.get(session.id)).toBeDefined()
    // Another instance ends every session of the citizen...
    expect(await store.deleteBySubject('sub-1')).toBe(1)
    // ...while this request, holding the session it loaded earlier, rolls it.
    await sessions.save(req, sent, session)
    expect(await store.get(session.id)).toBeUndefined()
  })
})

/** A response that only collects Set-Cookie headers. */
function cookieJarResponse() {
  const res = collectCookies()
  const cookie = () =>
    res
      .pending()
      .map((line) => line.split(';')[0])
      .join('; ')
  return { res, cookie }
}

describe('Sessions in cookie mode', () => {
  it('regression: a copy of the cookie does not outlive the sign-out (stolen cookie, another tab)', async () => {
    const sessions = new Sessions({
      session: {
        secrets: ['s'.repeat(32)],
        cookieName: 'eid_session',
        rollingSec: 1800,
        absoluteSec: 28_800,
      },
      secure: false,
    } as unknown as ResolvedEidCoreOptions)
    const data = {
      level: 2,
      attributes: {},
      granted: [],
      tokens: {},
      createdAt: Math.floor(Date.now() / 1000) - 5,
    } as unknown as SessionData
    const created = cookieJarResponse()
    const session = await sessions.create(req, created.res, { subject: 'sub-2' }, data)
    const copy = created.cookie()
    expect((await sessions.load(copy))?.id).toBe(session.id)
    await sessions.destroy(copy, cookieJarResponse().res, session)
    expect(await sessions.load(copy)).toBeUndefined()
  })

  it('review finding: a copy of the cookie from before a new sign-in (step-up, another citizen) is refused', async () => {
    const sessions = new Sessions({
      session: {
        secrets: ['c'.repeat(32)],
        cookieName: 'eid_session',
        rollingSec: 1800,
        absoluteSec: 28_800,
      },
      secure: false,
    } as unknown as ResolvedEidCoreOptions)
    const data = (createdAt: number) =>
      ({ level: 1, attributes: {}, granted: [], tokens: {}, createdAt }) as unknown as SessionData
    const before = cookieJarResponse()
    const first = await sessions.create(
      req,
      before.res,
      { subject: 'sub-4' },
      data(Math.floor(Date.now() / 1000) - 5),
    )
    const oldCookie = before.cookie()
    expect((await sessions.load(oldCookie))?.id).toBe(first.id)
    const after = cookieJarResponse()
    const second = await sessions.create(
      oldCookie,
      after.res,
      { subject: 'sub-4' },
      data(Math.floor(Date.now() / 1000)),
      first,
    )
    expect(await sessions.load(oldCookie)).toBeUndefined()
    expect((await sessions.load(after.cookie()))?.id).toBe(second.id)
  })
})

describe('Sessions: cookie chunking', () => {
  it('warns once per process, not on every response, when the session cookie is chunked', async () => {
    const warnings: string[] = []
    const sessions = new Sessions({
      session: {
        secrets: ['s'.repeat(32)],
        cookieName: 'eid_session',
        rollingSec: 1800,
        absoluteSec: 28_800,
      },
      secure: false,
      log: (message: string) => warnings.push(message),
    } as unknown as ResolvedEidCoreOptions)
    // About 8 kB of attributes: the sealed cookie needs several chunks.
    const data = {
      level: 2,
      attributes: {
        education: Array.from({ length: 60 }, (_, i) => ({ qualification: `Bằng ${i} ${'x'.repeat(100)}` })),
      },
      granted: [],
      tokens: {},
      createdAt: Math.floor(Date.now() / 1000),
    } as unknown as SessionData
    const first = await sessions.create(req, cookieJarResponse().res, { subject: 'sub-3' }, data)
    await sessions.save(req, cookieJarResponse().res, first)
    await sessions.save(req, cookieJarResponse().res, first)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).not.toContain('Bằng')
  })
})

describe('Sessions in cookie mode: cookies of another shape', () => {
  const secret = 'fuzz-regression-secret-0123456789abcdef'
  const sessions = new Sessions({
    session: { secrets: [secret], cookieName: 'eid_session', rollingSec: 1800, absoluteSec: 28_800 },
    secure: false,
  } as unknown as ResolvedEidCoreOptions)
  const record = (overrides: Record<string, unknown>) => ({
    subject: 'sub-1',
    absoluteExpiresAt: Math.floor(Date.now() / 1000) + 600,
    data: { level: 1, attributes: {}, granted: [], tokens: {}, createdAt: 1 },
    ...overrides,
  })
  const load = async (payload: object) => {
    const cookie = await seal(payload, { secrets: [secret], purpose: 'session', ttlSec: 600 })
    return sessions.load(`eid_session=${cookie}`)
  }

  it('fuzz finding: an authentic cookie of another shape (an older release, another app on the secret) is a signed-out request, not a session with a non-string subject or a TypeError', async () => {
    // The fuzzer's counterexample: a subject that is not a string came back as the session's subject.
    await expect(load({ id: 'id-1', record: record({ subject: [] }) })).resolves.toBeUndefined()
    // Without data, load() itself threw reading data.createdAt.
    await expect(load({ id: 'id-1', record: record({ data: null }) })).resolves.toBeUndefined()
    await expect(
      load({ id: 'id-1', record: record({ data: { createdAt: 1, granted: 'identity' } }) }),
    ).resolves.toBeUndefined()
    await expect(load({ id: '', record: record({}) })).resolves.toBeUndefined()
    await expect(load({ id: 'id-1', record: record({}) })).resolves.toMatchObject({ id: 'id-1' })
  })
})
