import { randomUUID } from 'node:crypto'
import { type JWK, SignJWT } from 'jose'
import type Provider from 'oidc-provider'
import type { Logger } from '../logger.js'
import type { Storage } from '../storage/storage.js'
import type { ConsentRecord } from './records.js'
import { importedSigningKey } from './signing-key.js'

/**
 * The event type of a consent withdrawal: `CONSENT_WITHDRAWN_EVENT` of `@dinhdanh/client`, written out here
 * because that package's main entry loads openid-client, which the provider never needs, at every start-up
 * (#13). The protocol tests compare the events sent with the client's constant.
 */
const CONSENT_WITHDRAWN_EVENT = 'urn:dinhdanh:secevent:consent-withdrawn'

/** One attempt to deliver a consent-withdrawal event, as the admin API lists it. */
export interface DeliveryAttempt {
  id: string
  consentId: string
  clientId: string
  eventId: string
  attempt: number
  at: number
  status: 'delivered' | 'failed' | 'no_endpoint'
  httpStatus?: number
  error?: string
}

/** Backoff between attempts, in seconds: 1 s, 5 s, 30 s, 2 min, 10 min. */
export const RETRY_SCHEDULE_SEC = [1, 5, 30, 120, 600]

interface Dependencies {
  storage: Storage
  logger: Logger
  issuer: string
  keys: () => JWK[]
  now: () => number
  provider: () => Provider
}

/**
 * Withdrawal of a consent: the grant's tokens are revoked, and the relying party is told with a signed
 * Security Event Token (RFC 8417) POSTed to its `consent_event_uri` (RFC 8935), retried with backoff;
 * every attempt is logged for the admin API.
 */
export class ConsentEvents {
  readonly #deps: Dependencies
  readonly #timers = new Set<NodeJS.Timeout>()

  constructor(deps: Dependencies) {
    this.#deps = deps
  }

  /** Revokes everything issued under the consent's grant. */
  async revokeGrant(record: ConsentRecord): Promise<void> {
    const provider = this.#deps.provider()
    const grant = await provider.Grant.find(record.grantId)
    const Adapter = (
      provider as unknown as { Grant: { adapter: { revokeByGrantId(id: string): Promise<void> } } }
    ).Grant.adapter
    await Adapter.revokeByGrantId(record.grantId)
    await grant?.destroy()
  }

  async #sign(record: ConsentRecord, eventId: string): Promise<string> {
    const jwk = this.#deps.keys().find((key) => key.alg === 'ES256')
    if (!jwk) throw new Error('no ES256 signing key')
    return new SignJWT({
      events: {
        [CONSENT_WITHDRAWN_EVENT]: {
          consent_id: record.id,
          attributes: record.attributes,
          purpose: record.purpose,
          withdrawn_at: record.withdrawnAt ?? this.#deps.now(),
        },
      },
    })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? '', typ: 'secevent+jwt' })
      .setIssuer(this.#deps.issuer)
      .setAudience(record.clientId)
      .setSubject(record.sub)
      .setIssuedAt(this.#deps.now())
      .setJti(eventId)
      .sign(await importedSigningKey(jwk, 'ES256'))
  }

  /** Starts delivery of the withdrawal event (first attempt now, then the retry schedule). */
  async deliver(record: ConsentRecord): Promise<void> {
    const client = await this.#deps.provider().Client.find(record.clientId)
    const uri = client?.metadata().consent_event_uri
    const eventId = randomUUID()
    if (typeof uri !== 'string') {
      await this.#log({
        consentId: record.id,
        clientId: record.clientId,
        eventId,
        attempt: 0,
        status: 'no_endpoint',
      })
      return
    }
    const jwt = await this.#sign(record, eventId)
    await this.#attempt(record, uri, jwt, eventId, 1)
  }

  async #attempt(
    record: ConsentRecord,
    uri: string,
    jwt: string,
    eventId: string,
    attempt: number,
  ): Promise<void> {
    let httpStatus: number | undefined
    let error: string | undefined
    try {
      const response = await fetch(uri, {
        method: 'POST',
        headers: { 'content-type': 'application/secevent+jwt', accept: 'application/json' },
        body: jwt,
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      })
      httpStatus = response.status
      response.body?.cancel().catch(() => {})
    } catch (cause) {
      error = cause instanceof Error ? cause.name : 'error'
    }
    const delivered = httpStatus === 202 || httpStatus === 200 || httpStatus === 204
    await this.#log({
      consentId: record.id,
      clientId: record.clientId,
      eventId,
      attempt,
      status: delivered ? 'delivered' : 'failed',
      ...(httpStatus !== undefined && { httpStatus }),
      ...(error !== undefined && { error }),
    })
    const delay = RETRY_SCHEDULE_SEC[attempt - 1]
    if (!delivered && delay !== undefined) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        this.#attempt(record, uri, jwt, eventId, attempt + 1).catch((e: unknown) =>
          this.#deps.logger.error({ err: String(e) }, 'consent event delivery failed'),
        )
      }, delay * 1000)
      timer.unref()
      this.#timers.add(timer)
    }
  }

  async #log(entry: Omit<DeliveryAttempt, 'id' | 'at'>): Promise<void> {
    const attempt: DeliveryAttempt = { id: randomUUID(), at: this.#deps.now(), ...entry }
    await this.#deps.storage.set('delivery', attempt.id, attempt, { ttlSec: 7 * 86_400 })
    this.#deps.logger.info({ event: 'consent_event_delivery', ...attempt }, 'consent event delivery')
  }

  async deliveries(limit = 100): Promise<DeliveryAttempt[]> {
    return (await this.#deps.storage.list<DeliveryAttempt>('delivery', { limit })).map((e) => e.value)
  }

  /** Cancels pending retries (on shutdown). */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }
}
