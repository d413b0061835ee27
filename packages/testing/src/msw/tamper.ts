import type { MockEidEndpoint } from './scenarios.js'
import type { TokenBreakage } from './signing-keys.js'

/**
 * What to change in the next ID token the token endpoint issues (after the scenarios), to prove the relying
 * party refuses it: claims added or replaced, claims removed, header parameters, a broken signature.
 *
 * @example
 * ```ts
 * eid.tamper.nextIdToken({ claims: { aud: ['shop', 'untrusted'] } })
 * eid.tamper.nextIdToken({ omit: ['nonce'] })
 * eid.tamper.nextIdToken({ breakWith: 'alg_none', header: { alg: 'NONE' } })
 * ```
 */
export interface IdTokenTampering {
  /** Claims added or replaced (`sub`, `acr`, `iat`, anything). */
  claims?: Record<string, unknown>
  /** Claims removed (`iss`, `exp`, `nonce`, ...). */
  omit?: readonly string[]
  /** Protected-header parameters added or replaced (`typ`, `kid`; `alg` only with `alg_none`). */
  header?: Record<string, unknown>
  breakWith?: TokenBreakage
}

/**
 * Rewrites a response of the kit: gets the response the kit would send (after the scenarios) and the
 * request (a copy whose body can be read), returns what to send instead.
 *
 * @example
 * ```ts
 * const dropIdToken: ResponseReplacement = async (original) => {
 *   const { id_token: _, ...body } = await original.json()
 *   return Response.json(body)
 * }
 * eid.tamper.nextResponse('token', dropIdToken)
 * ```
 */
export type ResponseReplacement = (original: Response, request: Request) => Response | Promise<Response>

/**
 * A {@link ResponseReplacement} that edits the kit's JSON body and keeps its status and headers: the usual
 * way to send a field too many, one missing, or one wrong. `edit` may return a promise.
 *
 * @example
 * ```ts
 * eid.tamper.nextResponse('token', editJson((body) => ({ ...body, token_type: 'Bearer' })))
 * eid.tamper.nextResponse('userinfo', editJson(({ sub: _, ...claims }) => claims))
 * eid.tamper.nextResponse('discovery', editJson((doc) => ({ ...doc, issuer: 'https://evil.test' })), { persist: true })
 * ```
 */
export function editJson(
  edit: (body: Record<string, unknown>) => unknown | Promise<unknown>,
): ResponseReplacement {
  return async (original) => {
    const body = (await original.json()) as Record<string, unknown>
    const headers = new Headers(original.headers)
    headers.delete('content-length')
    headers.set('content-type', 'application/json')
    return new Response(JSON.stringify(await edit(body)), { status: original.status, headers })
  }
}

/**
 * One-shot or not, as for scenarios: a tampering applies to the next request it concerns, unless `persist`
 * keeps it on until `tamper.clear()` or `reset()`.
 *
 * @example
 * ```ts
 * eid.tamper.nextResponse('discovery', withoutPar, { persist: true })
 * ```
 */
export interface TamperOptions {
  persist?: boolean
}

/**
 * A hostile or broken provider, on demand: each control makes the kit misbehave in one way, so a test proves
 * the relying party refuses what a real provider (or an attacker in its place) could send. The kit's normal
 * checks stay on; these only change what it answers.
 *
 * @example
 * ```ts
 * eid.tamper.nextIdToken({ claims: { nonce: 'not-this-sign-in' } })
 * await expect(client.completeSignIn(callback, transaction)).rejects.toMatchObject({ check: 'nonce' })
 * ```
 */
export interface MockEidTamper {
  /**
   * Changes the next ID token the token endpoint issues (authorization code, refresh or CIBA). Replaces an
   * earlier tampering not yet used.
   */
  nextIdToken(tampering: IdTokenTampering, options?: TamperOptions): void
  /**
   * Replaces the next response of `endpoint` (the kit still handles the request, so a code is spent and a
   * token issued as usual): a changed body, a status, HTML instead of JSON, a redirect elsewhere.
   * Replaces an earlier replacement of the same endpoint not yet used.
   */
  nextResponse(endpoint: MockEidEndpoint, replace: ResponseReplacement, options?: TamperOptions): void
  /**
   * CIBA: the next polls of the token endpoint answer these OAuth errors in order (`authorization_pending`,
   * `slow_down`, `access_denied`, `expired_token`, anything), the request stays pending, and the poll after
   * the last one gets the tokens.
   */
  nextPolls(errors: readonly string[]): void
  /**
   * DPoP (needs `mockEid({ dpop: true })`): the token endpoint answers `use_dpop_nonce` with a `DPoP-Nonce`
   * header until a proof carries `nonce` (RFC 9449 §8). With `renewEachTime`, it demands a new nonce on every
   * request, as a broken provider would: a client must give up rather than loop. `undefined` stops it.
   */
  demandDpopNonce(nonce: string | undefined, options?: { renewEachTime?: boolean }): void
  /** Switches every tampering off (also done by `reset()`). */
  clear(): void
}

interface Armed<T> {
  value: T
  persist: boolean
}

/** The tamperings switched on in one kit, and their consumption (`Endpoint`: the kit's endpoint names). */
export class TamperBoard<Endpoint extends string = MockEidEndpoint> {
  #idToken: Armed<IdTokenTampering> | undefined
  readonly #responses = new Map<Endpoint, Armed<ResponseReplacement>>()
  #polls: string[] = []
  /** The DPoP nonce the token endpoint demands, if any. */
  dpopNonce: { value: string; renew: boolean } | undefined

  setIdToken(value: IdTokenTampering, options: TamperOptions = {}): void {
    if (value.header && 'alg' in value.header && value.breakWith !== 'alg_none') {
      throw new TypeError(
        'header.alg is only for breakWith: alg_none (its spelling); the kit signs with ES256',
      )
    }
    this.#idToken = { value: structuredClone(value), persist: options.persist ?? false }
  }

  takeIdToken(): IdTokenTampering | undefined {
    const armed = this.#idToken
    if (armed && !armed.persist) this.#idToken = undefined
    return armed?.value
  }

  setResponse(endpoint: Endpoint, replace: ResponseReplacement, options: TamperOptions = {}): void {
    if (typeof replace !== 'function')
      throw new TypeError('expected a function (original, request) => Response')
    this.#responses.set(endpoint, { value: replace, persist: options.persist ?? false })
  }

  takeResponse(endpoint: Endpoint): ResponseReplacement | undefined {
    const armed = this.#responses.get(endpoint)
    if (armed && !armed.persist) this.#responses.delete(endpoint)
    return armed?.value
  }

  setPolls(errors: readonly string[]): void {
    this.#polls = [...errors]
  }

  takePoll(): string | undefined {
    return this.#polls.shift()
  }

  clear(): void {
    this.#idToken = undefined
    this.#responses.clear()
    this.#polls = []
    this.dpopNonce = undefined
  }
}

/** The `tamper` controls of a kit over its board. */
export function tamperControls(board: TamperBoard): MockEidTamper {
  return {
    nextIdToken: (tampering, options) => board.setIdToken(tampering, options),
    nextResponse: (endpoint, replace, options) => board.setResponse(endpoint, replace, options),
    nextPolls: (errors) => board.setPolls(errors),
    demandDpopNonce(nonce, options = {}) {
      board.dpopNonce =
        nonce === undefined ? undefined : { value: nonce, renew: options.renewEachTime ?? false }
    },
    clear: () => board.clear(),
  }
}
