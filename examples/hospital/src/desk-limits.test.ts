/**
 * The desk's limits, without a provider: who may start the server with which PIN, the PIN throttle (per
 * address and in total), and what an unlocked desk may send (per desk, per number, in total).
 */
import type { Request, Response } from 'express'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DESK_PIN, DeskAccess, deskPinFromEnv } from './desk-access.js'
import { DeskBusyError, DeskRequests } from './desk-requests.js'

const SECRET = 'a-session-secret-of-at-least-32-characters'

describe('the desk PIN the server starts with (deskPinFromEnv)', () => {
  it('allows the demo PIN, given or not, on loopback only', () => {
    for (const HOST of [undefined, '', '127.0.0.1', '::1', 'localhost', 'LOCALHOST']) {
      expect(deskPinFromEnv({ HOST })).toEqual({ pin: DEFAULT_DESK_PIN, isDemoPin: true })
      expect(deskPinFromEnv({ HOST, DESK_PIN: '2468' })).toEqual({ pin: '2468', isDemoPin: true })
      expect(deskPinFromEnv({ HOST, DESK_PIN: '' }).isDemoPin).toBe(true)
    }
  })

  it('refuses the demo PIN, or no PIN, on any other address, naming DESK_PIN', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'hospital.example']) {
      expect(() => deskPinFromEnv({ HOST })).toThrow(/DESK_PIN/)
      expect(() => deskPinFromEnv({ HOST, DESK_PIN: '2468' })).toThrow(/Set DESK_PIN to a PIN of your own/)
      expect(() => deskPinFromEnv({ HOST, DESK_PIN: '  ' })).toThrow(/DESK_PIN/)
    }
  })

  it('takes a PIN of the hospital anywhere, and refuses one that is not 4 to 12 digits', () => {
    expect(deskPinFromEnv({ HOST: '0.0.0.0', DESK_PIN: '90817364' })).toEqual({
      pin: '90817364',
      isDemoPin: false,
    })
    expect(() => deskPinFromEnv({ DESK_PIN: '12a4' })).toThrow('DESK_PIN must be 4 to 12 digits.')
    expect(() => deskPinFromEnv({ DESK_PIN: '123' })).toThrow(/DESK_PIN/)
  })
})

/** A request from this client address, with no cookie. */
const from = (ip: string, cookie?: string) =>
  ({ ip, headers: cookie ? { cookie } : {} }) as unknown as Request

/** A response that records the cookie set. */
function response() {
  const cookies: string[] = []
  const res = {
    cookie: (name: string, value: string) => cookies.push(`${name}=${value}`),
  } as unknown as Response
  return { res, cookies }
}

