import { readFileSync } from 'node:fs'
import * as errors from '@dinhdanh/client'
import { EID_ERROR_CODES } from '@dinhdanh/client'
import { parsePersonalId } from '@dinhdanh/client/schemas'
import { EID_ERROR_STATUS } from '@dinhdanh/web'
import { describe, expect, it } from 'vitest'

/**
 * docs/errors.md is where a developer looks up the code on an error page or in a log. It has one section
 * per code of EID_ERROR_CODES, each with the HTTP status the adapters answer and an existing class, and it
 * names no code that does not exist.
 */
const page = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
// "### ERR_EID_…" headings; a section ends at the next heading of level 2 or 3.
const sections = new Map(
  page
    .split(/^### /m)
    .slice(1)
    .map((chunk): [string, string] => {
      const [heading = '', ...rest] = chunk.split('\n')
      return [heading.trim(), rest.join('\n').split(/^## /m)[0] ?? '']
    }),
)

/** Codes that are not EidError codes but appear in the kit, each with the proof that it exists. */
function personalIdCode(): string {
  try {
    parsePersonalId('12345')
  } catch (error) {
    return (error as { code: string }).code
  }
  return ''
}
const OTHER_CODES = new Set([personalIdCode()])

describe('docs/errors.md', () => {
  it('has a section for every code of EID_ERROR_CODES', () => {
    expect(EID_ERROR_CODES.filter((code) => !sections.has(code))).toEqual([])
  })

  it('names only codes that exist', () => {
    const named = new Set([...page.matchAll(/ERR_EID_[A-Z0-9_]+/g)].map(([code]) => code))
    const known = new Set<string>([...EID_ERROR_CODES, ...OTHER_CODES])
    expect([...named].filter((code) => !known.has(code))).toEqual([])
    expect([...sections.keys()].filter((code) => !known.has(code))).toEqual([])
  })

  for (const code of EID_ERROR_CODES) {
    it(`${code}: the status the adapters answer, an existing class, meaning, cause and fix`, () => {
      const body = sections.get(code) ?? ''
      expect(/^HTTP status: (\d{3})/m.exec(body)?.[1]).toBe(String(EID_ERROR_STATUS[code]))
      const className = /^HTTP status: \d{3} · `(\w+)`/m.exec(body)?.[1] ?? ''
      expect(typeof (errors as Record<string, unknown>)[className], `${className} is not exported`).toBe(
        'function',
      )
      for (const part of ['**Means:**', '**Usual cause:**', '**Fix:**']) expect(body).toContain(part)
    })
  }
})
