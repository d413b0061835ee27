import { describe, expect, it } from 'vitest'
import { MockIdpOptionsError, resolveMockIdpOptions } from '../../options.js'
import { dialectClients, internalRegistration } from '../registration.js'
import { type ShareTransaction, shareStatusOf } from './transactions.js'

const txn: ShareTransaction = {
  txnId: 't',
  clientId: 'bank',
  clientName: 'Bank',
  personalId: '001090001234',
  attributes: ['identity'],
  purpose: 'p',
  callbackUrl: 'https://bank.example/cb',
  createdAt: 1000,
  expiresAt: 1300,
  decision: 'PENDING',
  refusedAtOnce: false,
  appNotInstalled: false,
  slowSec: 0,
}

describe('shareStatusOf', () => {
  it('pending until the expiry, then EXPIRED; a decision stands after the expiry', () => {
    expect(shareStatusOf(txn, 1299)).toBe('PENDING')
    expect(shareStatusOf(txn, 1300)).toBe('EXPIRED')
    expect(shareStatusOf({ ...txn, decision: 'REFUSED', decidedAt: 1100 }, 5000)).toBe('REFUSED')
    expect(shareStatusOf({ ...txn, decision: 'APPROVED', decidedAt: 1100 }, 5000)).toBe('APPROVED')
  })

  it('a slow approval shows PENDING for slowSec, even past the expiry', () => {
    const slow = { ...txn, decision: 'APPROVED' as const, decidedAt: 1290, slowSec: 30 }
    expect(shareStatusOf(slow, 1310)).toBe('PENDING')
    expect(shareStatusOf(slow, 1320)).toBe('APPROVED')
  })
})

const entry = {
  client_id: 'bank',
  dialect: 'vneid',
  client_secret: 's'.repeat(24),
  redirect_uris: ['https://bank.example/cb'],
  encrypt: false,
}

function issuesOf(client: Record<string, unknown>): string {
  try {
    resolveMockIdpOptions({ clients: [client as typeof entry] })
    return ''
  } catch (error) {
    expect(error).toBeInstanceOf(MockIdpOptionsError)
    return (error as Error).message
  }
}

describe('the share settings of a dialect client', () => {
  it('are optional; callbacks, webhook and lifetime are read when present', () => {
    expect(issuesOf(entry)).toBe('')
    const full = {
      ...entry,
      client_name: 'Ngân hàng',
      share_callback_uris: ['https://bank.example/callback/vneid'],
      share_webhook_uri: 'https://bank.example/webhooks/vneid-share',
      share_webhook_secret: 'w'.repeat(32),
      share_ttl_sec: 120,
    }
    expect(issuesOf(full)).toBe('')
    const client = dialectClients([full]).get('bank')
    expect(client).toMatchObject({
      clientName: 'Ngân hàng',
      shareCallbackUris: ['https://bank.example/callback/vneid'],
      shareWebhook: { uri: 'https://bank.example/webhooks/vneid-share', secret: 'w'.repeat(32) },
      shareTtlSec: 120,
    })
    expect(dialectClients([entry]).get('bank')).toMatchObject({ shareCallbackUris: [], shareTtlSec: 300 })
    // oidc-provider never sees them (nor the secret).
    const internal = internalRegistration(full, 'https://idp.example')
    expect(Object.keys(internal).filter((key) => key.startsWith('share_'))).toEqual([])
  })

  it('refuses a short webhook secret, a webhook without its secret (and the reverse), a bad URL', () => {
    expect(
      issuesOf({ ...entry, share_webhook_uri: 'https://b.example/h', share_webhook_secret: 'short' }),
    ).toContain('at least 32 characters')
    expect(issuesOf({ ...entry, share_webhook_uri: 'https://b.example/h' })).toContain('share_webhook_secret')
    expect(issuesOf({ ...entry, share_webhook_secret: 'w'.repeat(40) })).toContain('share_webhook_uri')
    expect(issuesOf({ ...entry, share_callback_uris: ['not a url'] })).toContain('share_callback_uris')
    expect(issuesOf({ ...entry, share_ttl_sec: 0 })).toContain('share_ttl_sec')
  })
})
