/**
 * A level of assurance of the national e-ID: 1 (self-registered in the app, activated by SMS) or 2
 * (verified in person with the chip ID card). See docs/levels.md.
 *
 * @example
 * ```ts
 * const required: Level = 2
 * ```
 */
export type Level = 1 | 2

/**
 * The `acr` value the provider uses for each level. The default matches the national e-ID ("1", "2");
 * override with the `levels` client option when a provider uses URIs.
 *
 * @example
 * ```ts
 * const levels: LevelMap = { 1: 'urn:vn:eid:loa:1', 2: 'urn:vn:eid:loa:2' }
 * ```
 */
export type LevelMap = Readonly<Record<Level, string>>

/**
 * The default acr mapping: level 1 is `"1"`, level 2 is `"2"`.
 *
 * @example
 * ```ts
 * DEFAULT_LEVELS[2] // '2'
 * ```
 */
export const DEFAULT_LEVELS: LevelMap = Object.freeze({ 1: '1', 2: '2' })

/**
 * The level an `acr` value stands for, or `undefined` when it is missing or unknown. Unknown values are
 * never treated as a level, so a provider typo cannot grant level 2.
 *
 * @example
 * ```ts
 * levelFromAcr('2', DEFAULT_LEVELS) // 2
 * levelFromAcr('urn:other', DEFAULT_LEVELS) // undefined
 * ```
 */
export function levelFromAcr(acr: unknown, levels: LevelMap): Level | undefined {
  if (typeof acr !== 'string') return undefined
  if (acr === levels[2]) return 2
  if (acr === levels[1]) return 1
  return undefined
}

/**
 * True when `actual` satisfies `required` (level 2 satisfies a level-1 requirement).
 *
 * @example
 * ```ts
 * meetsLevel(2, 1) // true
 * meetsLevel(1, 2) // false
 * ```
 */
export function meetsLevel(actual: Level | undefined, required: Level): boolean {
  return actual !== undefined && actual >= required
}
