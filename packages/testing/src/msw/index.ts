/**
 * The msw kit: an in-process national e-ID for integrators' unit tests (see {@link mockEid}).
 *
 * @packageDocumentation
 */
export type { CallbackForgery } from './authorization.js'
export type { MockEidClient } from './client-authentication.js'
export { createFakeClock, type FakeClock, systemClock } from './fake-clock.js'
export type { EncryptToOptions, MockEidKeys } from './keys.js'
export { type MockEid, type MockEidOptions, mockEid, type SignInAsOptions } from './mock-eid.js'
export type { PopulationDay } from './population-day.js'
export { publicSubject } from './public-subject.js'
export type { MockEidRequest } from './recorded-requests.js'
export {
  type MockEidEndpoint,
  SCENARIO_NAMES,
  type ScenarioName,
  type ScenarioOptions,
} from './scenarios.js'
export type { MockShareDecision, MockShareTransaction, MockVneidShare } from './share.js'
export type { MockShareWebhook, MockShareWebhookOptions } from './share-webhook.js'
export { type AppSignIn, type SignInThroughAppOptions, signInThroughApp } from './sign-in-through-app.js'
export type { SignOptions } from './signing-keys.js'
export type { ConsentRecordState } from './state.js'
export {
  editJson,
  type IdTokenTampering,
  type MockEidTamper,
  type ResponseReplacement,
  type TamperOptions,
} from './tamper.js'
export {
  BACKCHANNEL_LOGOUT_EVENT,
  type ConsentReceiptInput,
  type ConsentWithdrawnInput,
  createTokenFactory,
  type IdTokenClaims,
  type TokenBreakage,
  type TokenFactory,
  type TokenFactoryOptions,
} from './token-factories.js'
export {
  type MockVneid,
  type MockVneidClient,
  type MockVneidOptions,
  mockVneid,
} from './vneid-dialect.js'
export type { MockVneidEndpoint, MockVneidTamper } from './vneid-hostile.js'
