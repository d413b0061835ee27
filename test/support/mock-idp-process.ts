import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built `mock-idp` command, as an integrator runs it. */
export const MOCK_IDP_CLI = join(fileURLToPath(new URL('../..', import.meta.url)), 'mock-idp/dist/cli.js')

/**
 * A mock provider running as its own process (the built CLI), for tests that kill it, restart it, or
 * watch what it prints.
 *
 * @example
 * ```ts
 * const idp = await startMockIdpProcess(['--store', 'memory', '--auto-approve'])
 * await idp.kill('SIGKILL')
 * ```
 */
export interface MockIdpProcess {
  readonly url: string
  readonly adminToken: string
  readonly pid: number
  readonly child: ChildProcess
  /** Everything it printed so far (stdout and stderr, the last 64 KB). */
  output(): string
  /** Sends the signal (to this pid only) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

/**
 * Starts `node mock-idp/dist/cli.js <args>` (or `options.cli`, e.g. the bin of an installed tarball) and
 * resolves at its ready line; rejects with what it printed when it exits first or stays silent for 30 s.
 *
 * @example
 * ```ts
 * const idp = await startMockIdpProcess(['--port', String(await freePort()), '--sqlite-file', file])
 * ```
 */
export function startMockIdpProcess(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; cli?: string } = {},
): Promise<MockIdpProcess> {
  const cli = options.cli ?? MOCK_IDP_CLI
  if (!existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first`)
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const append = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-65_536)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    if (child.pid !== undefined) process.kill(child.pid, signal)
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill('SIGKILL')
      reject(new Error(`mock-idp printed no ready line within 30 s:\n${out}`))
    }, 30_000)
    const onData = () => {
      const url = /mock-idp ready at (\S+)/.exec(out)?.[1]
      const adminToken = /admin token: (\S+)/.exec(out)?.[1]
      if (url && adminToken && child.pid !== undefined) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve({ url, adminToken, pid: child.pid, child, output: () => out, kill })
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`mock-idp exited (code ${code}, signal ${signal}) before it was ready:\n${out}`))
    })
  })
}

/**
 * A loopback port that was free a moment ago (to restart a provider on the same issuer).
 *
 * @example
 * ```ts
 * const port = await freeLoopbackPort()
 * ```
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
