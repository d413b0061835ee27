import { describe, expect, it } from 'vitest'
import { redirectUriMismatch } from './redirect-uri.js'

describe('redirectUriMismatch', () => {
  const registered = ['https://bank.example/auth/callback']
  it.each([
    ['https://bank.example/auth/callback/', 'by a trailing slash'],
    ['https://bank.example/Auth/Callback', 'in upper/lower case'],
    ['http://bank.example/auth/callback', 'in its scheme (http instead of https)'],
    ['https://bank.example:8443/auth/callback', 'in its port (8443 instead of default)'],
    ['https://bank.example/auth/cb', 'in its path (/auth/cb instead of /auth/callback)'],
    ['https://bank.example/auth/callback?x=1', 'in its query string'],
    ['https://evil.example/auth/callback', 'is not registered for this client'],
    ['not a url', 'is not registered for this client'],
  ])('%s → %s', (sent, says) => {
    expect(redirectUriMismatch(sent, registered)).toContain(says)
  })
})
