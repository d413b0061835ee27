/**
 * The store is unreachable (Redis down or restarting): every request that needs it is answered with
 * `503 temporarily_unavailable` and this description, by oidc-provider's error handler (which reads
 * `expose`, `message`, `error_description` and `statusCode`) and by the mock's own error page alike,
 * instead of a bare `500 server_error`. The provider keeps running and serves again once the store is back.
 *
 * @example
 * ```ts
 * throw new StorageUnavailableError('redis', new Error('Connection is closed.'))
 * ```
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError'
  readonly statusCode = 503
  readonly expose = true
  readonly error = 'temporarily_unavailable'
  readonly error_description: string

  constructor(kind: string, cause: unknown) {
    super('temporarily_unavailable', { cause })
    this.error_description = `the mock provider cannot reach its ${kind} store; it answers again as soon as the store is back (${
      cause instanceof Error ? cause.message : String(cause)
    })`
  }
}

/**
 * True for an ioredis failure to reach the server (connection refused or closed, retries exhausted), as
 * opposed to an error answer from a reachable server (`ReplyError`, e.g. a script refusing a value).
 *
 * @example
 * ```ts
 * if (isRedisConnectionError(error)) throw new StorageUnavailableError('redis', error)
 * ```
 */
export function isRedisConnectionError(error: unknown): boolean {
  return error instanceof Error && error.name !== 'ReplyError'
}
