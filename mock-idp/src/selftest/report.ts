/**
 * The self-test's report: a plain-text table for the terminal and JUnit XML for CI (one test case per
 * self-test case; an accepted forgery is a failure, a case that could not run is an error, a case that
 * does not apply is skipped).
 */

/**
 * What happened in one case.
 *
 * @example
 * ```ts
 * const accepted = report.results.filter((result) => result.outcome === 'failed')
 * ```
 */
export type Outcome =
  /** The relying party did what it should (accepted the valid sign-in, refused a forgery). */
  | 'passed'
  /** The relying party accepted a forgery, or refused the valid sign-in. */
  | 'failed'
  /** The forgery depends on something the relying party did not ask for (e.g. `max_age`). */
  | 'not-applicable'
  /** The case could not be run to the end (the journey broke before the relying party decided). */
  | 'error'

/**
 * One row of the report.
 *
 * @example
 * ```ts
 * const row: CaseResult = { id: 'alg-none', title: 'alg: none', forged: 'ID token unsigned', expected: 'refused', outcome: 'passed', got: 'refused (callback HTTP 401, HTTP 302 at /account)', durationMs: 90 }
 * ```
 */
export interface CaseResult {
  id: string
  title: string
  forged: string
  expected: 'accepted' | 'refused'
  outcome: Outcome
  /** What the relying party did, in words: "refused (HTTP 302 at /banking)", "accepted (HTTP 200 …)". */
  got: string
  /** Extra detail for a failure or an error (where the journey stopped, a hint). */
  detail?: string
  durationMs: number
}

const MARK: Record<Outcome, string> = {
  passed: 'ok',
  failed: 'FAIL',
  'not-applicable': 'n/a',
  error: 'ERROR',
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

/**
 * The results as a fixed-width table (case, what was forged, expected, got), with a summary line.
 *
 * @example
 * ```ts
 * process.stdout.write(formatTable(results))
 * ```
 */
export function formatTable(results: readonly CaseResult[]): string {
  const rows = results.map((result) => [
    `${MARK[result.outcome]} ${result.id}`,
    result.forged,
    result.expected,
    result.got,
  ])
  const header = ['case', 'what was forged', 'expected', 'got']
  const widths = header.map((title, column) =>
    Math.min(column === 1 ? 70 : 60, Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0))),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0))
      .join(' | ')
      .trimEnd()
  const out = [line(header), widths.map((width) => '-'.repeat(width)).join('-+-'), ...rows.map(line)]
  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length
  out.push(
    '',
    `${results.length} cases: ${count('passed')} as expected, ${count('failed')} failed, ${count('not-applicable')} not applicable, ${count('error')} errors`,
  )
  for (const result of results) {
    if (result.detail && (result.outcome === 'failed' || result.outcome === 'error'))
      out.push(`${result.id}: ${result.detail}`)
  }
  return `${out.join('\n')}\n`
}

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  )
}

/**
 * The results as JUnit XML (the format CI systems read): a failure per accepted forgery, an error per case
 * that could not run, a skip per case that does not apply.
 *
 * @example
 * ```ts
 * writeFileSync('selftest.xml', formatJunit(results, { suite: 'bank' }))
 * ```
 */
export function formatJunit(results: readonly CaseResult[], options: { suite?: string } = {}): string {
  const suite = options.suite ?? 'dinhdanh relying-party self-test'
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length
  const total = results.reduce((sum, result) => sum + result.durationMs, 0)
  const cases = results.map((result) => {
    const name = escapeXml(`${result.id}: ${result.title}`)
    const open = `    <testcase classname="${escapeXml(suite)}" name="${name}" time="${seconds(result.durationMs)}">`
    const text = escapeXml(
      `forged: ${result.forged}\nexpected: ${result.expected}\ngot: ${result.got}${result.detail ? `\n${result.detail}` : ''}`,
    )
    const body =
      result.outcome === 'failed'
        ? `\n      <failure message="${escapeXml(`expected ${result.expected}, got ${result.got}`)}" type="${result.expected === 'refused' ? 'forgery-accepted' : 'valid-sign-in-refused'}">${text}</failure>\n    `
        : result.outcome === 'error'
          ? `\n      <error message="${escapeXml(result.got)}" type="case-error">${text}</error>\n    `
          : result.outcome === 'not-applicable'
            ? `\n      <skipped message="${escapeXml(result.got)}"/>\n    `
            : ''
    return `${open}${body}</testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suite)}" tests="${results.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('not-applicable')}" time="${seconds(total)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${results.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('not-applicable')}" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
