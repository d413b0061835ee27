import { EID_ERROR_CODES } from '@dinhdanh/client'
import { describe, expect, it } from 'vitest'
import { EID_ERROR_STATUS } from './error-status.js'

describe('EID_ERROR_STATUS', () => {
  it('maps every error code of @dinhdanh/client, and nothing else, to a 4xx or 5xx status', () => {
    expect(Object.keys(EID_ERROR_STATUS).sort()).toEqual([...EID_ERROR_CODES].sort())
    for (const code of EID_ERROR_CODES) {
      expect(EID_ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400)
      expect(EID_ERROR_STATUS[code], code).toBeLessThan(600)
    }
  })

  it('answers what the citizen can act on with 4xx and provider trouble with 5xx', () => {
    expect(EID_ERROR_STATUS.ERR_EID_ACCESS_DENIED).toBe(403)
    expect(EID_ERROR_STATUS.ERR_EID_LEVEL_TOO_LOW).toBe(403)
    expect(EID_ERROR_STATUS.ERR_EID_CSRF).toBe(403)
    expect(EID_ERROR_STATUS.ERR_EID_TRANSACTION_INVALID).toBe(400)
    expect(EID_ERROR_STATUS.ERR_EID_NETWORK).toBe(503)
    expect(EID_ERROR_STATUS.ERR_EID_PROVIDER).toBe(502)
    expect(EID_ERROR_STATUS.ERR_EID_CONFIG).toBe(500)
  })

  it('is frozen', () => {
    expect(Object.isFrozen(EID_ERROR_STATUS)).toBe(true)
  })
})
