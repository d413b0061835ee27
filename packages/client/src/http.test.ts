import { delay, HttpResponse, http } from 'msw'
import { Agent } from 'undici'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { rejection } from '../test-support/rejection.js'
import { ISSUER, useMockEid } from '../test-support/use-mock-eid.js'
import { EidNetworkError } from './errors/index.js'
import { Http } from './http.js'

const DISCOVERY_PATH = '/.well-known/openid-configuration'

/** Resolves `promise`, or fails when it does not settle within `withinMs`. */
async function settles<T>(promise: Promise<T>, withinMs = 3000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the call did not settle within ${withinMs} ms (it hangs)`)),
      withinMs,
    )
  })
  try {
    return await Promise.race([promise, hang])
  } finally {
    clearTimeout(timer)
  }
}

/** A handler answering from `answers` in order (the last one repeats), counting calls. */
function scripted(answers: (() => Response)[]) {
  let calls = 0
  const next = () => {
    const answer = answers[Math.min(calls, answers.length - 1)]!
    calls++
    return answer()
  }
  return { next, calls: () => calls }
}

describe('Http', () => {
  const fake = useMockEid()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  const url = `${ISSUER}/probe`

  it('times a request out after timeoutMs: ERR_EID_NETWORK with timeout true', async () => {
    fake.server.use(
      http.get(url, async () => {
        await delay(2000)
        return HttpResponse.json({})
      }),
    )
    const started = Date.now()
    const error = await rejection(new Http({ timeoutMs: 200, retries: 0 }).request(url, {}, 'userinfo'))
    expect(error).toBeInstanceOf(EidNetworkError)
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: true, endpoint: 'userinfo' })
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('reports a network failure as ERR_EID_NETWORK with timeout false', async () => {
    fake.server.use(http.get(url, () => HttpResponse.error()))
    const error = await rejection(new Http({ timeoutMs: 1000, retries: 0 }).request(url, {}, 'userinfo'))
    expect(error).toBeInstanceOf(EidNetworkError)
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: false, endpoint: 'userinfo' })
  })

  it('reports a caller abort as ERR_EID_ABORTED', async () => {
    fake.server.use(
      http.get(url, async () => {
        await delay(2000)
        return HttpResponse.json({})
      }),
    )
    const controller = new AbortController()
    const pending = rejection(
      new Http({ timeoutMs: 5000, retries: 0 }).request(url, { signal: controller.signal }, 'userinfo'),
    )
    setTimeout(() => controller.abort(), 20)
    expect(await pending).toMatchObject({ code: 'ERR_EID_ABORTED' })
  })

  it('reports a caller deadline (a TimeoutError signal) as a timeout, not an abort', async () => {
    fake.server.use(
      http.get(url, async () => {
        await delay(2000)
        return HttpResponse.json({})
      }),
    )
    const error = await rejection(
      new Http({ timeoutMs: 5000, retries: 0 }).request(url, { signal: AbortSignal.timeout(50) }, 'jwks'),
    )
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: true, endpoint: 'jwks' })
  })

  it('does not follow redirects', async () => {
    let followed = 0
    fake.server.use(
      http.get(
        url,
        () => new HttpResponse(null, { status: 302, headers: { location: 'https://evil.test/x' } }),
      ),
      http.get('https://evil.test/x', () => {
        followed++
        return HttpResponse.json({ hijacked: true })
      }),
    )
    const response = await new Http({ timeoutMs: 1000, retries: 2 }).request(url, {}, 'discovery')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://evil.test/x')
    expect(followed).toBe(0)
  })

  it('retries a GET of discovery or JWKS after 5xx/429 (empty bodies), up to `retries` times', async () => {
    const answers = scripted([
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 429 }),
      () => HttpResponse.json({ ok: true }),
    ])
    fake.server.use(http.get(url, answers.next))
    const response = await settles(new Http({ timeoutMs: 1000, retries: 2 }).request(url, {}, 'jwks'))
    expect(response.status).toBe(200)
    expect(answers.calls()).toBe(3)
  })

  it('retries a GET of discovery after a 503 with a body (an error page) without hanging', async () => {
    const answers = scripted([
      () => HttpResponse.text('Service Unavailable', { status: 503 }),
      () => HttpResponse.json({ ok: true }),
    ])
    fake.server.use(http.get(url, answers.next))
    const response = await settles(new Http({ timeoutMs: 1000, retries: 2 }).request(url, {}, 'discovery'))
    expect(response.status).toBe(200)
    expect(answers.calls()).toBe(2)
  })

  it('gives the last 5xx back once the retries are spent', async () => {
    const answers = scripted([() => new HttpResponse(null, { status: 502 })])
    fake.server.use(http.get(url, answers.next))
    const response = await settles(new Http({ timeoutMs: 1000, retries: 2 }).request(url, {}, 'discovery'))
    expect(response.status).toBe(502)
    expect(answers.calls()).toBe(3)
  })

  it('retries a GET of JWKS after a network failure', async () => {
    const answers = scripted([() => HttpResponse.error(), () => HttpResponse.json({ keys: [] })])
    fake.server.use(http.get(url, answers.next))
    const response = await new Http({ timeoutMs: 1000, retries: 1 }).request(url, {}, 'jwks')
    expect(response.status).toBe(200)
    expect(answers.calls()).toBe(2)
  })

  it('never retries a POST, even to the discovery or token endpoint', async () => {
    const answers = scripted([() => new HttpResponse(null, { status: 503 })])
    fake.server.use(http.post(url, answers.next))
    const layer = new Http({ timeoutMs: 1000, retries: 2 })
    expect((await layer.request(url, { method: 'POST', body: 'a=1' }, 'token')).status).toBe(503)
    expect((await layer.request(url, { method: 'post', body: 'a=1' }, 'discovery')).status).toBe(503)
    expect(answers.calls()).toBe(2)
  })

  it('never retries a GET of another endpoint, or of an unknown one', async () => {
    const answers = scripted([() => HttpResponse.error()])
    fake.server.use(http.get(url, answers.next))
    const layer = new Http({ timeoutMs: 1000, retries: 2 })
    await expect(rejection(layer.request(url, {}, 'userinfo'))).resolves.toMatchObject({ timeout: false })
    await expect(rejection(layer.request(url, {}))).resolves.toMatchObject({ code: 'ERR_EID_NETWORK' })
    expect(answers.calls()).toBe(2)
  })

  it('uses the endpoint resolver to decide what is retryable', async () => {
    const answers = scripted([() => new HttpResponse(null, { status: 500 }), () => HttpResponse.json({})])
    fake.server.use(http.get(url, answers.next))
    const layer = new Http({ timeoutMs: 1000, retries: 1 })
    layer.setEndpointResolver((u) => (u === url ? 'jwks' : undefined))
    expect((await settles(layer.request(url, {}))).status).toBe(200)
    expect(answers.calls()).toBe(2)
  })

  it('reads globalThis.fetch at call time', async () => {
    fake.server.use(http.get(url, () => HttpResponse.json({})))
    const layer = new Http({ timeoutMs: 1000, retries: 0 })
    const replacement = vi.fn(async () => HttpResponse.json({ from: 'replacement' }))
    vi.spyOn(globalThis, 'fetch').mockImplementation(replacement)
    const response = await layer.request(url, {}, 'userinfo')
    expect(await response.json()).toEqual({ from: 'replacement' })
    expect(replacement).toHaveBeenCalledTimes(1)
  })

  it('passes the dispatcher, a timeout signal and redirect: manual to fetch', async () => {
    fake.server.use(http.get(url, () => HttpResponse.json({})))
    const dispatcher = { dispatch: () => true }
    const spy = vi.spyOn(globalThis, 'fetch')
    await new Http({ timeoutMs: 1000, retries: 0, dispatcher }).request(url, { headers: { a: 'b' } }, 'jwks')
    expect(spy).toHaveBeenCalledTimes(1)
    const [calledUrl, init] = spy.mock.calls[0]! as [string, RequestInit & { dispatcher?: unknown }]
    expect(calledUrl).toBe(url)
    expect(init.dispatcher).toBe(dispatcher)
    expect(init.redirect).toBe('manual')
    expect(init.signal).toBeInstanceOf(AbortSignal)
    expect(init.headers).toEqual({ a: 'b' })
  })

  it('passes no dispatcher when none is configured', async () => {
    fake.server.use(http.get(url, () => HttpResponse.json({})))
    const spy = vi.spyOn(globalThis, 'fetch')
    await new Http({ timeoutMs: 1000, retries: 0 }).request(url, {}, 'jwks')
    const init = spy.mock.calls[0]![1] as RequestInit & { dispatcher?: unknown }
    expect('dispatcher' in init).toBe(false)
  })
})

describe('the client’s HTTP', () => {
  const fake = useMockEid()
  afterEach(() => {
    vi.restoreAllMocks()
  })

  async function startSignIn(extra: Record<string, unknown> = {}) {
    const eid = await fake.client(extra)
    const { url, transaction } = await eid.signIn({ level: 2 })
    return { eid, transaction, callback: await fake.eid().authorize(url) }
  }

  it('reports a slow token endpoint as ERR_EID_NETWORK with timeout true', async () => {
    const { eid, transaction, callback } = await startSignIn({ http: { timeoutMs: 200 } })
    fake.server.use(
      http.post(`${ISSUER}/token`, async () => {
        await delay(2000)
        return HttpResponse.json({ error: 'too_late' }, { status: 400 })
      }),
    )
    const started = Date.now()
    const error = await rejection(eid.completeSignIn(callback, transaction))
    expect(error).toBeInstanceOf(EidNetworkError)
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: true, endpoint: 'token' })
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('retries discovery after two 503s (empty bodies) and succeeds', async () => {
    let calls = 0
    fake
      .eid()
      .tamper.nextResponse(
        'discovery',
        (original) => (++calls <= 2 ? new HttpResponse(null, { status: 503 }) : original),
        { persist: true },
      )
    const eid = await settles(fake.client())
    expect(eid.issuer).toBe(ISSUER)
    expect(fake.eid().requests('discovery').length).toBe(3)
  })

  it('retries discovery after two 503 error pages and succeeds', async () => {
    let calls = 0
    fake
      .eid()
      .tamper.nextResponse(
        'discovery',
        (original) =>
          ++calls <= 2 ? HttpResponse.html('<h1>503 Service Unavailable</h1>', { status: 503 }) : original,
        { persist: true },
      )
    const eid = await settles(fake.client())
    expect(eid.issuer).toBe(ISSUER)
    expect(fake.eid().requests('discovery').length).toBe(3)
  })

  it('gives up discovery after the retries with ERR_EID_DISCOVERY', async () => {
    fake
      .eid()
      .tamper.nextResponse('discovery', () => new HttpResponse(null, { status: 503 }), { persist: true })
    const error = await rejection(fake.client({ http: { retries: 1 } }))
    expect(error).toMatchObject({ code: 'ERR_EID_DISCOVERY' })
    expect(fake.eid().requests('discovery').length).toBe(2)
  })

  it('does not retry a token POST answering 503', async () => {
    const { eid, transaction, callback } = await startSignIn()
    let calls = 0
    fake.server.use(
      http.post(`${ISSUER}/token`, () => {
        calls++
        return HttpResponse.json({ error: 'temporarily_unavailable' }, { status: 503 })
      }),
    )
    const error = await rejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', status: 503, endpoint: 'token' })
    expect(calls).toBe(1)
  })

  it('reports a network failure at discovery as ERR_EID_NETWORK with timeout false, after the retries', async () => {
    fake.eid().tamper.nextResponse('discovery', () => HttpResponse.error(), { persist: true })
    const error = await rejection(fake.client({ http: { retries: 2 } }))
    expect(error).toBeInstanceOf(EidNetworkError)
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: false, endpoint: 'discovery' })
    expect(fake.eid().requests('discovery').length).toBe(3)
  })

  it('reports a network failure at the token endpoint as ERR_EID_NETWORK, without retrying', async () => {
    const { eid, transaction, callback } = await startSignIn()
    let calls = 0
    fake.server.use(
      http.post(`${ISSUER}/token`, () => {
        calls++
        return HttpResponse.error()
      }),
    )
    const error = await rejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_NETWORK', timeout: false, endpoint: 'token' })
    expect(calls).toBe(1)
  })

  it('R37: does not follow a discovery redirect to another host', async () => {
    let followed = 0
    fake.eid().tamper.nextResponse(
      'discovery',
      () =>
        new HttpResponse(null, {
          status: 302,
          headers: { location: `https://evil.test${DISCOVERY_PATH}` },
        }),
      { persist: true },
    )
    fake.server.use(
      http.get(`https://evil.test${DISCOVERY_PATH}`, () => {
        followed++
        return HttpResponse.json({ issuer: ISSUER })
      }),
    )
    const error = await rejection(fake.client())
    expect(error).toMatchObject({ code: 'ERR_EID_DISCOVERY' })
    expect(followed).toBe(0)
  })

  it('does not follow a token endpoint redirect', async () => {
    const { eid, transaction, callback } = await startSignIn()
    let followed = 0
    fake.server.use(
      http.post(
        `${ISSUER}/token`,
        () => new HttpResponse(null, { status: 307, headers: { location: 'https://evil.test/token' } }),
      ),
      http.post('https://evil.test/token', () => {
        followed++
        return HttpResponse.json({})
      }),
    )
    const error = await rejection(eid.completeSignIn(callback, transaction))
    expect(error).toMatchObject({ code: 'ERR_EID_RESPONSE_INVALID', endpoint: 'token' })
    expect(followed).toBe(0)
  })

  it('reads globalThis.fetch at call time (a fetch replaced after createClient is used)', async () => {
    const eid = await fake.client()
    const spy = vi.spyOn(globalThis, 'fetch')
    await eid.signIn({ level: 1 })
    expect(spy).toHaveBeenCalled()
    expect(spy.mock.calls.map(([input]) => String(input))).toContain(`${ISSUER}/par`)
  })

  it('passes the configured dispatcher to every fetch', async () => {
    const agent = new Agent({ connect: { timeout: 1000 } })
    try {
      const spy = vi.spyOn(globalThis, 'fetch')
      const { eid, transaction, callback } = await startSignIn({ http: { dispatcher: agent } })
      await eid.completeSignIn(callback, transaction)
      const urls = spy.mock.calls.map(([input]) => new URL(String(input)).pathname)
      expect(urls).toEqual(expect.arrayContaining([DISCOVERY_PATH, '/par', '/token', '/jwks', '/userinfo']))
      for (const [, init] of spy.mock.calls) {
        expect((init as { dispatcher?: unknown }).dispatcher).toBe(agent)
        expect(init?.redirect).toBe('manual')
      }
    } finally {
      await agent.close()
    }
  })
})
