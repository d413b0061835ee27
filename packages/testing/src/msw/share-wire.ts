/**
 * The relying party's side of the share wire (docs/vneid-share.md, "The wire") as the msw kit checks it,
 * with the mock provider's rules: HTTP Basic with the client's id and secret, `X-Request-Id` (a fresh UUID),
 * `X-Request-Time` (ISO 8601 UTC within 5 minutes of the kit's clock), a JSON body of at most 16 KB.
 * Internal to `mockVneid`; every refusal names the check, never a value.
 */
import { timingSafeEqual } from 'node:crypto'
import { type AttributeName, isAttributeName } from '@dinhdanh/client/schemas'
import { HttpResponse } from 'msw'
import type { FakeClock } from './fake-clock.js'

/** How far `X-Request-Time` may be from the kit's clock, as at the mock provider. */
const REQUEST_TIME_TOLERANCE_SEC = 300
const MAX_BODY_BYTES = 16 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|\+00:00)$/

/** The shape of a transaction id on the wire: 1 to 128 characters of `[A-Za-z0-9._~-]`. */
export const TXN_ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/

/** A share wire error as the gateway answers it (`{ error, error_description }`, never cached). */
export const shareError = (status: number, error: string, description: string) =>
  HttpResponse.json(
    { error, error_description: description },
    { status, headers: { 'cache-control': 'no-store' } },
  )

const invalidRequest = (description: string) => shareError(400, 'invalid_request', description)

function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given)
  const right = Buffer.from(expected)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** What the share endpoints need to know of a client. */
export interface WireClient {
  clientId: string
  clientSecret: string
}

/** What the wire checks need from the kit. */
export interface WireContext<C extends WireClient> {
  clients: ReadonlyMap<string, C>
  clock: FakeClock
  /** `clientId \u001f requestId` of every request seen (a request id is used once per client). */
  seenRequestIds: Set<string>
}

/**
 * Authenticates the request and checks its headers and JSON body: the client and the parsed body, or the
 * refusal to answer (405, 401 `invalid_client`, 400 `invalid_request`).
 */
export async function readShareRequest<C extends WireClient>(
  context: WireContext<C>,
  request: Request,
): Promise<{ client: C; body: Record<string, unknown> } | Response> {
  if (request.method !== 'POST')
    return shareError(405, 'invalid_request', 'the share endpoints answer POST only')
  const encoded = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(request.headers.get('authorization') ?? '')?.[1]
  const pair = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8')
  const colon = pair.indexOf(':')
  if (colon < 1) {
    return shareError(401, 'invalid_client', 'expected the client id and secret as HTTP Basic')
  }
  const client = context.clients.get(pair.slice(0, colon))
  const matches = sameSecret(pair.slice(colon + 1), client?.clientSecret ?? '\0unknown client')
  if (!client || !matches) {
    return shareError(401, 'invalid_client', 'the client id and secret match no registered client')
  }
  const requestId = request.headers.get('x-request-id') ?? ''
  if (!UUID.test(requestId)) return invalidRequest('X-Request-Id must be a fresh UUID per request')
  const time = request.headers.get('x-request-time') ?? ''
  const at = ISO_UTC.test(time) ? Date.parse(time) / 1000 : Number.NaN
  if (!Number.isFinite(at) || Math.abs(at - context.clock.now()) > REQUEST_TIME_TOLERANCE_SEC) {
    return invalidRequest('X-Request-Time must be the time of the request in ISO 8601 UTC, within 5 minutes')
  }
  const seen = `${client.clientId}\u001f${requestId.toLowerCase()}`
  if (context.seenRequestIds.has(seen)) return invalidRequest('X-Request-Id was already used by this client')
  context.seenRequestIds.add(seen)
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return invalidRequest('the body must be JSON sent with Content-Type: application/json')
  }
  const text = await request.text()
  let body: unknown
  try {
    body = Buffer.byteLength(text) <= MAX_BODY_BYTES ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return invalidRequest('the body must be a JSON object of at most 16 KB')
  }
  return { client, body: body as Record<string, unknown> }
}

/** What a relying party asks to share, once its body passed {@link startBodyOf}. */
export interface StartBody {
  citizenPid: string
  attributes: AttributeName[]
  purpose: string
  callbackUrl: string
}

/** The start body `{ citizenPid, attributes, purpose, callbackUrl }`, or the names of the bad fields. */
export function startBodyOf(body: Record<string, unknown>): StartBody | string[] {
  const { citizenPid, attributes, purpose, callbackUrl } = body
  const bad: string[] = []
  if (typeof citizenPid !== 'string' || !/^\d{12}$/.test(citizenPid)) bad.push('citizenPid')
  if (
    !Array.isArray(attributes) ||
    attributes.length === 0 ||
    !attributes.every((name) => typeof name === 'string' && isAttributeName(name))
  ) {
    bad.push('attributes')
  }
  if (typeof purpose !== 'string' || purpose.trim().length === 0 || purpose.trim().length > 200) {
    bad.push('purpose')
  }
  if (typeof callbackUrl !== 'string' || callbackUrl.length > 2048 || !URL.canParse(callbackUrl)) {
    bad.push('callbackUrl')
  }
  if (bad.length > 0) return bad
  return {
    citizenPid: citizenPid as string,
    attributes: [...new Set(attributes as AttributeName[])],
    purpose: (purpose as string).trim(),
    callbackUrl: callbackUrl as string,
  }
}

/** The refusal of a start body with bad fields (named, never their values). */
export const badFields = (fields: readonly string[]) =>
  invalidRequest(
    `the body must be { citizenPid (12 digits), attributes (catalogue names, at least one), purpose (1-200 characters), callbackUrl }: check ${fields.join(', ')}`,
  )

/** The refusal of a `callbackUrl` the client did not register. */
export const callbackUnregistered = () =>
  invalidRequest('callbackUrl must be exactly one of the share callback URLs registered for the client')

/** The refusal of a result body without a well-formed `txnId`. */
export const badTxnId = () =>
  invalidRequest('the body must be { txnId } with 1 to 128 characters of [A-Za-z0-9._~-]')
