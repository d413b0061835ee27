import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createClient, type EidClient } from '../src/index.js'
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from './fake-provider.js'

/**
 * Installs an msw server with a fresh fake provider before each test (unhandled requests are errors),
 * and returns accessors. `client()` creates an SDK client against it.
 */
export function useFakeProvider(options: FakeProviderOptions = {}) {
  const server = setupServer()
  let current: FakeProvider | undefined
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(async () => {
    current = await createFakeProvider(options)
    server.resetHandlers(...current.handlers)
  })
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  const provider = () => {
    if (!current) throw new Error('fake provider not started')
    return current
  }
  return {
    server,
    provider,
    client: (extra: Record<string, unknown> = {}, runtime = {}): Promise<EidClient> =>
      createClient(provider().clientOptions(extra) as Parameters<typeof createClient>[0], runtime),
  }
}
