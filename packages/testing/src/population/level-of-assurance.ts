import type { IsoDate } from '@dinhdanh/client/schemas'
import { chance, type Prng, pickWeighted, weightedTable } from './prng.js'
import type { LevelOfAssurance } from './synthetic-citizen.js'

/** VNeID went live on 18 July 2022: no e-ID account exists before. */
const ACCOUNTS_START: IsoDate = '2022-07-18'

const ADULT_WITH_CARD = weightedTable<LevelOfAssurance>([
  [2, 80],
  [1, 12],
  [0, 8],
])
const ADULT_WITHOUT_CARD = weightedTable<LevelOfAssurance>([
  [1, 55],
  [0, 45],
])
const CHILD_WITH_CARD = weightedTable<LevelOfAssurance>([
  [2, 50],
  [1, 40],
  [0, 10],
])
const CHILD_WITHOUT_CARD = weightedTable<LevelOfAssurance>([
  [1, 65],
  [0, 35],
])

/**
 * What {@link decideAccount} settled: the level of assurance and whether the citizen holds a chip card.
 *
 * @example
 * ```ts
 * const decision: AccountDecision = { level: 2, holdsIdCard: true }
 * ```
 */
export type AccountDecision = { level: LevelOfAssurance; holdsIdCard: boolean }

/**
 * Decides the level of assurance and whether a chip card was issued, following Decree 69/2024 Art. 7:
 * citizens 14 and over with a chip card get levels 1 and 2 (most have both, some never registered);
 * ages 6-13 get level 1 (level 2 on request, which needs a child's card); under 6, level 1 on request.
 * Level 2 always goes with a card. `forcedLevel` (from a persona) wins over the draw.
 *
 * @example
 * ```ts
 * decideAccount(prng, 36, '2026-07-01', true) // usually { level: 2, holdsIdCard: true }
 * decideAccount(prng, 4, '2026-07-01', true, 0) // { level: 0, holdsIdCard: false } most of the time
 * ```
 */
export function decideAccount(
  prng: Prng,
  age: number,
  today: IsoDate,
  cardPossible: boolean,
  forcedLevel?: LevelOfAssurance,
): AccountDecision {
  let holdsIdCard: boolean
  let level: LevelOfAssurance
  if (age >= 14) {
    holdsIdCard = cardPossible && chance(prng, 0.96)
    level = pickWeighted(prng, holdsIdCard ? ADULT_WITH_CARD : ADULT_WITHOUT_CARD)
  } else if (age >= 6) {
    holdsIdCard = cardPossible && chance(prng, 0.12)
    level = pickWeighted(prng, holdsIdCard ? CHILD_WITH_CARD : CHILD_WITHOUT_CARD)
  } else {
    holdsIdCard = cardPossible && chance(prng, 0.05)
    level = chance(prng, 0.25) ? 1 : 0
  }
  if (today < ACCOUNTS_START) level = 0
  if (forcedLevel !== undefined) level = forcedLevel
  if (level === 2) {
    if (cardPossible) holdsIdCard = true
    else if (forcedLevel === undefined) level = 1
  }
  return { level, holdsIdCard }
}
