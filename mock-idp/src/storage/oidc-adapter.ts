import type { Storage, StorageClock, StorageTtlOptions } from './storage.js'
import { isValidKey } from './storage-input.js'

/**
 * What oidc-provider stores for one model instance (a token, session, interaction, grant, client, ...).
 *
 * @example
 * ```ts
 * const payload: OidcAdapterPayload = { jti: 'abc', kind: 'AccessToken', grantId: 'g1', exp: 1767225600 }
 * ```
 */
export interface OidcAdapterPayload {
  [key: string]: unknown
  grantId?: string
  uid?: string
  userCode?: string
  /** Set by {@link OidcAdapter.consume}: epoch seconds. */
  consumed?: number
}

/**
 * The adapter contract of oidc-provider 9, one instance per model name.
 * See https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#adapter
 *
 * @example
 * ```ts
 * const Adapter = createOidcAdapterFactory(storage)
 * const sessions: OidcAdapter = new Adapter('Session')
 * const session = await sessions.findByUid(uid)
 * ```
 */
export interface OidcAdapter {
  /** Creates or replaces a record; `expiresIn` is in seconds, absent for records that never expire. */
  upsert(id: string, payload: OidcAdapterPayload, expiresIn?: number): Promise<void>
  find(id: string): Promise<OidcAdapterPayload | undefined>
  /** Device flow: the DeviceCode whose `userCode` is this. */
  findByUserCode(userCode: string): Promise<OidcAdapterPayload | undefined>
  /** The Session whose `uid` is this. */
  findByUid(uid: string): Promise<OidcAdapterPayload | undefined>
  /** Marks a one-time record (code, refresh token, ...) used: sets `consumed` to epoch seconds. */
  consume(id: string): Promise<void>
  destroy(id: string): Promise<void>
  /** Destroys every grant-bound record (of any model) carrying this `grantId`. */
  revokeByGrantId(grantId: string): Promise<void>
}

/**
 * What oidc-provider's `adapter` option takes: a class constructed with the model name.
 *
 * @example
 * ```ts
 * const Adapter: OidcAdapterConstructor = createOidcAdapterFactory(storage)
 * new Provider(issuer, { adapter: Adapter })
 * ```
 */
export type OidcAdapterConstructor = new (model: string) => OidcAdapter

/**
 * Options of {@link createOidcAdapterFactory}.
 *
 * @example
 * ```ts
 * const options: OidcAdapterOptions = { clockToleranceSec: 5 }
 * ```
 */
export interface OidcAdapterOptions {
  /**
   * The provider's `clockTolerance`: records are kept that many seconds past `expiresIn`, as oidc-provider's
   * own memory adapter does, because the provider accepts them that much past their `exp`. 0 by default.
   */
  clockToleranceSec?: number
  /** Epoch milliseconds, for `consumed` and the remaining TTL `consume` keeps; `Date.now` by default. */
  clock?: StorageClock
}

/** The record kept per id: the payload plus its expiry, so `consume` can rewrite it without extending it. */
interface StoredRecord {
  payload: OidcAdapterPayload
  expiresAt: number | null
}

// The models whose records oidc-provider revokes through revokeByGrantId (same list as its memory adapter).
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
])

/** grantId → `${model slug}:${id}` of every grant-bound record, across models. */
const GRANT_NAMESPACE = 'oidc-index:grant'

const slugOf = (model: string): string =>
  model
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')

/** Models with lookups: Session by `uid`, DeviceCode by `userCode`; with the grantable ones, the indexed models. */
const SESSION_SLUG = slugOf('Session')
const INDEXED_SLUGS = new Set([SESSION_SLUG, slugOf('DeviceCode')])

const recordNamespace = (slug: string): string => `oidc:${slug}`
const uidNamespace = (slug: string): string => `oidc:${slug}:by_uid`
const userCodeNamespace = (slug: string): string => `oidc:${slug}:by_user_code`

