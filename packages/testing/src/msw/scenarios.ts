import type { AttributeSource } from '@dinhdanh/client/schemas'

/**
 * The provider-caused failures of SECURITY.md's relying-party table, each named so a test can switch it
 * on and prove the app handles it. One-shot by default (the next request it applies to consumes it);
 * pass `{ persist: true }` to keep it until `reset()` or `clearScenario(name)`.
 *
 * | scenario | what the kit does | what `@dinhdanh/client` raises |
 * |---|---|---|
 * | `wrong_iss` | next ID token's `iss` is another issuer (R09) | `ERR_EID_TOKEN_INVALID`, check `iss` |
 * | `wrong_aud` | next ID token's `aud` is another client (R10) | `ERR_EID_TOKEN_INVALID`, check `aud` |
 * | `wrong_nonce` | next ID token's `nonce` is not the transaction's (R11) | `ERR_EID_TOKEN_INVALID`, check `nonce` |
 * | `expired` | next ID token expired two minutes ago (R12) | `ERR_EID_TOKEN_INVALID`, check `exp` |
 * | `bad_signature` | next ID token's signature has one bit flipped (R15) | `ERR_EID_TOKEN_INVALID`, check `signature` |
 * | `alg_none` | next ID token is unsigned, `alg: none` (R16) | `ERR_EID_TOKEN_INVALID`, check `alg` |
 * | `level_too_low` | next ID token says `acr: "1"` whatever was asked (R28) | `ERR_EID_LEVEL_TOO_LOW` when level 2 was required |
 * | `consent_denied` | next authorization redirects back with `error=access_denied` (R07) | `ERR_EID_ACCESS_DENIED` |
 * | `source_unavailable` | next userinfo fails the attributes of a source (default `health_insurance`) in `attribute_errors` | `result.unavailable` lists them |
 * | `server_error` | next request to an endpoint (default `token`) answers HTTP 500 (option `status`) | `ERR_EID_RESPONSE_INVALID` (`ERR_EID_DISCOVERY` at discovery) |
 * | `slow` | next request to an endpoint (default `token`) waits `delayMs` (default 10 s) first | `ERR_EID_NETWORK` (timeout) with a short `http.timeoutMs` |
 *
 * @example
 * ```ts
 * eid.useScenario('bad_signature')
 * await expect(client.completeSignIn(callback, transaction)).rejects.toMatchObject({ code: 'ERR_EID_TOKEN_INVALID' })
 * ```
 */
export const SCENARIO_NAMES = [
  'wrong_iss',
  'wrong_aud',
  'wrong_nonce',
  'expired',
  'bad_signature',
  'alg_none',
  'level_too_low',
  'consent_denied',
  'source_unavailable',
  'server_error',
  'slow',
] as const

/**
 * One of {@link SCENARIO_NAMES}.
 *
 * @example
 * ```ts
 * const name: ScenarioName = 'wrong_nonce'
 * ```
 */
export type ScenarioName = (typeof SCENARIO_NAMES)[number]

/**
 * The endpoints of the kit, for the `server_error` and `slow` scenarios.
 *
 * @example
 * ```ts
 * eid.useScenario('server_error', { endpoint: 'userinfo' })
 * ```
 */
export type MockEidEndpoint =
  | 'discovery'
  | 'jwks'
  | 'par'
  | 'authorization'
  | 'token'
  | 'userinfo'
  | 'revocation'
  | 'end_session'
  | 'consent_api'
  | 'backchannel_authentication'

/**
 * Options of `useScenario`.
 *
 * @example
 * ```ts
 * eid.useScenario('slow', { endpoint: 'userinfo', delayMs: 500, persist: true })
 * ```
 */
export interface ScenarioOptions {
  /** Keep the scenario on for every request it applies to, until `reset()` or `clearScenario()`. */
  persist?: boolean
  /** `server_error`, `slow`: the endpoint to affect (default `token`). */
  endpoint?: MockEidEndpoint
  /** `server_error`: the HTTP status (default 500). */
  status?: number
  /** `slow`: how long to wait before answering, in milliseconds (default 10 000). */
  delayMs?: number
  /** `source_unavailable`: the data source that is down (default `health_insurance`). */
  source?: AttributeSource
}

/** The ID-token scenarios, applied when the token endpoint mints the next ID token. */
export const ID_TOKEN_SCENARIOS = [
  'wrong_iss',
  'wrong_aud',
  'wrong_nonce',
  'expired',
  'bad_signature',
  'alg_none',
  'level_too_low',
] as const satisfies readonly ScenarioName[]

interface ActiveScenario {
  options: ScenarioOptions
}

/** The scenarios switched on in one kit, and their consumption. */
export class ScenarioBoard {
  readonly #active = new Map<ScenarioName, ActiveScenario>()

  use(name: ScenarioName, options: ScenarioOptions = {}): void {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(`unknown scenario "${String(name)}"; expected one of ${SCENARIO_NAMES.join(', ')}`)
    }
    this.#active.set(name, { options: { ...options } })
  }

  clear(name?: ScenarioName): void {
    if (name === undefined) this.#active.clear()
    else this.#active.delete(name)
  }

  /** The names switched on now. */
  active(): ScenarioName[] {
    return [...this.#active.keys()]
  }

  /**
   * Takes a scenario if it is on and `applies` to its options: returns the options and, unless it
   * persists, switches it off.
   */
  take(
    name: ScenarioName,
    applies: (options: ScenarioOptions) => boolean = () => true,
  ): ScenarioOptions | undefined {
    const active = this.#active.get(name)
    if (!active || !applies(active.options)) return undefined
    if (!active.options.persist) this.#active.delete(name)
    return active.options
  }

  /** Takes `server_error` or `slow` aimed at `endpoint` (default `token`). */
  takeForEndpoint(name: 'server_error' | 'slow', endpoint: MockEidEndpoint): ScenarioOptions | undefined {
    return this.take(name, (options) => (options.endpoint ?? 'token') === endpoint)
  }
}
