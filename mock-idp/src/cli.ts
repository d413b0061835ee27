#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { MockIdpOptions } from './options.js'
// Only light modules load before the arguments are read (no zod, no provider): see main().
import { DEFAULT_SQLITE_FILE, MockIdpOptionsError } from './options-error.js'
import { prepareSigningKeys } from './provider/key-generation.js'
import { loadExplainingRuntime } from './unsupported-runtime.js'

const HELP = `mock-idp: a mock national e-ID provider (VNeID-style OpenID Connect) for development and CI.

Usage: npx @dinhdanh/mock-idp [options]
       npx @dinhdanh/mock-idp selftest --help   (a hostile provider that tests your relying party)
       npx @dinhdanh/mock-idp population export --help   (its citizens as JSON lines or CSV)

  --port <n>           port to listen on, 0 = any free port      (MOCK_IDP_PORT, default 4000)
  --host <addr>        address to listen on                       (MOCK_IDP_HOST, default 127.0.0.1)
  --issuer <url>       public issuer URL if it differs from the listen address (MOCK_IDP_ISSUER)
  --store <kind>       sqlite | memory | redis                     (MOCK_IDP_STORE, default sqlite)
  --sqlite-file <f>    SQLite file                                (MOCK_IDP_SQLITE_FILE, default .mock-idp/mock-idp.sqlite)
  --redis-url <url>    redis://… for --store redis                (MOCK_IDP_REDIS_URL)
  --clients <file>     JSON array of OIDC client metadata         (MOCK_IDP_CLIENTS)
  --seed <s>           population seed                            (MOCK_IDP_SEED, default dinhdanh)
  --today <day>        the day ages and cards are computed on: YYYY-MM-DD, or clock for today in
                       Vietnam, read at each request               (MOCK_IDP_TODAY, default clock)
  --auto-approve       complete login_hint requests without screens (MOCK_IDP_AUTO_APPROVE=1)
  --lang <vi|en>       default language of the screens            (MOCK_IDP_LANG, default vi)
  --admin-token <t>    token for /__admin (default: generated)    (MOCK_IDP_ADMIN_TOKEN)
  --registration       enable dynamic client registration         (MOCK_IDP_REGISTRATION=1)
  --log-level <l>      fatal|error|warn|info|debug|silent         (MOCK_IDP_LOG_LEVEL, default info)
  --explain            VNeID dialect: also flag what passes here but is unwise at the real provider
                       (X-Mock-Explain header and a log line; refusals always explain) (MOCK_IDP_EXPLAIN=1)
  --trust-proxy <ips>  comma-separated addresses of the TLS proxy in front of the mock, whose
                       X-Forwarded-For names the client for throttling (MOCK_IDP_TRUST_PROXY);
                       a proxy on this machine is always trusted
  --help               this text
`

function readClients(file: string | undefined): unknown {
  if (!file) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new MockIdpOptionsError([
      {
        path: 'clients',
        message: `could not read ${file} as JSON (${error instanceof Error ? error.message : 'error'})`,
      },
    ])
  }
}

const flag = (value: string | undefined) =>
  value === undefined ? undefined : value === '1' || value === 'true'

