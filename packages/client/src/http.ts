import { EidAbortedError } from './errors/other-errors.js'
import { EidNetworkError, type ProviderEndpoint } from './errors/protocol-errors.js'

/** Resolved HTTP settings. */
export interface HttpSettings {
  timeoutMs: number
  retries: number
  dispatcher?: object | undefined
}

/**
 * Releases a response body we will not read. Not awaited: a cloned body (as interceptors such as msw
 * produce) only finishes cancelling when its twin is consumed, which may never happen.
 */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {})
}

/** Endpoints whose GETs are idempotent and cached, so a transient failure is worth a retry. */
const RETRYABLE: ReadonlySet<ProviderEndpoint> = new Set(['discovery', 'jwks'])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Full-jitter exponential backoff: 0..(150 ms × 2^attempt), capped at 2 s. */
function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(2000, 150 * 2 ** attempt))
}

/**
 * The SDK's single way out to the network. Every request:
 * - goes through `globalThis.fetch`, read at call time, so msw and other interceptors see it;
 * - carries the undici dispatcher when one is configured (timeouts, proxy, mTLS, keep-alive);
 * - is aborted after `timeoutMs` and reported as {@link EidNetworkError} with `timeout: true`;
 * - never follows redirects (a provider that redirects its endpoints elsewhere is rejected);
 * - is retried with jittered backoff only when it is a GET of discovery or JWKS. The token POST and
 *   every other non-idempotent request are never retried.
 */
export class Http {
  readonly #settings: HttpSettings
  #endpointOf: (url: string) => ProviderEndpoint | undefined = () => undefined

  constructor(settings: HttpSettings) {
    this.#settings = settings
  }

  /** Tells the layer which provider endpoint a URL belongs to (known after discovery). */
  setEndpointResolver(resolver: (url: string) => ProviderEndpoint | undefined): void {
    this.#endpointOf = resolver
  }

  /** Sends one request (with the retry policy above). `endpoint` overrides URL-based detection. */
  async request(url: string, init: RequestInit, endpoint?: ProviderEndpoint): Promise<Response> {
    const where = endpoint ?? this.#endpointOf(url)
    const method = (init.method ?? 'GET').toUpperCase()
    const retries =
      method === 'GET' && where !== undefined && RETRYABLE.has(where) ? this.#settings.retries : 0
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.#once(url, init, where)
        if (attempt < retries && (response.status >= 500 || response.status === 429)) {
          discardBody(response)
          await sleep(backoffMs(attempt))
          continue
        }
        return response
      } catch (error) {
        if (attempt < retries && error instanceof EidNetworkError) {
          await sleep(backoffMs(attempt))
          continue
        }
        throw error
      }
    }
  }

  async #once(url: string, init: RequestInit, endpoint: ProviderEndpoint | undefined): Promise<Response> {
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs)
    const callerSignal = init.signal ?? undefined
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout
    const fetchImpl = globalThis.fetch
    const requestInit: RequestInit & { dispatcher?: object } = { ...init, signal, redirect: 'manual' }
    if (this.#settings.dispatcher) requestInit.dispatcher = this.#settings.dispatcher
    try {
      return await fetchImpl(url, requestInit)
    } catch (cause) {
      if (timeout.aborted && !callerSignal?.aborted) {
        throw new EidNetworkError({ timeout: true, ...(endpoint && { endpoint }), cause })
      }
      if (callerSignal?.aborted) {
        // A signal that fired with a TimeoutError is a deadline, not a cancellation.
        const reason: unknown = callerSignal.reason
        if (reason instanceof DOMException && reason.name === 'TimeoutError') {
          throw new EidNetworkError({ timeout: true, ...(endpoint && { endpoint }), cause })
        }
        throw new EidAbortedError({ cause })
      }
      throw new EidNetworkError({ timeout: false, ...(endpoint && { endpoint }), cause })
    }
  }
}
