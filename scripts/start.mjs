#!/usr/bin/env node
// `npm start`: builds the packages, then starts the demo: the mock national e-ID provider on port 4000
// (and, once they exist, the example relying parties). Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const children = []
function start(name, command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  const prefix = (line) => `[${name}] ${line}`
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = ''
    stream.on('data', (chunk) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) process.stdout.write(`${prefix(line)}\n`)
    })
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(prefix(`exited (${signal ?? code}); stopping the demo`))
      stop(1)
    }
  })
  children.push(child)
  return child
}

let stopping = false
function stop(code = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 500).unref()
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

const args = ['mock-idp/dist/cli.js', '--port', process.env.MOCK_IDP_PORT ?? '4000', '--log-level', 'warn']
if (existsSync('.dev-keys/clients.json')) args.push('--clients', '.dev-keys/clients.json')
start('mock-idp', process.execPath, args)

console.log(`
dinhdanh demo
  Mock national e-ID provider  http://127.0.0.1:4000   (personas: mock-idp/README.md, passcode 123456)
  SMS outbox                   http://127.0.0.1:4000/dev/sms
  Citizen portal               http://127.0.0.1:4000/account
Press Ctrl-C to stop.
`)
