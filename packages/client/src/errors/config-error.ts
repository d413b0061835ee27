import { EidError } from './eid-error.js'

/**
 * One problem found in the options given to `createClient`.
 *
 * @example
 * ```ts
 * const issue: ConfigIssue = { path: 'redirectUri', message: 'expected an absolute http(s) URL' }
 * ```
 */
export interface ConfigIssue {
  /** Dotted path of the option, e.g. `clientAuth.privateJwk`. */
  readonly path: string
  /** What was expected and what arrived (never the value of a secret). */
  readonly message: string
}

/**
 * `ERR_EID_CONFIG`: the options given to `createClient` (or the arguments of a call such as `signIn`)
 * are invalid. One error names every bad field,
 * so a developer fixes them all in one pass.
 *
 * @example
 * ```ts
 * try {
 *   await createClient({ issuer: 'not a url', clientId: '' } as never)
 * } catch (err) {
 *   if (err instanceof EidConfigError) console.error(err.issues.map((i) => i.path))
 * }
 * ```
 */
export class EidConfigError extends EidError {
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[], options: { cause?: unknown; subject?: string } = {}) {
    const list = issues.map((issue) => `${issue.path || '(options)'}: ${issue.message}`).join('; ')
    const subject = options.subject ?? 'dinhdanh client options'
    super('ERR_EID_CONFIG', `Invalid ${subject}: ${list}. Fix these and try again.`, { cause: options.cause })
    this.issues = issues
  }
}
