import { describe, expect, it } from 'vitest'
import { loginScreen, type ScreenContext } from '../../views/screens.js'
import { otpScreen } from './view.js'

const context = (lang: 'vi' | 'en'): ScreenContext => ({
  lang,
  path: '/interaction/u1',
  nonce: 'n',
  uid: 'u1',
  csrf: 'c',
  clientName: 'Ngân hàng',
})

describe('the hints of the sign-in screens (#15)', () => {
  it('the passcode hint says where the shared passcode is, with a link, instead of "see the docs"', () => {
    const vi = loginScreen(context('vi'), {})
    expect(vi).toContain(
      '<a href="/" target="_blank" rel="noopener">trang chủ của nhà cung cấp thử nghiệm</a>',
    )
    expect(vi).not.toContain('xem tài liệu')
    expect(loginScreen(context('en'), {})).not.toContain('see the docs')
  })

  it('the OTP hint links the SMS outbox once, in words, not "(/dev/sms). /dev/sms"', () => {
    const vi = otpScreen(context('vi'), { maskedPhone: '•••• 1234' })
    expect(vi).toContain('<a href="/dev/sms" target="_blank" rel="noopener">hộp thư SMS</a>.')
    expect(vi.match(/\/dev\/sms/g)).toHaveLength(1)
    expect(otpScreen(context('en'), { maskedPhone: '•••• 1234' })).toContain('>SMS outbox</a>.')
  })
})
