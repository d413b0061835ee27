import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { delimiter, join } from 'node:path'

/**
 * A throwaway `redis-server` for tests: loopback only, no persistence.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer()
 * const storage = createRedisStorage({ url: redis.url })
 * await redis.stop()
 * ```
 */
export interface RedisServer {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Empties every database (`FLUSHALL`), e.g. between benchmark rounds that must start from nothing. */
  flush(): Promise<void>
  /** Terminates this server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Options of {@link startRedisServer}.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer({ binary: '/usr/local/bin/redis-server' })
 * ```
 */
export interface StartRedisServerOptions {
  /** The `redis-server` executable; looked up on `PATH` by default. */
  binary?: string
  /** How long to wait for `PING` to answer; 10 000 ms by default. */
  readyTimeoutMs?: number
  /** A fixed loopback port (to restart a server where its clients expect it); a free one by default. */
  port?: number
  /** More `redis-server` arguments, after the defaults (e.g. `['--appendonly', 'yes', '--dir', dir]`). */
  extraArgs?: readonly string[]
}

const INSTALL_HINT =
  'The Redis tests start a real redis-server and do not skip without one: install it with ' +
  '`apt-get install -y redis-server` (Debian/Ubuntu) and run the tests again.'

/**
 * Starts `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no` on a free loopback port and
 * resolves once it answers `PING`. Rejects with installation instructions when `redis-server` is missing.
 *
 * @example
 * ```ts
 * let redis: RedisServer
 * beforeAll(async () => { redis = await startRedisServer() })
 * afterAll(() => redis.stop())
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? findOnPath('redis-server')
  if (binary === undefined || !isExecutable(binary)) {
    throw new Error(
      `redis-server was not found${options.binary ? ` at ${options.binary}` : ' on PATH'}. ${INSTALL_HINT}`,
    )
  }
  // The port is free when probed but could be taken before redis binds it: retry with a new one.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freeLoopbackPort())
    try {
      return await launch(binary, port, options.readyTimeoutMs ?? 10_000, options.extraArgs ?? [])
    } catch (error) {
      const retry = options.port === undefined && error instanceof Error && /in use/i.test(error.message)
      if (attempt >= 3 || !retry) throw error
    }
  }
}

async function launch(
  binary: string,
  port: number,
  readyTimeoutMs: number,
  extraArgs: readonly string[],
): Promise<RedisServer> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    ...extraArgs,
  ]
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000)
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000)
  })
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`redis-server could not start: ${error.message}. ${INSTALL_HINT}`)),
    )
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited early (code ${code}, signal ${signal}):\n${output}`)),
    )
  })
  exited.catch(() => {})
  const pid = child.pid
  try {
    if (pid === undefined) await exited
    await Promise.race([waitForPing(port, readyTimeoutMs), exited])
  } catch (error) {
    await terminate(child)
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: pid as number,
    async flush() {
      const reply = await command(port, 'FLUSHALL')
      if (reply !== '+OK') throw new Error(`FLUSHALL on 127.0.0.1:${port} answered ${reply || 'nothing'}`)
    },
    stop: () => terminate(child),
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await gone
  clearTimeout(timer)
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await command(port, 'PING')) === '+PONG') return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within ${timeoutMs} ms.`)
}

/** Sends one inline command and resolves with the first line of the reply, or '' when none came within 1 s. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let reply = ''
    const finish = (first: string) => {
      socket.destroy()
      resolve(first)
    }
    socket.setTimeout(1_000, () => finish(''))
    socket.once('error', () => finish(''))
    socket.once('connect', () => socket.write(`${line}\r\n`))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      const end = reply.indexOf('\r\n')
      if (end >= 0) finish(reply.slice(0, end))
    })
  })
}

function freeLoopbackPort(): Promise<number> {
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

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name)
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}
