import { type ChildProcess, spawn } from 'node:child_process'

/**
 * Starts a provider for the benches (`node <args>`: the mock's CLI or a bare provider script, both print
 * `ready at <url>`). `ready` gives the URL once that line is out, or fails with the end of the process's
 * stderr if it exits first. The caller stops `child` (the benches use SIGKILL).
 *
 * @example
 * ```ts
 * const { child, ready } = spawnProvider('memory', ['mock-idp/dist/cli.js', '--port', '0', '--store', 'memory'])
 * const url = await ready
 * child.kill('SIGKILL')
 * ```
 */
export function spawnProvider(name: string, args: string[]): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr?.on('data', (chunk) => {
    errors = (errors + chunk).slice(-2000)
  })
  const ready = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk) => {
      out += chunk
      const found = /ready at (\S+)/.exec(out)?.[1]
      if (found) resolve(found)
    })
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${errors}`)))
  })
  return { child, ready }
}
