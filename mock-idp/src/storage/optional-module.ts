import { createRequire } from 'node:module'

const requireFromHere = createRequire(import.meta.url)

/**
 * A library a store needs is not there (or cannot load on this Node): the message says what to install.
 *
 * @example
 * ```ts
 * if (error instanceof OptionalDependencyError) console.error(error.message)
 * ```
 */
export class OptionalDependencyError extends Error {
  override readonly name = 'OptionalDependencyError'
}

/**
 * Loads an optional dependency of the mock provider (`better-sqlite3`, `ioredis`: peer dependencies that
 * only the SQLite store on Node 20 and the Redis store need), or throws one error that says which store
 * needs it and how to install it. Other failures (a native module built for another Node) keep their cause.
 *
 * @example
 * ```ts
 * const { Redis } = requireOptional<typeof import('ioredis')>('ioredis', 'the Redis store (--store redis)')
 * ```
 */
export function requireOptional<T>(name: string, neededBy: string): T {
  try {
    return requireFromHere(name) as T
  } catch (cause) {
    const missing = (cause as { code?: unknown } | undefined)?.code === 'MODULE_NOT_FOUND'
    const reason = missing ? 'is not installed' : `could not be loaded (${(cause as Error).message})`
    throw new OptionalDependencyError(
      `${neededBy} needs the package ${name}, which ${reason}: run \`npm install ${name}\` next to ` +
        '@dinhdanh/mock-idp, or choose another store (--store memory).',
      { cause },
    )
  }
}

/** Whether an optional dependency can be loaded, without loading it twice or throwing. */
export function hasOptional(name: string): boolean {
  try {
    requireFromHere.resolve(name)
    return true
  } catch {
    return false
  }
}
