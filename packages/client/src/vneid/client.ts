import type { ClientRuntime, EidClient } from '../client.js'
import { EidConfigError } from '../errors/config-error.js'
import { EidUnsupportedError } from '../errors/other-errors.js'
import { Http } from '../http.js'
import { MemoryReplayGuard } from '../replay-guard.js'
import { UsedTransactions } from '../transaction.js'
import { completeVneidSignIn } from './complete-sign-in.js'
import { assertPkcs1DecryptionSupported, importEnvelopeKey } from './envelope-key.js'
import { resolveVneidOptions, type VneidClientOptions } from './options.js'
import { createShareApi, shareNotConfigured } from './share/api.js'
import { signInVneid } from './sign-in.js'

/** Fails with the same typed error for every operation the dialect does not have. */
function unsupported(feature: string): never {
  throw new EidUnsupportedError(feature, 'the VNeID dialect has no such operation')
}

/**
 * Creates a client of the VNeID dialect (`createClient({ profile: 'vneid', ... })` calls this). No
 * network call: the endpoints are configured. With an `envelopeKey`, the key is imported (RSA, private,
 * 2048 bits or more) and this runtime is proved able to decrypt RSA PKCS#1 v1.5, else an
 * `ERR_EID_UNSUPPORTED` error says to use Node.js 22 or later. The client has the same shape as a
 * standard one; operations the dialect lacks (attributes, refresh, revocation, back-channel logout,
 * CIBA, consent API) throw `ERR_EID_UNSUPPORTED`. With `share` options, `eid.share` receives data from the
 * VNeID app by transaction (docs/vneid-share.md).
 *
 * @example
 * ```ts
 * const eid = await createVneidClient({ profile: 'vneid', issuer, endpoints, clientId, clientAuth, redirectUri, envelopeKey })
 * ```
 */
export async function createVneidClient(
  input: VneidClientOptions,
  runtime: ClientRuntime = {},
): Promise<EidClient> {
  const options = resolveVneidOptions(input)
  const key = options.envelopeKey === undefined ? undefined : importEnvelopeKey(options.envelopeKey)
  if (key) assertPkcs1DecryptionSupported(key)
  const http = new Http({ ...options.http, retries: 0 })
  const context = {
    options,
    http,
    envelope: { key, aesMode: options.dialect.aesMode, required: options.dialect.requireEncryption },
    used: new UsedTransactions(),
    now: runtime.now ?? (() => Math.floor(Date.now() / 1000)),
  }
  const { endpoints } = options
  const share = options.share
    ? createShareApi({
        clientId: options.clientId,
        clientSecret: options.clientAuth.secret,
        share: options.share,
        http,
        envelope: context.envelope,
        replay: runtime.replayGuard ?? new MemoryReplayGuard(),
        now: context.now,
      })
    : shareNotConfigured()
  const metadata = Object.freeze({
    issuer: options.issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    userinfo_endpoint: endpoints.userinfo,
    ...(endpoints.endSession !== undefined && { end_session_endpoint: endpoints.endSession }),
  })
  return {
    issuer: options.issuer,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    metadata,
    signIn: (request) => signInVneid(context, request),
    completeSignIn: (callbackUrl, transaction) => completeVneidSignIn(context, callbackUrl, transaction),
    signOutUrl: (request = {}) => {
      if (endpoints.endSession === undefined) {
        throw new EidUnsupportedError('RP-initiated logout', 'no endpoints.endSession is configured')
      }
      const redirect = request.postLogoutRedirectUri ?? options.postLogoutRedirectUri
      if (redirect !== undefined && !URL.canParse(redirect)) {
        throw new EidConfigError([{ path: 'postLogoutRedirectUri', message: 'expected an absolute URL' }], {
          subject: 'signOutUrl arguments',
        })
      }
      const url = new URL(endpoints.endSession)
      url.searchParams.set('client_id', options.clientId)
      if (redirect !== undefined) url.searchParams.set('post_logout_redirect_uri', redirect)
      if (request.state) url.searchParams.set('state', request.state)
      return url.href
    },
    fetchAttributes: async () => unsupported('Reading attributes again'),
    refresh: async () => unsupported('Refreshing tokens'),
    revoke: async () => unsupported('Token revocation'),
    verifyLogoutToken: async () => unsupported('Back-channel logout'),
    backchannelSignIn: async () => unsupported('Decoupled (CIBA) sign-in'),
    waitForBackchannelSignIn: async () => unsupported('Decoupled (CIBA) sign-in'),
    consents: {
      list: async () => unsupported('The consent API'),
      get: async () => unsupported('The consent API'),
      revoke: async () => unsupported('The consent API'),
    },
    verifyConsentReceipt: async () => unsupported('Consent receipts'),
    verifySecurityEvent: async () => unsupported('Security events'),
    share,
  }
}
