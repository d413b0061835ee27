import type { RealismReport, ReportRow } from './realism-report.js'

const figure = (row: ReportRow, value: number | undefined): string => {
  if (value === undefined) return ''
  return row.unit === 'years' ? value.toFixed(1) : `${(value * 100).toFixed(1)}%`
}

function verdict(row: ReportRow): string {
  if (row.tolerance === undefined) return ''
  const range = `${figure(row, row.tolerance.min)}-${figure(row, row.tolerance.max)}`
  if (row.ok === undefined) return `(no one in the sample; checked ${range})`
  return row.ok ? `ok (${range})` : `OUT OF RANGE (${range})`
}

/**
 * The realism report as plain text for a terminal: one table per distribution, with the measured figure,
 * how many citizens it is over, the reference figure, and the tolerance of the checked rows, then the
 * sources and a summary line.
 *
 * @example
 * ```ts
 * console.log(formatRealismReport(realismReport(populationSample(20_000))))
 * ```
 */
export function formatRealismReport(report: RealismReport): string {
  const lines = [
    `Realism report: ${report.sampleSize} synthetic citizens, ages and validity on ${report.today}`,
    'measured = share of the sample (over n citizens); reference = public figure; check = documented tolerance',
  ]
  for (const section of report.sections) {
    lines.push('', `== ${section.title}`, `   source: ${section.source}`)
    const width = Math.max(...section.rows.map((row) => row.label.length), 10)
    lines.push(
      `   ${'figure'.padEnd(width)}  ${'measured'.padStart(9)}  ${'n'.padStart(6)}  ${'reference'.padStart(9)}  check`,
    )
    for (const row of section.rows) {
      lines.push(
        `   ${row.label.padEnd(width)}  ${figure(row, row.value).padStart(9)}  ${String(row.of).padStart(6)}  ${figure(row, row.reference).padStart(9)}  ${verdict(row)}`.trimEnd(),
      )
    }
  }
  const checked = report.sections.flatMap((section) => section.rows).filter((row) => row.ok !== undefined)
  lines.push(
    '',
    report.failures.length === 0
      ? `All ${checked.length} checked figures are within their tolerance.`
      : `${report.failures.length} of ${checked.length} checked figures are out of range: ${report.failures.map((row) => row.id).join(', ')}`,
  )
  return lines.join('\n')
}
