import { describe, expect, it } from 'vitest'
import { EidProviderError } from '../errors/protocol-errors.js'
import { EidCallbackError, EidLevelError } from '../errors/validation-errors.js'
import { checkVneidCallback, readRawQuery } from './callback.js'

const REDIRECT = 'https://bank.test/cb'
const STATE = 'state-of-this-attempt-0123456789'
const expected = {
  redirectUri: REDIRECT,
  state: STATE,
  issuer: 'https://sso.vneid.test',
  level: 2 as const,
  encryptionRequired: false,
}

function reasonOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof EidCallbackError) return error.reason
    throw error
  }
  throw new Error('expected a throw')
}

describe('readRawQuery', () => {
  it('keeps a raw "+" (URLSearchParams would turn it into a space) and decodes %2B to "+"', () => {
    const raw = `${REDIRECT}?code=ab+c/d==&encrypt_key=x%2By%3D&state=s`
    expect(new URL(raw).searchParams.get('code')).toBe('ab c/d==')
    const params = readRawQuery(raw)
    expect(params.get('code')).toEqual(['ab+c/d=='])
    expect(params.get('encrypt_key')).toEqual(['x+y='])
  })

  it('reads repeated names, names without values, and ignores the fragment', () => {
    const params = readRawQuery(`${REDIRECT}?a=1&a=2&flag&&b=#c=3`)
    expect(params.get('a')).toEqual(['1', '2'])
    expect(params.get('flag')).toEqual([''])
    expect(params.get('b')).toEqual([''])
    expect(params.has('c')).toBe(false)
    expect(readRawQuery(REDIRECT).size).toBe(0)
  })

  it('a broken percent-escape is a malformed URL', () => {
    expect(reasonOf(() => readRawQuery(`${REDIRECT}?code=%E0%A4%A`))).toBe('malformed_url')
  })
})

describe('checkVneidCallback', () => {
  const ok = `${REDIRECT}?code=a+b==&state=${STATE}`

  it('returns the code (with its "+") and no encrypt_key; takes a URL object too', () => {
    expect(checkVneidCallback(ok, expected)).toEqual({ code: 'a+b==', encryptKey: undefined })
    expect(checkVneidCallback(new URL(`${ok}&encrypt_key=k+k=`), expected)).toEqual({
      code: 'a+b==',
      encryptKey: 'k+k=',
    })
  })

  it.each([
    ['too_large', `${ok}&pad=${'x'.repeat(9000)}`],
    ['malformed_url', '/relative?code=a'],
    ['redirect_uri_mismatch', `https://evil.test/cb?code=a&state=${STATE}`],
    ['redirect_uri_mismatch', `${REDIRECT}/extra?code=a&state=${STATE}`],
    ['duplicate_parameter', `${ok}&code=b`],
    ['duplicate_parameter', `${ok}&encrypt_key=a&encrypt_key=b`],
    ['state_missing', `${REDIRECT}?code=a`],
    ['state_missing', `${REDIRECT}?code=a&state=`],
    ['state_mismatch', `${REDIRECT}?code=a&state=another-attempt-0123456789abcd`],
    ['iss_mismatch', `${ok}&iss=https://evil.test`],
    ['code_missing', `${REDIRECT}?state=${STATE}`],
    ['encrypted_code_invalid', `${ok}&encrypt_key=`],
  ])('%s: %s', (reason, url) => {
    expect(reasonOf(() => checkVneidCallback(url, expected))).toBe(reason)
  })

  it('encrypt_key_missing only when encryption is required', () => {
    expect(reasonOf(() => checkVneidCallback(ok, { ...expected, encryptionRequired: true }))).toBe(
      'encrypt_key_missing',
    )
  })

  it('checks state before reading a provider error, then reports the error typed', () => {
    expect(reasonOf(() => checkVneidCallback(`${REDIRECT}?error=access_denied`, expected))).toBe(
      'state_missing',
    )
    const denied = catchError(() =>
      checkVneidCallback(
        `${REDIRECT}?error=access_denied&error_description=%3Cscript%3E&state=${STATE}`,
        expected,
      ),
    )
    expect(denied).toBeInstanceOf(EidProviderError)
    expect(denied).toMatchObject({ code: 'ERR_EID_ACCESS_DENIED', errorDescription: '<script>' })
    expect(
      catchError(() => checkVneidCallback(`${REDIRECT}?error=server_error&state=${STATE}`, expected)),
    ).toMatchObject({
      code: 'ERR_EID_AUTHORIZATION_FAILED',
    })
    const level = catchError(() =>
      checkVneidCallback(`${REDIRECT}?error=unmet_authentication_requirements&state=${STATE}`, expected),
    )
    expect(level).toBeInstanceOf(EidLevelError)
    // A refused level-2 sign-in means a level-1 account (#15: the actual level when it is known).
    expect(level).toMatchObject({ required: 2, actual: 1 })
    expect((level as Error).message).toContain('it is at level 1')
  })

  it('accepts an iss equal to the issuer', () => {
    expect(checkVneidCallback(`${ok}&iss=${encodeURIComponent(expected.issuer)}`, expected).code).toBe(
      'a+b==',
    )
  })
})

function catchError(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
