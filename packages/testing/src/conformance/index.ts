/**
 * Conformance suites for the interfaces a relying party can implement itself, in the manner of lucia's
 * `testAdapter`. They run under vitest (an optional peer dependency of this package).
 *
 * @example
 * ```ts
 * import { testSessionStore } from '@dinhdanh/testing/conformance'
 * testSessionStore('MyStore', async () => ({ store: new MyStore() }))
 * ```
 * @module
 */
export {
  type SessionRecordLike,
  type SessionStoreHarness,
  type SessionStoreLike,
  testSessionStore,
} from './session-store.js'
