import { z } from 'zod'
import type { SessionRecord, SessionWriteOptions } from './session-store.js'

/** The longest session id, subject or provider session id a store accepts. */
export const MAX_KEY_LENGTH = 1_024

const storedRecordSchema = z.object({
  subject: z.string().min(1),
  providerSessionId: z.string().min(1).optional(),
  absoluteExpiresAt: z.number().finite(),
  data: z.record(z.string(), z.unknown()),
})

/**
 * Checks the arguments of {@link SessionStore.set} (shared by the built-in stores).
 *
 * @throws TypeError naming the invalid argument (never its value).
 * @example
 * ```ts
 * assertSessionWrite(id, record, options)
 * ```
 */
export function assertSessionWrite(id: string, record: SessionRecord, options: SessionWriteOptions): void {
  assertKey('session id', id)
  assertKey('record.subject', record?.subject)
  if (record.providerSessionId !== undefined) assertKey('record.providerSessionId', record.providerSessionId)
  if (typeof record.absoluteExpiresAt !== 'number' || !Number.isFinite(record.absoluteExpiresAt)) {
    throw new TypeError(
      'SessionStore.set: record.absoluteExpiresAt must be a finite number of epoch seconds.',
    )
  }
  if (typeof record.data !== 'object' || record.data === null || Array.isArray(record.data)) {
    throw new TypeError('SessionStore.set: record.data must be a plain object.')
  }
  if (typeof options?.ttlSec !== 'number' || !Number.isFinite(options.ttlSec) || options.ttlSec <= 0) {
    throw new TypeError('SessionStore.set: options.ttlSec must be a positive number of seconds.')
  }
}

/**
 * Checks a session id, subject or provider session id: a non-empty string of at most 1,024 characters.
 *
 * @throws TypeError naming the argument.
 * @example
 * ```ts
 * assertKey('subject', subject)
 * ```
 */
export function assertKey(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_KEY_LENGTH) {
    throw new TypeError(
      `SessionStore: ${what} must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`,
    )
  }
}

/**
 * Milliseconds a record written now lives: the rolling `ttlSec`, cut short by `absoluteExpiresAt`. Zero
 * or less means the record is already dead.
 *
 * @example
 * ```ts
 * const ms = lifetimeMs(record, options.ttlSec, Date.now())
 * if (ms <= 0) return store.delete(id)
 * ```
 */
export function lifetimeMs(record: SessionRecord, ttlSec: number, nowMs: number): number {
  return Math.floor(Math.min(ttlSec * 1000, record.absoluteExpiresAt * 1000 - nowMs))
}

/**
 * Parses a record a store kept as JSON; `undefined` when it is not one (corrupted or foreign data).
 *
 * @example
 * ```ts
 * const record = parseStoredRecord(await redis.get(key))
 * ```
 */
export function parseStoredRecord(raw: string | null | undefined): SessionRecord | undefined {
  if (typeof raw !== 'string') return undefined
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return undefined
  }
  const parsed = storedRecordSchema.safeParse(json)
  if (!parsed.success) return undefined
  const { subject, providerSessionId, absoluteExpiresAt, data } = parsed.data
  return { subject, ...(providerSessionId !== undefined && { providerSessionId }), absoluteExpiresAt, data }
}
