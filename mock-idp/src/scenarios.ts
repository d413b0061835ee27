import { z } from 'zod'
import type { Storage } from './storage/storage.js'

/**
 * The provider endpoints a scenario can target.
 *
 * @example
 * ```ts
 * const endpoint: ScenarioEndpoint = 'token'
 * ```
 */
export const SCENARIO_ENDPOINTS = [
  'any',
  'discovery',
  'jwks',
  'authorization',
  'par',
  'token',
  'userinfo',
  'ciba',
  'introspection',
  'revocation',
  'consent_api',
] as const

/**
 * One scenario. `latency`, `server_error` and `html_body` act on an endpoint; `source_down`,
 * `source_slow` and `source_empty` on a data source; `consent_denied`, `citizen_cancels` and `otp_expired` on the screens; `key_rotated` rotates
 * the signing key once before the next token is issued. The share scenarios act on the sharing transactions
 * started while they are on: `share_refused` (the app refuses at once), `share_expired` (the transaction
 * is expired from the start), `app_not_installed` (the app link shows "install VNeID"), `share_slow` (an
 * approved result stays `PENDING` for `seconds`).
 *
 * @example
 * ```ts
 * const slowToken: Scenario = { name: 'latency', endpoint: 'token', ms: 3000 }
 * ```
 */
export const scenarioSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('latency'),
    endpoint: z.enum(SCENARIO_ENDPOINTS).default('any'),
    ms: z.number().int().min(0).max(60_000),
  }),
  z.object({
    name: z.literal('server_error'),
    endpoint: z.enum(SCENARIO_ENDPOINTS).default('any'),
    status: z.number().int().min(500).max(599).default(503),
  }),
  z.object({ name: z.literal('html_body'), endpoint: z.enum(SCENARIO_ENDPOINTS).default('any') }),
  z.object({ name: z.literal('source_down'), source: z.string().regex(/^[a-z_]{2,32}$/) }),
  z.object({
    name: z.literal('source_slow'),
    source: z.string().regex(/^[a-z_]{2,32}$/),
    ms: z.number().int().min(0).max(30_000),
  }),
  z.object({ name: z.literal('source_empty'), source: z.string().regex(/^[a-z_]{2,32}$/) }),
  z.object({ name: z.literal('consent_denied') }),
  z.object({ name: z.literal('citizen_cancels') }),
  z.object({ name: z.literal('otp_expired') }),
  z.object({ name: z.literal('key_rotated') }),
  z.object({ name: z.literal('clock_skew'), seconds: z.number().int().min(-3600).max(3600) }),
  // Sharing by transaction (docs/vneid-share.md), read when a transaction starts.
  z.object({ name: z.literal('share_refused') }),
  z.object({ name: z.literal('share_expired') }),
  z.object({ name: z.literal('app_not_installed') }),
  z.object({ name: z.literal('share_slow'), seconds: z.number().int().min(1).max(600) }),
])

/**
 * A scenario, as set through the admin API, a persona or the `mock_scenario` parameter.
 *
 * @example
 * ```ts
 * const down: Scenario = { name: 'source_down', source: 'health_insurance' }
 * ```
 */
export type Scenario = z.output<typeof scenarioSchema>

/** Scenarios that can be asked for per authorization request with `mock_scenario`. */
const PER_REQUEST = new Set([
  'source_down',
  'source_slow',
  'source_empty',
  'consent_denied',
  'citizen_cancels',
  'otp_expired',
])

/** The state of each attribute source for one claims request. */
export interface SourceConditions {
  down: Set<string>
  empty: Set<string>
  /** Milliseconds each slow source takes to answer. */
  slow: Map<string, number>
}

/** A scenario as recorded with a grant (`mock_scenario` at authorization): `name[:source[:ms]]`. */
export function scenarioKey(scenario: Scenario): string {
  if (scenario.name === 'source_slow') return `source_slow:${scenario.source}:${scenario.ms}`
  if (scenario.name === 'source_down' || scenario.name === 'source_empty')
    return `${scenario.name}:${scenario.source}`
  return scenario.name
}

/**
 * Parses `mock_scenario`: comma-separated `name` or `name:argument` (e.g.
 * `source_down:health_insurance,otp_expired`). Unknown or malformed entries are reported, not ignored.
 *
 * @example
 * ```ts
 * parseScenarioParameter('source_down:vaccination') // { scenarios: [{ name: 'source_down', source: 'vaccination' }], problems: [] }
 * ```
 */
export function parseScenarioParameter(value: unknown): { scenarios: Scenario[]; problems: string[] } {
  const scenarios: Scenario[] = []
  const problems: string[] = []
  if (typeof value !== 'string' || value.trim() === '') return { scenarios, problems }
  for (const part of value.split(',').slice(0, 8)) {
    const [name = '', argument, ms] = part.trim().split(':', 3)
    if (!PER_REQUEST.has(name)) {
      problems.push(
        `"${name.slice(0, 32)}" cannot be set per request (use one of ${[...PER_REQUEST].join(', ')})`,
      )
      continue
    }
    const input = name.startsWith('source_')
      ? { name, source: argument, ...(name === 'source_slow' && { ms: Number(ms ?? 3000) }) }
      : { name }
    const parsed = scenarioSchema.safeParse(input)
    if (parsed.success) scenarios.push(parsed.data)
    else problems.push(`"${part.trim().slice(0, 48)}" is malformed`)
  }
  return { scenarios, problems }
}

