import type { Engine } from './engine.js'
import type { ProviderJwtVerifier } from './provider-jwt.js'
import type { UsedTransactions } from './transaction.js'

/** What every operation of one client shares. Internal: not exported from the package. */
export interface ClientContext {
  readonly engine: Engine
  readonly used: UsedTransactions
  readonly jwt: ProviderJwtVerifier
  /** Epoch seconds; replaceable in tests. */
  readonly now: () => number
}
