import { describe, expect, it } from 'vitest'
import { EidCallbackError } from '../../errors/index.js'
import { parseShareCallback } from './callback.js'

const base = 'https://bank.test/callback/vneid'
const parse = (url: string | URL) => parseShareCallback(base, url)

function reasonOf(url: string): string | undefined {
  try {
    parse(url)
  } catch (error) {
    expect(error).toBeInstanceOf(EidCallbackError)
    expect((error as EidCallbackError).code).toBe('ERR_EID_CALLBACK_INVALID')
    expect((error as EidCallbackError).message).not.toContain('txn')
    return (error as EidCallbackError).reason
  }
  return undefined
}

describe('parseShareCallback', () => {
  it('reads <callbackUrl>/<urlencoded txnId|STATUS>, absolute or as a path, the bar encoded or raw', () => {
    expect(parse(`${base}/${encodeURIComponent('txn-1|APPROVED')}`)).toEqual({
      txnId: 'txn-1',
      status: 'approved',
    })
    expect(parse('/callback/vneid/txn-1%7CREFUSED')).toEqual({ txnId: 'txn-1', status: 'refused' })
    expect(parse('/callback/vneid/txn-1|approved')).toEqual({ txnId: 'txn-1', status: 'approved' })
    expect(parse(new URL(`${base}/a.b~c_d-9?utm=x#top`))).toEqual({ txnId: 'a.b~c_d-9' })
    expect(parse('/callback/vneid/txn-1')).toEqual({ txnId: 'txn-1' })
  })

  it('an unknown or empty status is left out (the status is advisory anyway)', () => {
    expect(parse('/callback/vneid/txn-1%7CCANCELLED')).toEqual({ txnId: 'txn-1' })
    expect(parse('/callback/vneid/txn-1%7C')).toEqual({ txnId: 'txn-1' })
    expect(parse('/callback/vneid/txn-1%7C__proto__')).toEqual({ txnId: 'txn-1' })
  })

  it('refuses another origin or path', () => {
    expect(reasonOf('https://evil.test/callback/vneid/txn-1')).toBe('redirect_uri_mismatch')
    expect(reasonOf('//evil.test/callback/vneid/txn-1')).toBe('redirect_uri_mismatch')
    expect(reasonOf('/callback/other/txn-1')).toBe('redirect_uri_mismatch')
    expect(reasonOf('/callback/vneid/extra/txn-1')).toBe('redirect_uri_mismatch')
    expect(reasonOf('/callback/txn-1')).toBe('redirect_uri_mismatch')
  })

  it('refuses a transaction id that is not one', () => {
    for (const url of [
      '/callback/vneid/',
      '/callback/vneid/%7CAPPROVED',
      '/callback/vneid/.%7CAPPROVED',
      '/callback/vneid/a%2Fb',
      '/callback/vneid/a%20b',
      '/callback/vneid/%3Cscript%3E',
      '/callback/vneid/%E0%A4%A',
      `/callback/vneid/${'x'.repeat(129)}`,
      '/callback/vneid/t%00x',
    ]) {
      expect(reasonOf(url), url).toBe('share_callback_invalid')
    }
  })

  it('a dot-dot id, which the URL parser resolves away, is refused too', () => {
    expect(reasonOf('/callback/vneid/%2E%2E')).toBeDefined()
    expect(reasonOf('/callback/vneid/..')).toBeDefined()
  })

  it('refuses garbage and oversized input', () => {
    expect(reasonOf(`/callback/vneid/${'x'.repeat(9000)}`)).toBe('too_large')
    expect(reasonOf('http://[::1')).toBe('malformed_url')
    expect(() => parse(42 as never)).toThrow(EidCallbackError)
  })
})
