import { describe, expect, it } from 'vitest'
import type { ScreenContext } from '../../views/screens.js'
import { consentScreen } from './view.js'

const context = (lang: 'vi' | 'en'): ScreenContext => ({
  lang,
  path: '/interaction/u1',
  nonce: 'n',
  uid: 'u1',
  csrf: 'c',
  clientName: 'Ngân hàng',
})

describe('the consent screen (#15)', () => {
  it('links the data-sharing page in words instead of printing "(/account)"', () => {
    const vi = consentScreen(context('vi'), { purpose: 'Khám bệnh', items: [] })
    expect(vi).toContain(
      'tại trang <a href="/account?lang=vi" target="_blank" rel="noopener">Quản lý chia sẻ dữ liệu</a>. Việc rút lại',
    )
    expect(vi).not.toContain('(/account)')
    expect(consentScreen(context('en'), { purpose: undefined, items: [] })).toContain(
      'on the <a href="/account?lang=en" target="_blank" rel="noopener">Data sharing page</a>.',
    )
  })
})