async function main(): Promise<void> {
  // Node 22.1+ keeps the compiled code of the modules it loads in a cache on disk (checked against each file's
  // content), so later starts skip compiling the ~550 modules the provider loads (#13; bench/README.md,
  // start-up). Node 20 has no such cache. The cache lives inside this package (node_modules/.cache/compile),
  // not in Node's default os.tmpdir()/node-compile-cache: whoever can write a code cache can run code in the
  // next start, and the package's own directory is writable only by whoever could change its code anyway,
  // where a shared /tmp is writable by every user of the machine. A read-only install just starts without it.
  // NODE_COMPILE_CACHE=<dir> chooses another directory, NODE_DISABLE_COMPILE_CACHE=1 turns it off. It must be
  // on before the provider's modules are imported, which happens below.
  ;(module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(
    process.env.NODE_COMPILE_CACHE ||
      fileURLToPath(new URL('../node_modules/.cache/compile', import.meta.url)),
  )
  // The modules that load oidc-provider are imported when needed (so `mock-idp --help` loads none), through
  // loadExplainingRuntime: one line on Node < 22 instead of oidc-provider's "Unsupported runtime" warning.
  if (process.argv[2] === 'selftest') {
    const { selftestCommand } = await loadExplainingRuntime(() => import('./selftest/command.js'))
    process.exitCode = await selftestCommand(process.argv.slice(3))
    return
  }
  if (process.argv[2] === 'population') {
    const { populationCommand } = await import('./population-export/command.js')
    process.exitCode = await populationCommand(process.argv.slice(3))
    return
  }
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      issuer: { type: 'string' },
      store: { type: 'string' },
      'sqlite-file': { type: 'string' },
      'redis-url': { type: 'string' },
      clients: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      'auto-approve': { type: 'boolean' },
      lang: { type: 'string' },
      'admin-token': { type: 'string' },
      registration: { type: 'boolean' },
      'log-level': { type: 'string' },
      explain: { type: 'boolean' },
      'trust-proxy': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const env = process.env
  const raw: Record<string, unknown> = {
    port: values.port ?? env.MOCK_IDP_PORT,
    host: values.host ?? env.MOCK_IDP_HOST,
    issuer: values.issuer ?? env.MOCK_IDP_ISSUER,
    store: values.store ?? env.MOCK_IDP_STORE,
    sqliteFile: values['sqlite-file'] ?? env.MOCK_IDP_SQLITE_FILE,
    redisUrl: values['redis-url'] ?? env.MOCK_IDP_REDIS_URL,
    clients: readClients(values.clients ?? env.MOCK_IDP_CLIENTS),
    seed: values.seed ?? env.MOCK_IDP_SEED,
    // The command runs on today in Vietnam (ADR 0005); createMockIdp defaults to the reference date.
    today: values.today ?? env.MOCK_IDP_TODAY ?? 'clock',
    autoApprove: values['auto-approve'] ?? flag(env.MOCK_IDP_AUTO_APPROVE),
    lang: values.lang ?? env.MOCK_IDP_LANG,
    adminToken: values['admin-token'] ?? env.MOCK_IDP_ADMIN_TOKEN,
    registration: values.registration ?? flag(env.MOCK_IDP_REGISTRATION),
    logLevel: values['log-level'] ?? env.MOCK_IDP_LOG_LEVEL,
    explain: values.explain ?? flag(env.MOCK_IDP_EXPLAIN),
    trustProxy: (values['trust-proxy'] ?? env.MOCK_IDP_TRUST_PROXY)
      ?.split(',')
      .map((address) => address.trim())
      .filter(Boolean),
  }
  const options = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as MockIdpOptions
  // A store that has no signing keys yet (memory; a SQLite file not there yet) gets a fresh set: its RSA key
  // takes tens to hundreds of milliseconds on the thread pool, so it is started now and made while the
  // provider's modules load below, instead of after them (#13). A store with keys keeps them.
  if (
    options.store === 'memory' ||
    ((options.store ?? 'sqlite') === 'sqlite' && !existsSync(options.sqliteFile ?? DEFAULT_SQLITE_FILE))
  )
    prepareSigningKeys()
  const [{ createMockIdp }, { isDialectEntry }, { dialectBanner }] = await loadExplainingRuntime(() =>
    Promise.all([import('./server.js'), import('./vneid/registration.js'), import('./vneid/paths.js')]),
  )
  const idp = await createMockIdp(options)
  process.stdout.write(`mock-idp ready at ${idp.url}\nadmin token: ${idp.adminToken}\n`)
  if (idp.app.options.clients.some(isDialectEntry)) process.stdout.write(dialectBanner(idp.url))
  const stop = () => {
    idp.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  if (
    error instanceof MockIdpOptionsError ||
    (error instanceof TypeError && /parseArgs|Unknown option/i.test(error.message))
  ) {
    process.stderr.write(`${error.message}\n\n${HELP}`)
    process.exit(2)
  }
  process.stderr.write(
    `mock-idp failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