const NS = 'scenario'
const KEY = 'active'

/**
 * How long a process trusts a "no scenario is on" answer from the store before reading it again: the bound
 * on how late a scenario switched on through *another* process sharing the store (Redis, SQLite) takes
 * effect here. Switched on or off through this process, it takes effect at once; while any scenario is on,
 * every protocol request reads the store.
 */
export const SCENARIO_STALENESS_MS = 1000

/** Options of {@link Scenarios}. */
export interface ScenariosOptions {
  /** How long "none is on" is trusted, in ms; {@link SCENARIO_STALENESS_MS} by default. */
  stalenessMs?: number
  /** Epoch milliseconds; `Date.now` by default. */
  clock?: () => number
}

/**
 * The scenarios switched on at runtime (admin API), kept in the shared store so every process of a
 * team's mock provider behaves the same.
 *
 * The protocol paths (the scenario middleware on every endpoint, the screens, the claims) ask
 * {@link Scenarios.active}, which skips the store read while the last read found none on and is younger
 * than `stalenessMs`; {@link Scenarios.list} (the admin API) always reads the store.
 */
export class Scenarios {
  readonly #storage: Storage
  readonly #stalenessMs: number
  readonly #clock: () => number
  /** Until when (clock ms) "no scenario is on" is trusted without reading the store; 0: read it. */
  #noneUntil = 0
  /** Bumped around every change made here, so a read that raced with it never caches "none". */
  #generation = 0

  constructor(storage: Storage, options: ScenariosOptions = {}) {
    this.#storage = storage
    this.#stalenessMs = options.stalenessMs ?? SCENARIO_STALENESS_MS
    this.#clock = options.clock ?? (() => Date.now())
  }

  /** The scenarios on, read from the store (what the admin API shows). */
  async list(): Promise<Scenario[]> {
    const generation = this.#generation
    const active = (await this.#storage.get<Scenario[]>(NS, KEY)) ?? []
    if (generation === this.#generation)
      this.#noneUntil = active.length === 0 ? this.#clock() + this.#stalenessMs : 0
    return active
  }

  /**
   * The scenarios on, for the protocol paths: `[]` without a store read while a recent read (younger than
   * the staleness bound) found none and nothing was switched on through this process since.
   */
  async active(): Promise<Scenario[]> {
    if (this.#clock() < this.#noneUntil) return []
    return this.list()
  }

  async add(scenario: Scenario): Promise<Scenario[]> {
    return this.#change((current) => [
      ...current.filter((s) => JSON.stringify(s) !== JSON.stringify(scenario)),
      scenario,
    ])
  }

  async clear(name?: Scenario['name']): Promise<Scenario[]> {
    return this.#change((current) => (name ? current.filter((s) => s.name !== name) : []))
  }

  async #change(update: (current: Scenario[]) => Scenario[]): Promise<Scenario[]> {
    this.#generation++
    this.#noneUntil = 0
    try {
      const next = update((await this.#storage.get<Scenario[]>(NS, KEY)) ?? [])
      await this.#storage.set(NS, KEY, next)
      return next
    } finally {
      this.#generation++
      this.#noneUntil = 0
    }
  }

  /** True when a screen scenario is on, globally or for this request. */
  async isOn(name: Scenario['name'], perRequest: readonly Scenario[] = []): Promise<boolean> {
    return perRequest.some((s) => s.name === name) || (await this.active()).some((s) => s.name === name)
  }

  /** The state of the data sources: from the admin API, and from the scenarios recorded with the grant. */
  async sources(grantScenarios: readonly string[]): Promise<SourceConditions> {
    const conditions: SourceConditions = { down: new Set(), empty: new Set(), slow: new Map() }
    const apply = (name: string, source: string | undefined, ms: number | undefined) => {
      if (!source) return
      if (name === 'source_down') conditions.down.add(source)
      if (name === 'source_empty') conditions.empty.add(source)
      if (name === 'source_slow')
        conditions.slow.set(source, Math.max(ms ?? 0, conditions.slow.get(source) ?? 0))
    }
    for (const s of await this.active())
      if ('source' in s) apply(s.name, s.source, 'ms' in s ? s.ms : undefined)
    for (const entry of grantScenarios) {
      const [name = '', source, ms] = entry.split(':', 3)
      apply(name, source, ms === undefined ? undefined : Number(ms))
    }
    return conditions
  }

  /** The endpoint scenarios that apply to a request for `endpoint`, among `active` (read when omitted). */
  async forEndpoint(endpoint: string, active?: readonly Scenario[]): Promise<Scenario[]> {
    return (active ?? (await this.active())).filter(
      (s) => 'endpoint' in s && (s.endpoint === 'any' || s.endpoint === endpoint),
    )
  }
}
