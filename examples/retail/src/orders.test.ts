import { describe, expect, it } from 'vitest'
import { Orders } from './orders.js'

describe('Orders', () => {
  it('keeps at most its bound, forgetting the oldest first', () => {
    const orders = new Orders(3)
    const first = orders.create('siro-dau-tay', undefined)
    const rest = [1, 2, 3].map(() => orders.create('siro-dau-tay', undefined))
    expect(orders.size).toBe(3)
    expect(orders.get(first.id)).toBeUndefined()
    for (const order of rest) expect(orders.get(order.id)).toBe(order)
  })

  it('marks every order of a withdrawn consent, once', () => {
    const orders = new Orders()
    const a = orders.create('vang-do-da-lat', 'c_1')
    orders.create('vang-do-da-lat', 'c_2')
    expect(orders.markWithdrawn('c_1', 1_800_000_000)).toBe(1)
    expect(a.consentWithdrawnAt).toBe(1_800_000_000)
    expect(orders.markWithdrawn('c_1', 1_800_000_001)).toBe(0)
  })
})
