import { timingSafeEqual } from 'node:crypto'
import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import type { MockIdpContext } from '../../context.js'
import { type Scenarios, scenarioSchema } from '../../scenarios.js'

/**
 * The admin API under `/__admin` (O13: every route needs `Authorization: Bearer <admin token>`; without
 * it, 401 and nothing changes): scenarios, settings, the citizen behind a number on the mock's day, the
 * SMS outbox, consent-event deliveries, share webhook deliveries, key rotation, clients.
 *
 * @example
 * ```ts
 * app.use('/__admin', adminRoutes(ctx))
 * ```
 */
export function adminRoutes(ctx: MockIdpContext): Router {
  const router = express.Router()
  const expected = Buffer.from(`Bearer ${ctx.adminToken}`)

  router.use((req: Request, res: Response, next: NextFunction) => {
    const sent = Buffer.from(req.get('authorization') ?? '')
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="mock-idp admin"').json({
        error: 'unauthorized',
        error_description: 'send Authorization: Bearer <admin token> (printed at start)',
      })
      return
    }
    next()
  })
  router.use(express.json({ limit: '64kb' }))

  const settings = async () => ({
    autoApprove: await ctx.autoApprove(),
    autoApproveAs: (await ctx.storage.get<string>('config', 'auto-approve-as')) ?? null,
  })

  router.get('/scenarios', async (_req, res) => res.json({ scenarios: await ctx.scenarios.list() }))
  router.post('/scenarios', async (req, res, next) => {
    try {
      const parsed = scenarioSchema.safeParse(req.body)
      if (!parsed.success) {
        res.status(400).json({
          error: 'invalid_scenario',
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        })
        return
      }
      res.status(201).json({ scenarios: await ctx.scenarios.add(parsed.data) })
    } catch (error) {
      next(error)
    }
  })
  router.delete('/scenarios', async (_req, res) => res.json({ scenarios: await ctx.scenarios.clear() }))
  router.delete('/scenarios/:name', async (req, res) =>
    res.json({ scenarios: await ctx.scenarios.clear(req.params.name as Parameters<Scenarios['clear']>[0]) }),
  )

  router.get('/settings', async (_req, res) => res.json(await settings()))
  router.patch('/settings', async (req, res) => {
    const body = (req.body ?? {}) as { autoApprove?: unknown; autoApproveAs?: unknown }
    const badFlag = body.autoApprove !== undefined && typeof body.autoApprove !== 'boolean'
    const badAs =
      body.autoApproveAs !== undefined &&
      body.autoApproveAs !== null &&
      !/^\d{12}$/.test(String(body.autoApproveAs))
    if (badFlag || badAs || (body.autoApprove === undefined && body.autoApproveAs === undefined)) {
      res.status(400).json({
        error: 'invalid_settings',
        error_description:
          'expected { "autoApprove": true | false, "autoApproveAs": "<12-digit number>" | null }',
      })
      return
    }
    if (typeof body.autoApprove === 'boolean')
      await ctx.storage.set('config', 'auto-approve', body.autoApprove)
    if (body.autoApproveAs === null) await ctx.storage.delete('config', 'auto-approve-as')
    else if (typeof body.autoApproveAs === 'string')
      await ctx.storage.set('config', 'auto-approve-as', body.autoApproveAs)
    res.json(await settings())
  })

  router.get('/consents', async (req, res) => {
    const clientId = typeof req.query.client_id === 'string' ? req.query.client_id : undefined
    const personalId = typeof req.query.personal_id === 'string' ? req.query.personal_id : undefined
    const records = clientId
      ? await ctx.consents.forClient(clientId)
      : personalId && /^\d{12}$/.test(personalId)
        ? await ctx.consents.forAccount(ctx.population.accountIdOf(personalId))
        : []
    res.json({ consents: records })
  })
  // Withdraws a consent as if the citizen did it at the portal: tokens revoked, event delivered.
  router.post('/consents/:id/withdraw', async (req, res, next) => {
    try {
      const record = await ctx.consents.withdraw(
        String(req.params.id),
        'admin',
        Math.floor(Date.now() / 1000),
      )
      if (!record) {
        res.status(404).json({ error: 'not_found', error_description: 'no active consent with this id' })
        return
      }
      await ctx.events.revokeGrant(record)
      await ctx.events.deliver(record)
      res.json({ consent: record })
    } catch (error) {
      next(error)
    }
  })
  // The citizen behind a number on the mock's day (`--today`), as its screens and tokens show it.
  router.get('/citizens/:personalId', (req, res) => {
    const today = ctx.population.today()
    const citizen = ctx.population.find(req.params.personalId)
    if (citizen === undefined) {
      res
        .status(404)
        .json({ error: 'not_found', error_description: 'not a valid 12-digit personal ID', today })
      return
    }
    res.json({ today, citizen })
  })
  router.get('/sms', async (_req, res) => res.json({ messages: await ctx.sms.list() }))
  router.get('/deliveries', async (_req, res) => res.json({ deliveries: await ctx.events.deliveries() }))
  // Share webhook attempts (docs/vneid-share.md): event, transaction, attempt, outcome; never a body or secret.
  router.get('/share-webhooks', async (_req, res) =>
    res.json({ deliveries: await ctx.share.webhooks.deliveries() }),
  )
  router.post('/keys/rotate', async (_req, res) => {
    await ctx.rotateSigningKey()
    res.status(204).end()
  })
  router.get('/clients', (_req, res) => {
    // Registered (static) clients; secrets are never shown.
    res.json({ clients: ctx.options.clients.map(({ client_secret: _secret, ...metadata }) => metadata) })
  })
  return router
}
