/**
 * The adapter conformance suite: the journeys every framework adapter over `@dinhdanh/web` must pass
 * (sign-in, signed-out redirect and 401, step-up, incremental consent, logout with and without CSRF,
 * back-channel logout across two instances, consent withdrawal, the error page, cookie chunking), run
 * against the msw kit in process. Needs vitest and msw (optional peer dependencies of this package).
 *
 * @example
 * ```ts
 * import { contextView, loopbackApp, testAdapter } from '@dinhdanh/testing/conformance/adapter'
 * testAdapter('@dinhdanh/express', (options) => loopbackApp(buildTestApp(options)), {
 *   makeStores: () => [new RedisSessionStore({ url, prefix }), new RedisSessionStore({ url, prefix })],
 * })
 * ```
 * @module
 */
export { ConformanceBrowser, loopbackApp, senderOf } from './browser.js'
export {
  ADAPTER_TEST_ROUTES,
  type AdapterApp,
  type AdapterAppOptions,
  type ContextView,
  contextView,
  type EidContextLike,
  type MakeAdapterApp,
} from './contract.js'
export { type TestAdapterOptions, testAdapter } from './test-adapter.js'