describe('the PIN throttle', () => {
  it('refuses an address after 5 wrong PINs for 10 minutes, then counts again', () => {
    let now = 0
    const desk = new DeskAccess({ pin: '8642', secret: SECRET, secure: false, throttle: { now: () => now } })
    const { res } = response()
    for (let i = 0; i < 5; i++)
      expect(desk.unlock(from('10.0.0.1'), res, '0000')).toEqual({ status: 'wrong' })
    expect(desk.unlock(from('10.0.0.1'), res, '8642')).toEqual({ status: 'throttled', retryAfterSec: 600 })
    now = 599_000
    expect(desk.unlock(from('10.0.0.1'), res, '8642')).toEqual({ status: 'throttled', retryAfterSec: 1 })
    // Another address is not affected.
    expect(desk.unlock(from('10.0.0.2'), res, '8642')).toEqual({ status: 'ok' })
    now = 600_000
    expect(desk.unlock(from('10.0.0.1'), res, '8642')).toEqual({ status: 'ok' })
  })

  it('when full, forgets the oldest addresses only: the others keep their counters', () => {
    let now = 0
    const desk = new DeskAccess({
      pin: '8642',
      secret: SECRET,
      secure: false,
      throttle: { maxAddresses: 3, total: 1000, now: () => now },
    })
    const { res } = response()
    // 10.0.0.1 first, then 10.0.0.2 and .3 reach the limit.
    desk.unlock(from('10.0.0.1'), res, '0000')
    for (const ip of ['10.0.0.2', '10.0.0.3']) for (let i = 0; i < 5; i++) desk.unlock(from(ip), res, '0000')
    // A flood of new addresses: each pushes out the oldest, one at a time.
    now = 1000
    desk.unlock(from('10.0.1.1'), res, '0000')
    expect(desk.unlock(from('10.0.0.2'), res, '8642').status).toBe('throttled')
    expect(desk.unlock(from('10.0.0.3'), res, '8642').status).toBe('throttled')
    // Before the fix, passing the size cleared the whole map: every counter was back to zero.
    desk.unlock(from('10.0.1.2'), res, '0000')
    expect(desk.unlock(from('10.0.0.3'), res, '8642').status).toBe('throttled')
  })

  it('50 wrong PINs from all addresses together pause unlocking for everyone until the window ends', () => {
    let now = 0
    const desk = new DeskAccess({ pin: '8642', secret: SECRET, secure: false, throttle: { now: () => now } })
    const { res, cookies } = response()
    for (let i = 0; i < 50; i++) {
      now = i * 1000 // 50 addresses, one wrong PIN each: the per-address limit never bites
      expect(desk.unlock(from(`10.1.0.${i}`), res, '0000').status).toBe('wrong')
    }
    // Even the right PIN, from an address that never failed: guessing must not go on.
    expect(desk.unlock(from('10.9.9.9'), res, '8642')).toEqual({ status: 'paused', retryAfterSec: 551 })
    expect(cookies).toEqual([])
    now = 599_999
    expect(desk.unlock(from('10.9.9.9'), res, '8642').status).toBe('paused')
    now = 600_000
    expect(desk.unlock(from('10.9.9.9'), res, '8642')).toEqual({ status: 'ok' })
    expect(cookies).toHaveLength(1)
  })
})

describe('the desk cookie', () => {
  it('a malformed cookie (bad percent-encoding) means locked, not an error', () => {
    const desk = new DeskAccess({ pin: '8642', secret: SECRET, secure: false })
    expect(desk.current(from('10.0.0.1', 'hospital_desk=%E0%A4%A'))).toBeUndefined()
    expect(desk.current(from('10.0.0.1', 'hospital_desk=%'))).toBeUndefined()
    expect(desk.current(from('10.0.0.1', 'hospital_desk=a.b'))).toBeUndefined()
    expect(desk.current(from('10.0.0.1', 'other=%; hospital_desk=x.1.y'))).toBeUndefined()
  })

  it('a cookie set by unlock opens the desk', () => {
    const desk = new DeskAccess({ pin: '8642', secret: SECRET, secure: false })
    const { res, cookies } = response()
    expect(desk.unlock(from('10.0.0.1'), res, '8642').status).toBe('ok')
    expect(desk.current(from('10.0.0.1', `other=%; ${cookies[0]}`))).toMatch(/^[\w-]{16}$/)
  })
})

const never = () => new Promise<never>(() => undefined)
/** The reason a call threw {@link DeskBusyError} with. */
function busyReason(call: () => unknown): DeskBusyError {
  try {
    call()
  } catch (error) {
    if (error instanceof DeskBusyError) return error
    throw error
  }
  throw new Error('expected a DeskBusyError')
}
const number = (i: number) => `0010900${String(i).padStart(5, '0')}`

