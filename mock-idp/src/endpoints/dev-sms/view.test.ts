import { describe, expect, it } from 'vitest'
import { outboxTime, smsOutboxScreen } from './view.js'

// 18:30:05 UTC on 4 December is already 01:30:05 on 5 December in Vietnam.
const sentAt = Date.UTC(2026, 11, 4, 18, 30, 5) / 1000
const message = { id: 'a1b2c3d4e5f6a7b8', to: '+84912345678', text: 'Mã xác thực: 123456', sentAt }

describe('SMS outbox times', () => {
  it('are Vietnam time (UTC+7, the next day here), not UTC, whatever the server zone', () => {
    expect(outboxTime(sentAt)).toEqual({ text: '01:30:05 05/12/2026', iso: '2026-12-05T01:30:05+07:00' })
    expect(new Date(outboxTime(sentAt).iso).getTime()).toBe(sentAt * 1000)
  })

  it('are shown with the zone marked, in both languages', () => {
    const vi = smsOutboxScreen('vi', '/dev/sms', 'n', [message])
    expect(vi).toContain('<time datetime="2026-12-05T01:30:05+07:00">01:30:05 05/12/2026</time>')
    expect(vi).toContain('Thời gian (giờ Việt Nam, UTC+7)')
    expect(vi).not.toContain('18:30:05')
    expect(smsOutboxScreen('en', '/dev/sms', 'n', [message])).toContain('Time (Vietnam time, UTC+7)')
  })
})
