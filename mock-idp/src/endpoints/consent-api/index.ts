import express, { type Request, type Response, type Router } from 'express'
import { signConsentReceipt } from '../../consent/receipt.js'
import type { ConsentRecord } from '../../consent/records.js'
import type { MockIdpContext } from '../../context.js'

const ID = /^[\w-]{1,128}$/

/**
 * The relying-party consent API (docs/consent-api.md): a client-credentials access token with scope
 * `consents`; a client sees and withdraws only its own consents.
 *
 * @example
 * ```ts
 * app.use('/consent-api', consentApiRoutes(ctx))
 * ```
 */
export function consentApiRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()

  async function clientOf(req: Request, res: Response): Promise<string | undefined> {
    const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(req.get('authorization') ?? '')
    const provider = ctx.provider() as unknown as {
      ClientCredentials: {
        find(
          token: string,
        ): Promise<
          | { clientId: string; scope?: string; isExpired?: boolean; jkt?: string; 'x5t#S256'?: string }
          | undefined
        >
      }
    }
    const token = match?.[1] ? await provider.ClientCredentials.find(match[1]) : undefined
    // A sender-constrained (DPoP or mTLS) token is not usable as a plain bearer token.
    const bound = token !== undefined && (token.jkt !== undefined || token['x5t#S256'] !== undefined)
    if (!token || bound || token.isExpired || !(token.scope ?? '').split(' ').includes('consents')) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token", scope="consents"').json({
        error: 'invalid_token',
        error_description: 'a client-credentials access token with scope "consents" is required',
      })
      return undefined
    }
    return token.clientId
  }

  async function view(record: ConsentRecord) {
    return {
      id: record.id,
      sub: record.sub,
      client_id: record.clientId,
      purpose: record.purpose,
      attributes: record.attributes,
      status: record.status,
      method: record.method,
      text_shown: record.textShown,
      granted_at: record.grantedAt,
      ...(record.withdrawnAt !== undefined && { withdrawn_at: record.withdrawnAt }),
      receipt: await signConsentReceipt(record, ctx.issuer, ctx.signingKeys()),
    }
  }

  async function own(req: Request, res: Response, clientId: string): Promise<ConsentRecord | undefined> {
    const id = String(req.params.id ?? '')
    const record = ID.test(id) ? await ctx.consents.get(id) : undefined
    if (!record) {
      res.status(404).json({ error: 'not_found', error_description: 'no consent with this id' })
      return undefined
    }
    if (record.clientId !== clientId) {
      res
        .status(403)
        .json({ error: 'forbidden', error_description: 'this consent belongs to another client' })
      return undefined
    }
    return record
  }

  router.get('/consents', async (req, res, next) => {
    try {
      const clientId = await clientOf(req, res)
      if (!clientId) return
      const sub = typeof req.query.sub === 'string' ? req.query.sub : undefined
      const status =
        req.query.status === 'active' || req.query.status === 'withdrawn' ? req.query.status : undefined
      const records = (await ctx.consents.forClient(clientId)).filter(
        (r) => (sub === undefined || r.sub === sub) && (status === undefined || r.status === status),
      )
      res.json({ consents: await Promise.all(records.map(view)) })
    } catch (error) {
      next(error)
    }
  })

  router.get('/consents/:id', async (req, res, next) => {
    try {
      const clientId = await clientOf(req, res)
      if (!clientId) return
      const record = await own(req, res, clientId)
      if (record) res.json(await view(record))
    } catch (error) {
      next(error)
    }
  })

  router.delete('/consents/:id', async (req, res, next) => {
    try {
      const clientId = await clientOf(req, res)
      if (!clientId) return
      const record = await own(req, res, clientId)
      if (!record) return
      const withdrawn = await ctx.consents.withdraw(record.id, 'relying_party', ctx.now())
      if (!withdrawn) {
        res
          .status(409)
          .json({ error: 'already_withdrawn', error_description: 'this consent is already withdrawn' })
        return
      }
      await ctx.events.revokeGrant(withdrawn)
      res.json(await view(withdrawn))
    } catch (error) {
      next(error)
    }
  })

  return router
}
