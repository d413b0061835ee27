import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request } from 'express'

/**
 * CSRF protection for every form (O10): a token bound to the form's context (an interaction uid, a
 * portal session) with an HMAC, so nothing needs storing; plus a same-origin check on the request
 * (`Sec-Fetch-Site`, `Origin`) that refuses cross-site posts even with a stolen token.
 */
export class Csrf {
  readonly #secret: Buffer
  readonly #origin: string

  constructor(secret: string, issuer: string) {
    this.#secret = Buffer.from(secret)
    this.#origin = new URL(issuer).origin
  }

  token(context: string): string {
    return createHmac('sha256', this.#secret).update(`csrf:${context}`).digest('base64url')
  }

  /** True when the request carries the right token for `context` and comes from this origin. */
  verify(req: Request, context: string): boolean {
    const site = req.get('sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
    const origin = req.get('origin')
    if (origin !== undefined && origin !== 'null' && origin !== this.#origin) return false
    const sent = typeof req.body?.csrf === 'string' ? req.body.csrf : ''
    const expected = this.token(context)
    return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  }
}
