import type { AttributesOf } from '../attributes.js'
import type { SignInResult } from '../complete-sign-in.js'
import { EidUnsupportedError } from '../errors/other-errors.js'
import { EidCallbackError, EidTransactionError } from '../errors/validation-errors.js'
import type { AttributeName } from '../schemas/index.js'
import type { EidTokens } from '../tokens.js'
import { checkTransaction, type SignInTransaction } from '../transaction.js'
import { checkVneidCallback } from './callback.js'
import type { VneidContext } from './context.js'
import { fetchVneidUserinfo, redeemVneidCode } from './endpoints.js'
import { decryptWithWrappedKey } from './envelope.js'
import { identityFromUserinfo } from './userinfo.js'

/** A decrypted code must look like a code: visible ASCII. Garbage that slipped through AES padding does not. */
const CODE_SHAPE = /^[\x21-\x7e]{1,2048}$/

/**
 * Decrypts the callback's code. Every failure, whatever its cause, is the same
 * {@link EidCallbackError} `encrypted_code_invalid` with the same message and no `cause`, so the
 * callback tells an attacker nothing about why their ciphertext failed (no padding oracle).
 */
function decryptCode(context: VneidContext, code: string, encryptKey: string): string {
  const key = context.envelope.key
  if (!key) {
    throw new EidUnsupportedError(
      'Encrypted VNeID callbacks',
      'the callback carries an encrypt_key, but this client has no envelopeKey. Configure envelopeKey with the RSA private key registered with the provider (Node.js 22 or later)',
    )
  }
  let plain: string
  try {
    plain = new TextDecoder('utf-8', { fatal: true }).decode(
      decryptWithWrappedKey(key, encryptKey, code, context.options.dialect.aesMode),
    )
  } catch {
    throw new EidCallbackError('encrypted_code_invalid')
  }
  if (!CODE_SHAPE.test(plain)) throw new EidCallbackError('encrypted_code_invalid')
  return plain
}

/**
 * Completes a VNeID sign-in. In order, with nothing sent before every local check passed: the
 * transaction (this client, this issuer, not expired), the callback (redirect URI, `state` bound to the
 * transaction), the transaction is marked used (a replay, and a second decryption attempt on the same
 * transaction, are refused), the code is decrypted, redeemed with the secret in the body, userinfo is
 * fetched, and the citizen and level are validated.
 *
 * @example
 * ```ts
 * const result = await completeVneidSignIn(context, req.originalUrl, transaction)
 * ```
 */
export async function completeVneidSignIn<A extends readonly AttributeName[]>(
  context: VneidContext,
  callbackUrl: string | URL,
  transactionInput: SignInTransaction<A> | string | undefined,
): Promise<SignInResult<A>> {
  const { options } = context
  const now = context.now()
  const transaction = checkTransaction(transactionInput, {
    issuer: options.issuer,
    clientId: options.clientId,
    now,
  }) as SignInTransaction<A>
  const callback = checkVneidCallback(callbackUrl, {
    redirectUri: transaction.redirectUri,
    state: transaction.state,
    issuer: options.issuer,
    level: transaction.level,
    encryptionRequired: options.dialect.requireEncryption,
  })
  if (!context.used.claim(transaction.state, transaction.expiresAt, now)) {
    throw new EidTransactionError('already_used')
  }
  let code = callback.code
  if (callback.encryptKey !== undefined) {
    const decrypted = decryptCode(context, callback.code, callback.encryptKey)
    if (options.dialect.tokenRequestCode === 'decrypted') code = decrypted
  }
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    client_id: options.clientId,
    client_secret: options.clientAuth.secret,
    redirect_uri: transaction.redirectUri,
  }
  if (callback.encryptKey !== undefined) params.encrypt_key = callback.encryptKey
  if (options.dialect.sendCodeVerifier) params.code_verifier = transaction.codeVerifier
  const token = await redeemVneidCode(
    context.http,
    { url: options.endpoints.token, format: options.dialect.tokenRequestFormat, params },
    context.envelope,
  )
  const userinfo = await fetchVneidUserinfo(
    context.http,
    options.endpoints.userinfo,
    token.access_token,
    context.envelope,
  )
  const { citizen, level, subject } = identityFromUserinfo(userinfo, {
    claims: options.dialect.claims,
    birthDateFormats: options.dialect.birthDateFormats,
    required: transaction.level,
  })
  const tokens: EidTokens = {
    accessToken: token.access_token,
    tokenType: 'Bearer',
    ...(token.expires_in !== undefined && { expiresAt: now + token.expires_in }),
    idToken: '',
    ...(token.scope !== undefined && { scope: token.scope }),
    subject,
  }
  return {
    citizen,
    subject,
    level,
    sessionId: undefined,
    authTime: undefined,
    attributes: {} as AttributesOf<A>,
    missing: [],
    unavailable: [],
    consentId: undefined,
    tokens,
    providerClaims: Object.freeze({ ...userinfo }),
  }
}