describe('what an unlocked desk may send', () => {
  it('one waiting request per personal ID number, over all desks; free again once it settles', async () => {
    const requests = new DeskRequests()
    let approve: (value: never) => void = () => undefined
    const first = requests.start({
      deskId: 'd1',
      personalId: number(1),
      bindingMessage: 'Quầy 1',
      wait: () =>
        new Promise<never>((_resolve, reject) => {
          approve = () => reject(new Error('ended'))
        }),
    })
    const own = busyReason(() => requests.reserve({ deskId: 'd1', personalId: number(1) }))
    expect(own.reason).toBe('number_pending')
    expect(own.details.requestId).toBe(first.id)
    const other = busyReason(() => requests.reserve({ deskId: 'd2', personalId: number(1) }))
    expect(other.reason).toBe('number_pending')
    expect(other.details.requestId).toBeUndefined() // another desk's request stays its own
    requests.reserve({ deskId: 'd2', personalId: number(2) }).release()
    approve(undefined as never)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(requests.get(first.id, 'd1')?.outcome.status).toBe('failed')
    requests.reserve({ deskId: 'd2', personalId: number(1) }).release()
  })

  it('at most 10 requests a minute per desk (failed ones count), then again as the minute passes', () => {
    let now = 0
    const requests = new DeskRequests({ now: () => now })
    for (let i = 0; i < 10; i++) {
      now = i * 1000
      requests.reserve({ deskId: 'd1', personalId: number(i) }).release() // e.g. unknown_user_id
    }
    const rate = busyReason(() => requests.reserve({ deskId: 'd1', personalId: number(10) }))
    expect(rate.reason).toBe('rate')
    expect(rate.details.retryAfterSec).toBe(51)
    requests.reserve({ deskId: 'd2', personalId: number(10) }).release() // other desks are not affected
    now = 60_000
    requests.reserve({ deskId: 'd1', personalId: number(10) }).release()
    expect(busyReason(() => requests.reserve({ deskId: 'd1', personalId: number(11) })).reason).toBe('rate')
  })

  it('at most 20 waiting per desk, its share of the global slots', () => {
    let now = 0
    const requests = new DeskRequests({ perDeskPerMinute: 1000, now: () => now })
    for (let i = 0; i < 20; i++)
      requests.start({ deskId: 'd1', personalId: number(i), bindingMessage: 'Quầy 1', wait: never })
    expect(busyReason(() => requests.reserve({ deskId: 'd1', personalId: number(20) })).reason).toBe(
      'desk_full',
    )
    requests.reserve({ deskId: 'd2', personalId: number(20) }).release()
    now = 15 * 60_000 // forgotten after the TTL: room again
    requests.reserve({ deskId: 'd1', personalId: number(20) }).release()
  })

  it('a slot is taken before the provider is asked: two requests at once cannot both pass', () => {
    const requests = new DeskRequests({ max: 1 })
    // Desk 1 reserved and is awaiting the provider; desk 2 sends at the same moment.
    const slot = requests.reserve({ deskId: 'd1', personalId: number(1) })
    expect(busyReason(() => requests.reserve({ deskId: 'd2', personalId: number(2) })).reason).toBe('full')
    // ... and the same number from another desk is refused while only reserved.
    expect(busyReason(() => requests.reserve({ deskId: 'd2', personalId: number(1) })).reason).toBe(
      'number_pending',
    )
    // The provider refused: the slot is given back.
    slot.release()
    const next = requests.reserve({ deskId: 'd2', personalId: number(2) })
    const entry = next.start({ bindingMessage: 'Quầy 2', wait: never })
    expect(requests.get(entry.id, 'd2')?.bindingMessage).toBe('Quầy 2')
    next.release() // started: nothing to give back
    expect(requests.get(entry.id, 'd2')).toBeDefined()
    expect(() => next.start({ bindingMessage: 'again', wait: never })).toThrow(/already used/)
  })

  it('a reserved slot is not a request the desk can open yet', () => {
    const requests = new DeskRequests()
    const slot = requests.reserve({ deskId: 'd1', personalId: number(1) })
    const entry = slot.start({ bindingMessage: 'Quầy 1', wait: never })
    expect(requests.remove(entry.id, 'd2')).toBe(false)
    expect(requests.remove(entry.id, 'd1')).toBe(true)
    expect(requests.get(entry.id, 'd1')).toBeUndefined()
  })
})
