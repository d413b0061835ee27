import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { ATTRIBUTE_NAMES, type AttributeName, isAttributeName } from '@dinhdanh/client/schemas'
import { exportCitizens } from './export-citizens.js'

const HELP = `mock-idp population export: the mock's synthetic citizens, for your own test database.

Usage: npx @dinhdanh/mock-idp population export --count <n> [options]

  --count <n>          how many citizens (the same numbers for the same seed, in the same order)
  --seed <s>           the population seed the provider runs with (--seed / MOCK_IDP_SEED; default dinhdanh)
  --attributes <a,b>   whose claims to write, as the provider releases them (default identity):
                       ${ATTRIBUTE_NAMES.join(', ')}
  --format <f>         jsonl (default) or csv
  --out <file>         write there instead of standard output
  --help               this text

Each citizen: personal_id, level (0 = no e-ID account), account_status, then the claims. A citizen with
level 1 or 2 and account_status active signs in at the provider (login_hint = personal_id) and receives
exactly these claims. Citizens are generated as they are written: memory stays flat for any count.
`

/**
 * `mock-idp population export …`: parses the arguments, streams the citizens to `--out` or standard
 * output, and shows a progress bar on a terminal. Returns the exit code (2 for bad arguments).
 *
 * @example
 * ```ts
 * process.exitCode = await populationCommand(['export', '--count', '1000', '--format', 'csv'])
 * ```
 */
export async function populationCommand(argv: readonly string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`${message}\n\n${HELP}`)
    return 2
  }
  if (argv[0] !== 'export') return fail(`expected "population export", got "population ${argv[0] ?? ''}"`)
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv.slice(1)],
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        attributes: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const problems: string[] = []
  const count = Number(values.count)
  if (!Number.isSafeInteger(count) || count < 0) problems.push('--count: expected a whole number ≥ 0')
  const format = values.format ?? 'jsonl'
  if (format !== 'jsonl' && format !== 'csv')
    problems.push(`--format: expected jsonl or csv, got "${format}"`)
  const names = String(values.attributes ?? 'identity')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const unknown = names.filter((name) => !isAttributeName(name))
  if (unknown.length > 0) problems.push(`--attributes: unknown ${unknown.join(', ')}`)
  if (problems.length > 0) return fail(problems.join('\n'))

  const file = typeof values.out === 'string' ? values.out : undefined
  const out = file ? createWriteStream(file) : process.stdout
  const tty = process.stderr.isTTY === true
  const started = Date.now()
  const onProgress = (written: number) => {
    if (!tty) return
    const width = 30
    const done = count === 0 ? 1 : written / count
    const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░')
    const rate = Math.round(written / Math.max(0.001, (Date.now() - started) / 1000))
    process.stderr.write(`\r${bar} ${(done * 100).toFixed(1)}% ${written}/${count} (${rate}/s)`)
  }
  const written = await exportCitizens(out, {
    count,
    ...(typeof values.seed === 'string' && { seed: values.seed }),
    attributes: names as AttributeName[],
    format: format === 'csv' ? 'csv' : 'jsonl',
    onProgress,
  })
  if (tty) process.stderr.write('\n')
  if (file) {
    out.end()
    await finished(out)
    process.stderr.write(`${written} citizens written to ${file}\n`)
  }
  return 0
}