/**
 * Builds the class oidc-provider 9 takes as its `adapter` option, keeping every model in one
 * {@link Storage}. Records live in namespace `oidc:<model_slug>` (`oidc:access_token`, `oidc:session`, ...),
 * `uid` and `userCode` lookups in `oidc:<model_slug>:by_uid` / `:by_user_code`, and the grant index (a set per
 * grantId) in `oidc-index:grant`. Nothing is cached in the process, so with the Redis storage several
 * providers share sessions, codes and tokens.
 *
 * Ids that could never have been stored (an empty or overlong `client_id` from a request) read as "not
 * found" rather than failing. A record saved with `expiresIn <= 0` is already expired, so it is removed.
 *
 * @example
 * ```ts
 * import Provider from 'oidc-provider'
 * import { createOidcAdapterFactory } from './storage/oidc-adapter.js'
 *
 * const provider = new Provider(issuer, { adapter: createOidcAdapterFactory(storage, { clockToleranceSec: 5 }) })
 * ```
 */
export function createOidcAdapterFactory(
  storage: Storage,
  options: OidcAdapterOptions = {},
): OidcAdapterConstructor {
  const clock = options.clock ?? Date.now
  const toleranceSec = options.clockToleranceSec ?? 0

  const ttl = (seconds: number | undefined): StorageTtlOptions =>
    seconds === undefined ? {} : { ttlSec: seconds }

  async function deleteLookupIfOwned(namespace: string, lookupKey: unknown, id: string): Promise<void> {
    if (!isValidKey(lookupKey)) return
    if ((await storage.get(namespace, lookupKey)) === id) await storage.delete(namespace, lookupKey)
  }

  async function destroyRecord(slug: string, id: string, grantable: boolean): Promise<void> {
    // A model without lookups or a grant index (Interaction, PushedAuthorizationRequest, Grant, ...) has
    // nothing to clean up: no read first (one store round trip less per destroy).
    if (!grantable && !INDEXED_SLUGS.has(slug)) {
      await storage.delete(recordNamespace(slug), id)
      return
    }
    const record = await storage.get<StoredRecord>(recordNamespace(slug), id)
    await storage.delete(recordNamespace(slug), id)
    if (!record) return
    const { uid, userCode, grantId } = record.payload
    await Promise.all([
      slug === SESSION_SLUG ? deleteLookupIfOwned(uidNamespace(slug), uid, id) : undefined,
      deleteLookupIfOwned(userCodeNamespace(slug), userCode, id),
      grantable && isValidKey(grantId)
        ? storage.removeFromSet(GRANT_NAMESPACE, grantId, `${slug}:${id}`)
        : undefined,
    ])
  }

  return class StorageOidcAdapter implements OidcAdapter {
    readonly #slug: string
    readonly #namespace: string
    readonly #grantable: boolean
    readonly #indexesUid: boolean
    /** Whether records of this model have lookups or a grant index to keep in step when re-saved. */
    readonly #indexed: boolean

    constructor(model: string) {
      this.#slug = slugOf(model)
      this.#namespace = recordNamespace(this.#slug)
      this.#grantable = GRANTABLE.has(model)
      // Interactions carry their session's uid too; only Session is looked up by it.
      this.#indexesUid = model === 'Session'
      this.#indexed = this.#grantable || INDEXED_SLUGS.has(this.#slug)
    }

    async upsert(id: string, payload: OidcAdapterPayload, expiresIn?: number): Promise<void> {
      const ttlSec = typeof expiresIn === 'number' ? expiresIn + toleranceSec : undefined
      if (ttlSec !== undefined && !(ttlSec > 0)) {
        await this.destroy(id)
        return
      }
      const slug = this.#slug
      // Only an indexed model needs the previous record (to drop lookups that change); the others are
      // written without reading first: one store round trip less per save of an Interaction, a PAR, a Grant.
      const previous = this.#indexed ? await storage.get<StoredRecord>(this.#namespace, id) : undefined
      if (previous) {
        // Only indexes that change are dropped, so a lookup never misses a record while it is re-saved.
        const old = previous.payload
        await Promise.all([
          this.#indexesUid && old.uid !== payload.uid
            ? deleteLookupIfOwned(uidNamespace(slug), old.uid, id)
            : undefined,
          old.userCode !== payload.userCode
            ? deleteLookupIfOwned(userCodeNamespace(slug), old.userCode, id)
            : undefined,
          this.#grantable && old.grantId !== payload.grantId && isValidKey(old.grantId)
            ? storage.removeFromSet(GRANT_NAMESPACE, old.grantId, `${slug}:${id}`)
            : undefined,
        ])
      }
      // The grant index is written before the record: a concurrent revokeByGrantId can then not miss it.
      if (this.#grantable && typeof payload.grantId === 'string') {
        await storage.addToSet(GRANT_NAMESPACE, payload.grantId, `${slug}:${id}`, ttl(ttlSec))
      }
      const record: StoredRecord = {
        payload,
        expiresAt: ttlSec === undefined ? null : clock() + ttlSec * 1000,
      }
      await storage.set(this.#namespace, id, record, ttl(ttlSec))
      await Promise.all([
        this.#indexesUid && typeof payload.uid === 'string'
          ? storage.set(uidNamespace(slug), payload.uid, id, ttl(ttlSec))
          : undefined,
        this.#indexed && typeof payload.userCode === 'string'
          ? storage.set(userCodeNamespace(slug), payload.userCode, id, ttl(ttlSec))
          : undefined,
      ])
    }

    async find(id: string): Promise<OidcAdapterPayload | undefined> {
      if (!isValidKey(id)) return undefined
      return (await storage.get<StoredRecord>(this.#namespace, id))?.payload
    }

    async findByUid(uid: string): Promise<OidcAdapterPayload | undefined> {
      return this.#findBy(uidNamespace(this.#slug), 'uid', uid)
    }

    async findByUserCode(userCode: string): Promise<OidcAdapterPayload | undefined> {
      return this.#findBy(userCodeNamespace(this.#slug), 'userCode', userCode)
    }

    async consume(id: string): Promise<void> {
      if (!isValidKey(id)) return
      const record = await storage.get<StoredRecord>(this.#namespace, id)
      if (!record) return
      const now = clock()
      const remainingMs = record.expiresAt === null ? undefined : record.expiresAt - now
      if (remainingMs !== undefined && remainingMs <= 0) return
      const consumed: StoredRecord = {
        ...record,
        payload: { ...record.payload, consumed: Math.floor(now / 1000) },
      }
      // Whole seconds, rounded up, keep third-party storages that only have second precision correct.
      await storage.set(
        this.#namespace,
        id,
        consumed,
        ttl(remainingMs === undefined ? undefined : Math.ceil(remainingMs / 1000)),
      )
    }

    async destroy(id: string): Promise<void> {
      if (!isValidKey(id)) return
      await destroyRecord(this.#slug, id, this.#grantable)
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      if (!isValidKey(grantId)) return
      const members = await storage.members(GRANT_NAMESPACE, grantId)
      // Members are removed one by one rather than with deleteSet, so a record bound to the grant while this
      // runs keeps its index entry.
      await Promise.all(
        members.map(async (member) => {
          const colon = member.indexOf(':')
          if (colon > 0) await destroyRecord(member.slice(0, colon), member.slice(colon + 1), false)
          await storage.removeFromSet(GRANT_NAMESPACE, grantId, member)
        }),
      )
    }

    async #findBy(
      namespace: string,
      field: 'uid' | 'userCode',
      value: string,
    ): Promise<OidcAdapterPayload | undefined> {
      if (!isValidKey(value)) return undefined
      const id = await storage.get(namespace, value)
      if (typeof id !== 'string') return undefined
      const payload = await this.find(id)
      // A lookup left behind by a record that changed its uid/userCode must not return the wrong record.
      return payload?.[field] === value ? payload : undefined
    }
  }
}
