#!/usr/bin/env node
// `npm run population:report [-- --sample N] [-- --seed S] [-- --today YYYY-MM-DD] [-- --json]`: prints the
// realism report of a sample of the synthetic population (packages/testing/src/report: the computation,
// its reference figures with their sources and its tolerances). Reads the built package: run
// `npm run build -w @dinhdanh/testing` after changing it. Exits 1 when a checked figure is out of range.
import { parseArgs } from 'node:util'
import { formatRealismReport, populationSample, realismReport } from '@dinhdanh/testing'

const { values } = parseArgs({
  options: {
    sample: { type: 'string', default: '20000' },
    seed: { type: 'string', default: 'population-report' },
    today: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
})
const size = Number(values.sample)
if (!Number.isInteger(size) || size < 1 || size > 1_000_000) {
  console.error('expected --sample N, a whole number from 1 to 1000000')
  process.exit(2)
}
const report = realismReport(
  populationSample(size, { seed: values.seed, ...(values.today ? { today: values.today } : {}) }),
)
console.log(values.json ? JSON.stringify(report, null, 2) : formatRealismReport(report))
process.exitCode = report.failures.length === 0 ? 0 : 1
