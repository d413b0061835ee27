import {
  type AttributeName,
  attributeCatalogue,
  type IsoDate,
  toVietnamIsoDate,
} from '@dinhdanh/client/schemas'
import {
  attributeAvailability,
  citizenWithPersona,
  claimsFor,
  REFERENCE_DATE,
  type SyntheticCitizen,
} from '@dinhdanh/testing'
import { AccountIds } from './provider/account-id.js'
import type { SourceConditions } from './scenarios.js'

/** How long the provider waits for a data source before giving up on it (`source_timeout`). */
export const SOURCE_TIMEOUT_MS = 2000

/** How many recently looked-up citizens {@link Population} keeps (a few MiB). */
const RECENT_CITIZENS = 1024

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The day of the `today` option (`'clock'` or `YYYY-MM-DD`): a fixed day, or `now` read as the day in
 * Vietnam at each call (a mock that runs past midnight moves to the next day, like its screens).
 */
export function populationDay(today: string, now: () => number): () => IsoDate {
  return today === 'clock' ? () => toVietnamIsoDate(new Date(now() * 1000)) : () => today
}

/**
 * The citizens of the mock provider: every structurally valid 12-digit number is one, derived by the
 * seeded generator of `@dinhdanh/testing` (with the named personas of the day laid over it,
 * `personasOn(today)`), so the msw kit and this provider show the same people. Ages and cards are those
 * of `day()` (docs/decisions/0005-one-clock-for-population-and-screens.md).
 */
export class Population {
  readonly #seed: string
  readonly #day: () => IsoDate
  readonly #accounts: AccountIds
  readonly #recent = new Map<string, SyntheticCitizen>()

  constructor(seed: string, day: () => IsoDate = () => REFERENCE_DATE) {
    this.#seed = seed
    this.#day = day
    this.#accounts = new AccountIds(seed)
  }

  /** The day the citizens are computed on, now. */
  today(): IsoDate {
    return this.#day()
  }

  /** The opaque account id (public `sub`) of a personal ID number. */
  accountIdOf(personalId: string): string {
    return this.#accounts.of(personalId)
  }

  /** The citizen behind an account id, or `undefined`. */
  findByAccountId(accountId: string): SyntheticCitizen | undefined {
    const personalId = this.#accounts.personalIdOf(accountId)
    return personalId === undefined ? undefined : this.find(personalId)
  }

  /** The citizen with this number, or `undefined` when the number is not a valid personal ID. */
  find(personalId: string): SyntheticCitizen | undefined {
    if (!/^\d{12}$/.test(personalId)) return undefined
    // One sign-in looks its citizen up 3-4 times (authorization, ID token, userinfo, consent): deriving it
    // each time was the mock's largest cost of its own (bench/README.md). Citizens are deterministic and
    // never mutated, so the most recent ones are kept (a small map, oldest dropped first).
    // The cache is keyed by day: after midnight a citizen is a day older and the personas move.
    const today = this.#day()
    const key = `${today}:${personalId}`
    const cached = this.#recent.get(key)
    if (cached !== undefined) return cached
    const citizen = citizenWithPersona(personalId, { seed: this.#seed, today })
    if (citizen === undefined) return undefined
    if (this.#recent.size >= RECENT_CITIZENS) this.#recent.delete(this.#recent.keys().next().value as string)
    this.#recent.set(key, citizen)
    return citizen
  }

  /**
   * The claims of the granted attributes, each read from its simulated source: a source that is down,
   * or slower than {@link SOURCE_TIMEOUT_MS}, leaves its claim out and is named in `attribute_errors`
   * with the reason; an empty source answers with nothing (the claim is simply absent).
   */
  async claims(
    citizen: SyntheticCitizen,
    attributes: readonly AttributeName[],
    sources: SourceConditions,
  ): Promise<Record<string, unknown>> {
    const released: AttributeName[] = []
    const errors: Record<string, { reason: string; source: string }> = {}
    const wait = Math.max(0, ...attributes.map((a) => sources.slow.get(attributeCatalogue[a].source) ?? 0))
    if (wait > 0) await sleep(Math.min(wait, SOURCE_TIMEOUT_MS))
    for (const attribute of attributes) {
      const source = attributeCatalogue[attribute].source
      if (sources.empty.has(source)) continue
      const slow = (sources.slow.get(source) ?? 0) > SOURCE_TIMEOUT_MS
      const availability = sources.down.has(source)
        ? 'source_unavailable'
        : attributeAvailability(citizen, attribute)
      if (slow) errors[attribute] = { reason: 'source_timeout', source }
      else if (availability === 'source_unavailable')
        errors[attribute] = { reason: 'source_unavailable', source }
      else released.push(attribute)
    }
    const claims = claimsFor(citizen, released)
    if (Object.keys(errors).length > 0) claims.attribute_errors = errors
    return claims
  }
}
