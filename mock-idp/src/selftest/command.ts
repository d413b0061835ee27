/**
 * `mock-idp selftest …`: flags to {@link runSelftest}, the table to stdout, JUnit XML to `--junit`, and
 * the exit code (0 all as expected, 1 a forgery accepted, 2 usage error or the valid sign-in failed).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { selftestCases } from './cases.js'
import { formatJunit, formatTable } from './report.js'
import { runSelftest, SelftestUsageError } from './run.js'

/** The help text of the subcommand. */
export const SELFTEST_HELP = `mock-idp selftest: point a hostile provider at your relying party and see which forged sign-ins it accepts.

Usage: npx @dinhdanh/mock-idp selftest --port <p> --clients <file> --login <url> --signed-in <url> [options]

  --port <p>           port of the hostile provider on 127.0.0.1; configure the relying party with
                       the issuer http://127.0.0.1:<p>
  --clients <file>     JSON array of client metadata, as for the mock's --clients
  --login <url>        where the relying party starts a sign-in (loopback)
  --signed-in <url>    a page answering 2xx only when signed in; with a *, a pattern the page the
                       callback lands on must match (relying parties without a session)
  --wait <s>           seconds to wait for --login to answer (default 30)
  --junit <file>       also write the results as JUnit XML
  --only <case,...>    run only these cases (the valid sign-in always runs first)
  --help               this text

Exit codes: 0 every forgery refused; 1 at least one forgery accepted; 2 usage error, relying party
not reachable, valid sign-in not accepted, or a case could not run.

Cases: ${selftestCases()
  .map((c) => c.id)
  .join(', ')}
Documentation: https://github.com/dinhdanh/dinhdanh/blob/main/docs/selftest.md
`

function readClients(file: string): Record<string, unknown>[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new SelftestUsageError(
      `--clients: could not read ${file} as JSON (${error instanceof Error ? error.message : 'error'})`,
    )
  }
  if (!Array.isArray(parsed) || parsed.some((entry) => typeof entry !== 'object' || entry === null)) {
    throw new SelftestUsageError(`--clients: expected a JSON array of client metadata objects in ${file}`)
  }
  return parsed as Record<string, unknown>[]
}

/**
 * Runs the subcommand with `args` (after `selftest`) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await selftestCommand(['--port', '4000', '--clients', 'clients.json', '--login', '…', '--signed-in', '…'])
 * ```
 */
export async function selftestCommand(
  args: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        clients: { type: 'string' },
        login: { type: 'string' },
        'signed-in': { type: 'string' },
        wait: { type: 'string' },
        junit: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    })
    if (values.help) {
      out(SELFTEST_HELP)
      return 0
    }
    const missing = (['port', 'clients', 'login', 'signed-in'] as const).filter((name) => !values[name])
    if (missing.length > 0)
      throw new SelftestUsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`)
    if (!/^\d{1,5}$/.test(values.port ?? '') || Number(values.port) > 65_535)
      throw new SelftestUsageError(`--port: expected a port number, got "${values.port}"`)
    if (values.wait !== undefined && !/^\d+(\.\d+)?$/.test(values.wait))
      throw new SelftestUsageError(`--wait: expected seconds, got "${values.wait}"`)
    const port = Number(values.port)
    const report = await runSelftest({
      port,
      clients: readClients(values.clients ?? ''),
      login: values.login ?? '',
      signedIn: values['signed-in'] ?? '',
      ...(values.wait !== undefined && { waitSeconds: Number(values.wait) }),
      ...(values.only !== undefined && {
        only: values.only
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      }),
      onListening: (issuer) =>
        out(`hostile provider listening: issuer ${issuer}\nwaiting for ${values.login} …\n`),
    })
    out(`\n${formatTable(report.results)}`)
    if (report.stopped) err(`\n${report.stopped}\n`)
    if (values.junit) writeFileSync(values.junit, formatJunit(report.results))
    return report.exitCode
  } catch (error) {
    const usage =
      error instanceof SelftestUsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    err(`mock-idp selftest: ${error instanceof Error ? error.message : String(error)}\n`)
    if (usage) err(`\n${SELFTEST_HELP}`)
    return 2
  }
}
