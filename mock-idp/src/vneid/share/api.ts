import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { z } from 'zod'
import type { Population } from '../../population.js'
import { sameSecret } from '../../security/same-secret.js'
import type { Storage } from '../../storage/storage.js'
import { sealEnvelope } from '../envelope.js'
import { DialectProblem } from '../explain.js'
import { VNEID_PATHS } from '../paths.js'
import type { DialectClient } from '../registration.js'
import type { ShareService } from './service.js'
import { TXN_ID_PATTERN } from './transactions.js'

/** How far `X-Request-Time` may be from the provider's clock. */
const REQUEST_TIME_TOLERANCE_SEC = 300
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** ISO 8601 in UTC: a date, a time, optional fraction, `Z` (or +00:00). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|\+00:00)$/

/**
 * What a purpose shown in the app must not hold: control characters (line breaks, tabs), Unicode format
 * characters (`\p{Cf}`: bidi overrides and isolates, zero-width characters, which make the app show
 * another text than the one sent) and the line and paragraph separators.
 */
const HIDDEN_OR_BREAKING = /[\p{Cc}\p{Cf}\u2028\u2029]/u
const PURPOSE_CHARACTERS = 'one line of visible text: no control, bidi, zero-width or line-break characters'

const startSchema = z.object({
  citizenPid: z.string().regex(/^\d{12}$/),
  attributes: z.array(z.enum(ATTRIBUTE_NAMES)).min(1).max(ATTRIBUTE_NAMES.length),
  purpose: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((text) => !HIDDEN_OR_BREAKING.test(text), { error: PURPOSE_CHARACTERS }),
  callbackUrl: z.string().max(2048),
})
const resultSchema = z.object({ txnId: z.string().regex(TXN_ID_PATTERN) })

/** What the share endpoints need. */
export interface ShareApiDependencies {
  share: ShareService
  storage: Storage
  population: Population
  /** Seconds since the epoch. */
  now: () => number
}

/** The client of an `Authorization: Basic` header (constant-time compare, also for an unknown id). */
function authenticate(req: Request, clients: ReadonlyMap<string, DialectClient>): DialectClient {
  const encoded = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(req.get('authorization') ?? '')?.[1]
  if (!encoded) throw new DialectProblem('share_auth_missing')
  const pair = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = pair.indexOf(':')
  if (colon < 1) throw new DialectProblem('share_auth_missing')
  const client = clients.get(pair.slice(0, colon))
  const matches = sameSecret(pair.slice(colon + 1), client?.secret ?? '\0unknown client')
  if (!client || !matches) throw new DialectProblem('share_auth_wrong')
  return client
}

/** The request headers of the wire: a fresh UUID (never reused by the client) and a current UTC time. */
async function checkRequestHeaders(req: Request, client: DialectClient, deps: ShareApiDependencies) {
  const requestId = req.get('x-request-id') ?? ''
  if (!UUID.test(requestId)) throw new DialectProblem('share_request_id')
  const time = req.get('x-request-time') ?? ''
  const at = ISO_UTC.test(time) ? Date.parse(time) / 1000 : Number.NaN
  if (!Number.isFinite(at) || Math.abs(at - deps.now()) > REQUEST_TIME_TOLERANCE_SEC) {
    throw new DialectProblem('share_request_time')
  }
  const fresh = await deps.storage.setIfAbsent(
    'share-request-id',
    `${client.clientId}\u001f${requestId}`,
    true,
    {
      ttlSec: 2 * REQUEST_TIME_TOLERANCE_SEC,
    },
  )
  if (!fresh) throw new DialectProblem('share_request_id_reused')
}

/** The JSON body, parsed by `schema`; the problem names the fields, never their values. */
function bodyOf<T>(req: Request, res: Response, schema: z.ZodType<T>): T {
  if (!req.is('application/json')) throw new DialectProblem('share_content_type')
  if (res.locals.shareBodyUnreadable === true)
    throw new DialectProblem('share_body', 'not JSON, or over 16 KB')
  const parsed = schema.safeParse(req.body)
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'body'))].join(', ')
    // The purpose's characters get their rule said (never the value): the other checks are in the text.
    const rule = parsed.error.issues.some((i) => i.message === PURPOSE_CHARACTERS)
      ? `; purpose: ${PURPOSE_CHARACTERS}`
      : ''
    throw new DialectProblem('share_body', `check ${fields}${rule}`)
  }
  return parsed.data
}

/** The answer, as an envelope when the client has encryption on (as the dialect's token and userinfo). */
function send(res: Response, client: DialectClient, answer: unknown): void {
  res.setHeader('cache-control', 'no-store')
  res.json(
    client.encrypt && client.publicKey ? sealEnvelope(answer, client.publicKey, client.aesMode) : answer,
  )
}

/**
 * The relying party's side of sharing by transaction (docs/vneid-share.md, "The wire"):
 * `POST /vneid/share/start` and `POST /vneid/share/result`, HTTP Basic with the client's id and secret,
 * `X-Request-Id` (a fresh UUID) and `X-Request-Time` (ISO 8601 UTC, within 5 minutes), a JSON body.
 * Refusals are {@link DialectProblem}s, answered by the dialect router as `{ error, error_description }`.
 *
 * @example
 * ```ts
 * router.use(shareApiRoutes({ share: ctx.share, storage: ctx.storage, population: ctx.population, now: ctx.now }))
 * ```
 */
export function shareApiRoutes(deps: ShareApiDependencies): Router {
  const router = express.Router()
  // A JSON parser that never fails the request itself: the content type and body are judged below.
  const json = express.json({ limit: '16kb', type: 'application/json' })
  const handle =
    (run: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST') return next(new DialectProblem('share_method'))
      run(req, res).catch(next)
    }
  // A body that does not parse is judged after the client is authenticated (a stranger learns nothing).
  const unreadable = (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string }).type
    if (type !== 'entity.parse.failed' && type !== 'entity.too.large') return next(error)
    res.locals.shareBodyUnreadable = true
    next()
  }

  router.all(
    VNEID_PATHS.shareStart,
    json,
    unreadable,
    handle(async (req, res) => {
      const client = authenticate(req, deps.share.clients)
      await checkRequestHeaders(req, client, deps)
      const body = bodyOf(req, res, startSchema)
      if (!client.shareCallbackUris.includes(body.callbackUrl)) {
        throw new DialectProblem('share_callback_unregistered')
      }
      if (!deps.population.find(body.citizenPid)) throw new DialectProblem('share_body', 'check citizenPid')
      const started = await deps.share.start(client, {
        personalId: body.citizenPid,
        attributes: body.attributes,
        purpose: body.purpose,
        callbackUrl: body.callbackUrl,
      })
      send(res, client, started)
    }),
  )
  router.all(
    VNEID_PATHS.shareResult,
    json,
    unreadable,
    handle(async (req, res) => {
      const client = authenticate(req, deps.share.clients)
      await checkRequestHeaders(req, client, deps)
      const { txnId } = bodyOf(req, res, resultSchema)
      send(res, client, await deps.share.result(txnId, client))
    }),
  )
  return router
}
