/**
 * A scriptable fake of the VNeID dialect for the client's unit tests (msw handlers): configured
 * endpoints, a secret in the token request's body, no ID token, identity from userinfo, and optional
 * RSA PKCS#1 v1.5 + AES encryption of the code and the responses, built with the SDK's own provider-side
 * helpers. Each test breaks one thing. Not a product: the mock provider lives in mock-idp/.
 */
import {
  constants,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto'
import { HttpResponse, http } from 'msw'
import { type AesMode, encryptVneidCode, sealVneidEnvelope } from '../src/vneid/envelope.js'

export const VNEID_ISSUER = 'https://sso.vneid.test'
export const VNEID_CLIENT_ID = 'demo-bank'
export const VNEID_SECRET = 'a-client-secret-of-32-characters'
export const VNEID_REDIRECT_URI = 'https://bank.test/auth/vneid/callback'
export const VNEID_ENDPOINTS = {
  authorization: `${VNEID_ISSUER}/oauth/authorize`,
  token: `${VNEID_ISSUER}/oauth/token`,
  userinfo: `${VNEID_ISSUER}/oauth/userinfo`,
  endSession: `${VNEID_ISSUER}/oauth/logout`,
}

/** A citizen as VNeID's userinfo shows one (dd/MM/yyyy date, numeric level, no gender). */
export const VNEID_USERINFO = {
  citizenPid: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '17/05/1990',
  accountType: 'CONG_DAN',
  accountLevel: 2,
}

/** One RSA key pair per test run: generating 2048-bit keys takes tens of milliseconds. */
export const RP_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 })
export const OTHER_KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 })
export const RP_PRIVATE_PEM = RP_KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

/**
 * Whether this runtime decrypts RSA PKCS#1 v1.5 (Node.js 22+: yes; Node.js 20: refused, CVE-2023-46809).
 * Tests that need it are skipped on Node 20 with a loud name, and run in `.ci/run` on Node 24.
 */
export const pkcs1Supported = (() => {
  try {
    const probe = randomBytes(16)
    const wrapped = publicEncrypt({ key: RP_KEYS.publicKey, padding: constants.RSA_PKCS1_PADDING }, probe)
    return privateDecrypt({ key: RP_KEYS.privateKey, padding: constants.RSA_PKCS1_PADDING }, wrapped).equals(
      probe,
    )
  } catch {
    return false
  }
})()

/** The suffix every test that needs PKCS#1 v1.5 decryption carries in its name. */
export const NEEDS_NODE_22 = '(needs Node 22+: PKCS#1 v1.5 decryption)'

export interface VneidRecordedRequest {
  method: string
  url: URL
  contentType: string | null
  authorization: string | null
  body: string
}

export interface VneidScript {
  /** Encrypt the code in the callback (needs `recipient`). Default false. */
  encryptCode?: boolean
  /** Seal token and userinfo bodies as envelopes. Default false. */
  sealResponses?: boolean
  aesMode?: AesMode
  keyBytes?: 16 | 24 | 32
  /** Whose public key the provider encrypts to. Default the relying party's. */
  recipient?: KeyObject
  /** Claims of userinfo (replaces the default citizen). */
  userinfo?: Record<string, unknown>
  /** Replace the token endpoint's response. */
  tokenResponse?: () => Response
  /** Replace the userinfo endpoint's response. */
  userinfoResponse?: () => Response
}

/** Creates a fake VNeID; add `handlers` to an msw server, change `script` per test. */
export function createFakeVneid(script: VneidScript = {}) {
  const requests: VneidRecordedRequest[] = []
  const codes = new Map<string, { redirectUri: string; used: boolean }>()
  const accessTokens = new Set<string>()
  const recipient = () => script.recipient ?? RP_KEYS.publicKey
  const seal = (body: Record<string, unknown>) =>
    script.sealResponses
      ? sealVneidEnvelope(recipient(), body, {
          ...(script.aesMode && { mode: script.aesMode }),
          ...(script.keyBytes && { keyBytes: script.keyBytes }),
        })
      : body

  async function record(request: Request): Promise<VneidRecordedRequest> {
    const entry = {
      method: request.method,
      url: new URL(request.url),
      contentType: request.headers.get('content-type'),
      authorization: request.headers.get('authorization'),
      body: await request.text(),
    }
    requests.push(entry)
    return entry
  }

  const handlers = [
    http.post(VNEID_ENDPOINTS.token, async ({ request }) => {
      const entry = await record(request)
      if (script.tokenResponse) return script.tokenResponse()
      const params =
        entry.contentType === 'application/json'
          ? new URLSearchParams(JSON.parse(entry.body) as Record<string, string>)
          : new URLSearchParams(entry.body)
      const issued = codes.get(params.get('code') ?? '')
      if (
        params.get('grant_type') !== 'authorization_code' ||
        params.get('client_id') !== VNEID_CLIENT_ID ||
        params.get('client_secret') !== VNEID_SECRET ||
        !issued ||
        issued.used ||
        issued.redirectUri !== params.get('redirect_uri')
      ) {
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })
      }
      issued.used = true
      const accessToken = randomUUID()
      accessTokens.add(accessToken)
      return HttpResponse.json(seal({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 }))
    }),
    http.get(VNEID_ENDPOINTS.userinfo, async ({ request }) => {
      const entry = await record(request)
      if (script.userinfoResponse) return script.userinfoResponse()
      const token = entry.authorization?.replace(/^Bearer /, '') ?? ''
      if (!accessTokens.has(token)) return HttpResponse.json({ error: 'invalid_token' }, { status: 401 })
      return HttpResponse.json(seal(script.userinfo ?? VNEID_USERINFO))
    }),
  ]

  /**
   * The browser at the provider: approves the authorization URL and returns the callback URL the
   * provider redirects to, with the base64 of an encrypted code RAW in the query as VNeID sends it.
   */
  function authorize(authorizationUrl: string, extra = ''): string {
    const url = new URL(authorizationUrl)
    const redirectUri = url.searchParams.get('redirect_uri') ?? ''
    const code = randomUUID()
    codes.set(code, { redirectUri, used: false })
    const state = encodeURIComponent(url.searchParams.get('state') ?? '')
    if (!script.encryptCode) return `${redirectUri}?code=${code}&state=${state}${extra}`
    const sealed = encryptVneidCode(recipient(), code, {
      ...(script.aesMode && { mode: script.aesMode }),
      ...(script.keyBytes && { keyBytes: script.keyBytes }),
    })
    return `${redirectUri}?code=${sealed.code}&state=${state}&encrypt_key=${sealed.encryptKey}${extra}`
  }

  return { handlers, requests, authorize, script }
}

/** The options of a VNeID client against the fake. */
export function vneidOptions(extra: Record<string, unknown> = {}) {
  return {
    profile: 'vneid' as const,
    issuer: VNEID_ISSUER,
    endpoints: VNEID_ENDPOINTS,
    clientId: VNEID_CLIENT_ID,
    clientAuth: { method: 'client_secret_post' as const, secret: VNEID_SECRET },
    redirectUri: VNEID_REDIRECT_URI,
    ...extra,
  }
}
