import { randomBytes } from 'node:crypto'

/** An order: what was bought and, for an age-restricted product, which VNeID consent proved the age. */
export interface Order {
  id: string
  productId: string
  createdAt: number
  /** The consent record at the provider (`consent_id`); no personal data. */
  consentId: string | undefined
  consentWithdrawnAt?: number
}

/**
 * The shop's orders (in memory for the demo, at most `max`, the oldest forgotten first, so anonymous
 * orders cannot grow memory without bound; a real shop has its order database).
 */
export class Orders {
  readonly #orders = new Map<string, Order>()
  readonly #max: number

  constructor(max = 10_000) {
    this.#max = max
  }

  create(productId: string, consentId: string | undefined): Order {
    // The id is the only key to the order page: 128 random bits, unguessable.
    const order: Order = { id: randomBytes(16).toString('hex'), productId, createdAt: Date.now(), consentId }
    while (this.#orders.size >= this.#max) this.#orders.delete(this.#orders.keys().next().value as string)
    this.#orders.set(order.id, order)
    return order
  }

  get size(): number {
    return this.#orders.size
  }

  get(id: string): Order | undefined {
    return this.#orders.get(id)
  }

  /** Records a withdrawal on every order that relied on this consent; returns how many. */
  markWithdrawn(consentId: string, at: number): number {
    let count = 0
    for (const order of this.#orders.values()) {
      if (order.consentId === consentId && order.consentWithdrawnAt === undefined) {
        order.consentWithdrawnAt = at
        count++
      }
    }
    return count
  }
}
