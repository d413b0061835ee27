#!/usr/bin/env node
// `npm start`: builds the workspaces, generates the demo's development keys on first start (git-ignored
// `.dev-keys/`), then starts the mock national e-ID provider (4000), the example relying parties
// (3001-3005, from DEMO_APPS) and the landing page (3000), each with its client pre-registered. Ctrl-C stops everything.
// EID_PROFILE=vneid runs the bank on the VNeID dialect (examples/bank/README.md); the default is standard.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'

// The build is quiet (about 150 lines otherwise): its output is shown only when it fails.
// DEMO_SKIP_BUILD=1 starts what is built; DEMO_BUILD_COMMAND replaces the build (the test of this script
// gives a stand-in, after `npm test` built everything).
if (process.env.DEMO_SKIP_BUILD !== '1') {
  console.log('Building the packages and the examples (npm run build)...')
  const command = process.env.DEMO_BUILD_COMMAND || 'npm run build --silent'
  // One pipe for both streams (2>&1), so a failure's output reads in the order it was written.
  const build = spawnSync(`${command} 2>&1`, {
    shell: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  })
  if (build.status !== 0) {
    process.stdout.write(build.stdout ?? '')
    console.error(`\nThe build failed (${build.signal ?? `exit code ${build.status}`}); its output is above.`)
    process.exit(build.status || 1)
  }
}

const { DEMO_APPS, LANDING_PORT, ensureDevKeys, pkcs1DecryptionSupported, profileOf, VNEID_PLAIN_NOTE } =
  await import('dinhdanh-example-shared/demo')

const idpPort = process.env.MOCK_IDP_PORT ?? '4000'
const issuer = `http://127.0.0.1:${idpPort}`
const keysDir = process.env.DEMO_KEYS_DIR ?? '.dev-keys'
let profile
try {
  profile = profileOf(process.env)
} catch (error) {
  console.error(error.message)
  process.exit(1)
}
const credentials = await ensureDevKeys(keysDir, { issuer, profile })

// Every port the demo needs must be free: a process already there (the demo started twice) would answer
// in place of ours, and ours would exit with EADDRINUSE after the banner.
const appPorts = [...credentials.map(({ app }) => app.port), LANDING_PORT]
const busy = []
for (const port of [Number(idpPort), ...appPorts]) if (!(await portFree(port))) busy.push(port)
if (busy.length > 0) {
  console.error(
    `Port ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use (is the demo already running?). Stop what uses ${busy.length > 1 ? 'them' : 'it'} and try again.`,
  )
  process.exit(1)
}

function portFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** Whether something answers HTTP on this loopback port. */
async function answers(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })
    return true
  } catch {
    return false
  }
}

const children = []
let stopping = false
function start(name, args, options = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  })
  const prefix = (line) => `[${name}] ${line}`
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = ''
    stream.on('data', (chunk) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        if (!line.trim()) continue
        process.stdout.write(`${prefix(line)}\n`)
        // An app's own "… on http://localhost:<port>" line, printed once it listens.
        if (options.port !== undefined && line.includes(`on http://localhost:${options.port}`)) {
          child.listening = true
        }
      }
    })
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(prefix(`exited (${signal ?? code}); stopping the demo`))
      stop(1)
    }
  })
  children.push(child)
  return Object.assign(child, { name, port: options.port, listening: false })
}

function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1000).unref()
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

start('mock-idp', [
  'mock-idp/dist/cli.js',
  '--port',
  idpPort,
  '--log-level',
  'warn',
  '--clients',
  `${keysDir}/clients.json`,
])

// The examples discover the provider when they start (they also retry on their own).
for (let attempt = 0; ; attempt++) {
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`)
    if (response.ok) break
  } catch {}
  if (stopping) break // the provider exited: stop() is ending the demo
  if (attempt > 100) {
    console.error('the mock provider did not start; stopping')
    stop(1)
    break
  }
  await new Promise((resolve) => setTimeout(resolve, 200))
}

// Nothing more is started once the demo is stopping (it would outlive the script).
if (!stopping) {
  const apps = [
    ...credentials.map(({ app, env }) =>
      start(app.name, ['dist/server.js'], { cwd: `examples/${app.name}`, env, port: app.port }),
    ),
    start('landing', ['dist/server.js'], {
      cwd: 'examples/landing',
      env: { PORT: String(LANDING_PORT), EID_ISSUER: issuer },
      port: LANDING_PORT,
    }),
  ]

  // The banner comes last, once every app said it listens and answers on its port, so it is the last
  // thing on the screen at start-up.
  const deadline = Date.now() + 60_000
  let waiting = apps
  while (!stopping && waiting.length > 0) {
    const ready = await Promise.all(
      waiting.map(async (child) => child.listening && (await answers(child.port))),
    )
    waiting = waiting.filter((_child, index) => !ready[index])
    if (waiting.length === 0) break
    if (Date.now() > deadline) {
      console.error(
        `${waiting.map((child) => child.name).join(', ')} did not start within a minute; stopping the demo`,
      )
      stop(1)
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

if (!stopping) {
  const pad = (text) => text.padEnd(44)
  const lines = [
    '',
    'dinhdanh demo (every citizen is synthetic; passcode 123456; the SMS code is in the outbox)',
    `  ${pad('Start here: the examples and personas')}http://localhost:${LANDING_PORT}`,
    ...DEMO_APPS.map((app) => `  ${pad(`${app.clientName} (${app.name})`)}http://localhost:${app.port}`),
    `  ${pad('Mock national e-ID provider')}${issuer}`,
    `  ${pad('SMS outbox')}${issuer}/dev/sms`,
    `  ${pad('Phone simulator (VNeID app)')}${issuer}/phone`,
    `  ${pad('Citizen portal (withdraw consent)')}${issuer}/account`,
    ...(profile === 'vneid'
      ? [
          `The bank signs in with the VNeID dialect (${issuer}/vneid/authorize), ${pkcs1DecryptionSupported() ? 'encrypted' : 'plain'}; the other examples stay on standard OpenID Connect.`,
          ...(pkcs1DecryptionSupported() ? [] : [VNEID_PLAIN_NOTE]),
        ]
      : []),
    'Press Ctrl-C to stop.',
    '',
  ]
  console.log(lines.join('\n'))
}
