import { personas, personasOn } from '@dinhdanh/testing'
import { DEMO_APPS } from 'dinhdanh-example-shared/demo'
import { Browser, startExample, textOf } from 'dinhdanh-example-shared/testing'
import { describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const retail = DEMO_APPS.find((app) => app.name === 'retail')!
const WINE = '/checkout/vang-do-da-lat/verify-age'

/**
 * ADR 0005: the mock runs on a day and the boundary personas are relative to it, so the shop's answer for
 * "turns 18 tomorrow" and "turns 18 today" is the same whatever the day. The days include the reference
 * date, the day issue 14 was seen on, the last day of a year (her number moves to the next birth year)
 * and both sides of a 29 February.
 */
const DAYS = ['2026-07-01', '2026-12-05', '2026-12-31', '2028-02-28', '2028-02-29', '2031-03-01'] as const

describe.each(DAYS)('the shop on a mock pinned to %s', (day) => {
  it('refuses "turns 18 tomorrow", sells to "turns 18 today", and refuses the 16-year-old', async () => {
    const rp = await startExample(retail, ({ client, config }) => createApp({ client, config }), {
      idp: { today: day },
    })
    try {
      const onTheDay = personasOn(day)
      const refused = await rp.signInAs(new Browser(), onTheDay.turns18Tomorrow.personalId, WINE)
      expect(refused.status).toBe(403)
      expect(textOf(refused)).toContain('chưa đủ 18 tuổi')
      const sold = await rp.signInAs(new Browser(), onTheDay.turns18Today.personalId, WINE)
      expect(sold.status).toBe(200)
      expect(textOf(sold)).toContain('Cảm ơn bạn! Đơn hàng')
      const teen = await rp.signInAs(new Browser(), onTheDay.teen16.personalId, WINE)
      expect(teen.status).toBe(403)
      if (onTheDay.turns18Tomorrow.personalId !== personas.turns18Tomorrow.personalId) {
        // Her number of 2026 is somebody else's in another birth year, born in 2008: over 18, sold.
        const stale = await rp.signInAs(new Browser(), personas.turns18Tomorrow.personalId, WINE)
        expect(stale.status).toBe(200)
      }
    } finally {
      await rp.close()
    }
  })
})
