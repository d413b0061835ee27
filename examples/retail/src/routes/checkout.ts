import { requireAttributes } from '@dinhdanh/express'
import type { Bilingual } from 'dinhdanh-example-shared'
import type { Express } from 'express'
import { findProduct } from '../catalogue.js'
import type { RetailSite } from '../site.js'
import { ageMissingBody, ageRefusedBody, checkoutBody } from '../views/checkout.js'

/**
 * Checkout: an alcohol-free product is ordered at once; an alcoholic one first asks VNeID one question,
 * "18 or older?", with `identity: false` (nobody is signed in), and the answer decides.
 *
 * @example
 * ```ts
 * checkoutRoutes(app, site, { vi: PURPOSE, en: '…' })
 * ```
 */
export function checkoutRoutes(app: Express, site: RetailSite, purpose: Bilingual): void {
  app.get('/checkout/:productId', (req, res) => {
    const product = findProduct(req.params.productId)
    if (!product) return site.notFound(req, res)
    site.page(req, res, { vi: 'Thanh toán', en: 'Checkout' }, checkoutBody(res, product))
  })

  // An alcohol-free product needs no check. (A form post without CSRF token is harmless here: the
  // worst a forged post does is create an anonymous order nobody sees.)
  app.post('/checkout/:productId/order', (req, res) => {
    const product = findProduct(req.params.productId)
    if (!product || product.ageRestricted) return site.notFound(req, res)
    res.redirect(303, `/orders/${site.orders.create(product.id, undefined).id}`)
  })

  // The age check: VNeID is asked `age_over_18` only, without identity, at level 1 (any VNeID account
  // proves its birth date against the population database). Back here, the answer decides.
  const ageCheck = requireAttributes(['age_over_18'], { identity: false, purpose })
  app.get('/checkout/:productId/verify-age', ageCheck, (req, res) => {
    const product = findProduct(String(req.params.productId))
    if (!product?.ageRestricted) return site.notFound(req, res)
    const ageOver18 = req.eid.attributes.ageOver18
    if (ageOver18 === true) {
      res.redirect(303, `/orders/${site.orders.create(product.id, req.eid.consentId).id}`)
      return
    }
    if (ageOver18 === false) {
      const title = {
        vi: 'Rất tiếc, chúng tôi không thể bán sản phẩm này',
        en: 'Sorry, we cannot sell you this product',
      }
      return site.page(req, res, title, ageRefusedBody(res), 403)
    }
    const title = { vi: 'Chưa xác nhận được độ tuổi', en: 'Your age was not confirmed' }
    site.page(req, res, title, ageMissingBody(res, product), 403)
  })

  // Forget the answer this browser holds, and ask VNeID again. (Forgetting is all a forged link can do.)
  app.get('/checkout/:productId/ask-again', async (req, res) => {
    const product = findProduct(String(req.params.productId))
    if (!product?.ageRestricted) return site.notFound(req, res)
    await req.eid.signOut()
    res.redirect(303, `/checkout/${product.id}/verify-age`)
  })
}
