import type { EidClient } from '@dinhdanh/client'
import { fromThisSite, uiLocaleOf } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import type { RetailSite } from '../site.js'
import { anotherPersonRefusedBody } from '../views/another-person.js'

/**
 * "Check another person" (#15, point 2): the shop has no sign-out because nobody signs in here; it holds
 * only VNeID's answer "18 or over" for a few minutes in this browser. This post forgets that answer and
 * sends the browser to VNeID's sign-out (RP-initiated logout with the shop's `client_id`, no ID token:
 * the provider asks the citizen to confirm), so the next age check asks VNeID for a number again. The
 * provider then sends the browser back to the shop's home page.
 *
 * @example
 * ```ts
 * anotherPersonRoutes(app, site, client)
 * ```
 */
export function anotherPersonRoutes(app: Express, site: RetailSite, client: EidClient): void {
  app.post('/another-person', async (req, res) => {
    // Forgetting the answer is all a forged post could do; still, only this site's pages may ask.
    if (!fromThisSite(req, site.config.baseUrl)) {
      const title = { vi: 'Yêu cầu không hợp lệ', en: 'Invalid request' }
      return site.page(req, res, title, anotherPersonRefusedBody(res), 403)
    }
    await req.eid.signOut()
    const home = `${site.config.baseUrl}/`
    let target = home
    if (typeof client.metadata.end_session_endpoint === 'string') {
      target = client.signOutUrl({ postLogoutRedirectUri: home, uiLocales: uiLocaleOf(req) })
    }
    res.redirect(303, target)
  })
}
