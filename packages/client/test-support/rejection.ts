import { type EidError, isEidError } from '../src/index.js'

// Taken at load time: some tests stub the global timers to shorten the SDK's waits.
const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis

/**
 * The error `promise` rejects with. Fails fast when it resolves, or when it never settles (a hang is
 * reported as such instead of surfacing as the test timeout).
 */
export async function rejection(promise: Promise<unknown>, withinMs = 3000): Promise<unknown> {
  let timer: ReturnType<typeof realSetTimeout> | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = realSetTimeout(
      () => reject(new Error(`the call did not settle within ${withinMs} ms (it hangs)`)),
      withinMs,
    )
  })
  try {
    return await Promise.race([
      promise.then(
        () => {
          throw new Error('expected a rejection, got a result')
        },
        (error: unknown) => error,
      ),
      hang,
    ])
  } finally {
    realClearTimeout(timer)
  }
}

/** Like {@link rejection}, and the error must be an `EidError` (anything else is rethrown). */
export async function eidRejection(promise: Promise<unknown>, withinMs?: number): Promise<EidError> {
  const error = await rejection(promise, withinMs)
  if (isEidError(error)) return error
  throw error
}
