import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { type AttributeName, attributeCatalogue } from '@dinhdanh/client/schemas'
import { citizenWithPersona, claimsFor, DEFAULT_SEED, randomPersonalId } from '@dinhdanh/testing'

/**
 * Options of {@link exportCitizens}.
 *
 * @example
 * ```ts
 * const options: ExportCitizensOptions = { count: 1000, seed: 'dinhdanh', attributes: ['identity'], format: 'csv' }
 * ```
 */
export interface ExportCitizensOptions {
  /** How many citizens: the numbers `randomPersonalId(seed, 0 … count-1)`. */
  count: number
  /** The population seed the mock provider runs with (`--seed`); `dinhdanh` by default. */
  seed?: string
  /** Whose claims to write, as the provider releases them; `['identity']` by default. */
  attributes?: readonly AttributeName[]
  format?: 'jsonl' | 'csv'
  /** Called every 10 000 citizens and at the end, with how many were written. */
  onProgress?: (written: number) => void
}

/**
 * Streams citizens of the mock's synthetic population to `out`, one JSON object per line or one CSV row
 * each: `personal_id`, `level` (0 = no e-ID account), `account_status`, then the claims of the asked
 * attributes exactly as the provider releases them to a relying party (objects as JSON inside CSV).
 * Citizens are derived from their number, never held: memory stays flat for any `count`, and writing
 * waits for `out` to drain. The provider started with the same `--seed` signs each of them in with these
 * claims (`loginHint` = `personal_id`).
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs'
 * await exportCitizens(createWriteStream('citizens.csv'), { count: 1_000_000, format: 'csv' })
 * ```
 */
export async function exportCitizens(out: Writable, options: ExportCitizensOptions): Promise<number> {
  const seed = options.seed ?? DEFAULT_SEED
  const attributes = options.attributes ?? ['identity']
  const format = options.format ?? 'jsonl'
  const claimNames = [...new Set(attributes.flatMap((name) => attributeCatalogue[name].claims))].filter(
    (claim) => claim !== 'personal_id',
  )
  const columns = ['personal_id', 'level', 'account_status', ...claimNames]
  if (format === 'csv') out.write(`${columns.join(',')}\n`)
  let chunk = ''
  let written = 0
  for (let index = 0; index < options.count; index++) {
    const personalId = randomPersonalId(seed, index)
    const citizen = citizenWithPersona(personalId, { seed })
    if (citizen === undefined) continue
    const row: Record<string, unknown> = {
      personal_id: personalId,
      level: citizen.level,
      account_status: citizen.account.status,
      ...claimsFor(citizen, attributes),
    }
    chunk +=
      format === 'csv'
        ? `${columns.map((column) => csvCell(row[column])).join(',')}\n`
        : `${JSON.stringify(row)}\n`
    written++
    if (chunk.length >= 64 * 1024) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
    if (written % 10_000 === 0) options.onProgress?.(written)
  }
  if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain')
  options.onProgress?.(written)
  return written
}

/** One CSV field (RFC 4180): objects as JSON, quoted when it holds a comma, quote or line break. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
