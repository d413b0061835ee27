import { createHmac, randomBytes } from 'node:crypto'
import { readCookie, sameSecret } from 'dinhdanh-example-shared'
import type { Request, Response } from 'express'

const FORM_COOKIE = 'travel_form'

/**
 * The landing form's own CSRF token. The form is posted by visitors who are not signed in yet, for whom
 * `req.eid.csrfToken` is one token shared by every anonymous visitor. So the form has a token of its own:
 * an HMAC, keyed by the session secret, of a random value kept in this browser's cookie. A forged post from
 * another site has the cookie but cannot read the page to learn the token. The field is `csrf`, not
 * `_csrf`, so it is never confused with the sign-out form's `_csrf` in the header (the adapter's token).
 *
 * @example
 * ```ts
 * const forms = landingForms(config.sessionSecret, secure)
 * html`<input type="hidden" name="csrf" value="${forms.tokenFor(req, res)}">`
 * ```
 */
export function landingForms(sessionSecret: string, secure: boolean) {
  const key = createHmac('sha256', sessionSecret).update('travel:landing-form').digest()
  const token = (id: string) => createHmac('sha256', key).update(id).digest('base64url')
  /** This browser's form id (random, set by the landing page), when it has a well-formed one. */
  const idOf = (req: Request): string | undefined => {
    const value = readCookie(req, FORM_COOKIE)
    return value && /^[\w-]{16,64}$/.test(value) ? value : undefined
  }
  return {
    /** The token for this browser's form, giving the browser a form id first when it has none. */
    tokenFor(req: Request, res: Response): string {
      let id = idOf(req)
      if (!id) {
        id = randomBytes(24).toString('base64url')
        res.cookie(FORM_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure })
      }
      return token(id)
    },
    /** Whether a posted form carries this browser's token. */
    valid(req: Request): boolean {
      const id = idOf(req)
      return id !== undefined && sameSecret(req.body?.csrf, token(id))
    },
  }
}

/** The landing form's helpers, as {@link landingForms} makes them. */
export type LandingForms = ReturnType<typeof landingForms>
