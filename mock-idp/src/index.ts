/**
 * `@dinhdanh/mock-idp`: a mock national e-ID provider for Vietnam's relying parties, on oidc-provider.
 *
 * @example
 * ```ts
 * import { createMockIdp } from '@dinhdanh/mock-idp'
 * const idp = await createMockIdp({ port: 0, store: 'memory', autoApprove: true })
 * ```
 * @module
 */
export { createApp, type MockIdpApp } from './app.js'
export {
  type MockIdpOptions,
  MockIdpOptionsError,
  type ResolvedMockIdpOptions,
  resolveMockIdpOptions,
  type StoreOption,
} from './options.js'
export { parseScenarioParameter, SCENARIO_ENDPOINTS, type Scenario, scenarioSchema } from './scenarios.js'
export { type CaseResult, formatJunit, formatTable, type Outcome } from './selftest/report.js'
export {
  runSelftest,
  type SelftestOptions,
  type SelftestReport,
  SelftestUsageError,
} from './selftest/run.js'
export { createMockIdp, type MockIdp } from './server.js'
