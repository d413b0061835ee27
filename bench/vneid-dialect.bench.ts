/**
 * The CPU cost of one sign-in in the VNeID dialect with `@dinhdanh/client` (`profile: 'vneid'`) against a
 * plain hand-written client of the same dialect (Node's crypto and fetch, no checks at all: no state
 * comparison, no single use, no personal-number or birth-date validation, no origin pinning), in the same
 * run. Every provider answer is minted once beforehand and served by a stubbed `globalThis.fetch`, so
 * nothing but the clients' own work is timed: authorization URL, callback parsing, (decryption,) token
 * request, (envelope,) userinfo, identity. Encrypted mode needs RSA PKCS#1 v1.5 decryption (Node 22+):
 * on Node 20 it is skipped and the output says so. Run: `npm run bench`.
 */
import {
  constants,
  createDecipheriv,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto'
import { createClient, type EidClient } from '@dinhdanh/client'
import { encryptVneidCode, sealVneidEnvelope } from '@dinhdanh/client/vneid'
import { afterAll, bench, describe } from 'vitest'

const ISSUER = 'https://sso.vneid.bench'
const ENDPOINTS = {
  authorization: `${ISSUER}/oauth/authorize`,
  token: `${ISSUER}/oauth/token`,
  userinfo: `${ISSUER}/oauth/userinfo`,
}
const CLIENT_ID = 'bench-bank'
const SECRET = 'bench-bank-secret-0123456789'
const REDIRECT_URI = 'https://bank.bench/auth/vneid/callback'
const CODE = 'c0d3-7f1e-42aa-9b1c'
const TOKEN = { access_token: 'at-5b1e2c9d7a', token_type: 'Bearer', expires_in: 300 }
const USERINFO = {
  citizenPid: '001090001234',
  fullName: 'Nguyễn Văn An',
  birthDate: '17/05/1990',
  accountType: 'CONG_DAN',
  accountLevel: 2,
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const encryptionSupported = (() => {
  try {
    const sealed = publicEncrypt(
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from('p'),
    )
    return privateDecrypt({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }, sealed).length === 1
  } catch {
    return false
  }
})()

/** One mode's pre-minted provider answers: the callback's code (and key), the token and userinfo bodies. */
interface Minted {
  code: string
  encryptKey: string | undefined
  token: string
  userinfo: string
}
const minted: Record<'plain' | 'encrypted', Minted> = {
  plain: {
    code: CODE,
    encryptKey: undefined,
    token: JSON.stringify(TOKEN),
    userinfo: JSON.stringify(USERINFO),
  },
  encrypted: (() => {
    const code = encryptVneidCode(rsa.publicKey, CODE)
    return {
      code: code.code,
      encryptKey: code.encryptKey,
      token: JSON.stringify(sealVneidEnvelope(rsa.publicKey, TOKEN)),
      userinfo: JSON.stringify(sealVneidEnvelope(rsa.publicKey, USERINFO)),
    }
  })(),
}

// The provider: a stubbed fetch that answers each endpoint with its pre-minted body (a new Response each
// time, a body is read once). Both clients go through it the same way.
let answering: Minted = minted.plain
const realFetch = globalThis.fetch
globalThis.fetch = (async (input: string | URL | Request) => {
  const url = input instanceof Request ? input.url : String(input)
  const body = url.startsWith(ENDPOINTS.token) ? answering.token : answering.userinfo
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
}) as typeof fetch
afterAll(() => {
  globalThis.fetch = realFetch
})

const callbackOf = (state: string, sent: Minted) =>
  `${REDIRECT_URI}?code=${sent.code}&state=${state}${sent.encryptKey ? `&encrypt_key=${sent.encryptKey}` : ''}`

function sdkClient(envelopeKey?: string): Promise<EidClient> {
  return createClient({
    profile: 'vneid',
    issuer: ISSUER,
    endpoints: ENDPOINTS,
    clientId: CLIENT_ID,
    clientAuth: { method: 'client_secret_post', secret: SECRET },
    redirectUri: REDIRECT_URI,
    ...(envelopeKey !== undefined && { envelopeKey }),
  })
}

/** One sign-in with the SDK: signIn, then completeSignIn on the callback the provider would send. */
async function sdkSignIn(eid: EidClient, sent: Minted): Promise<string> {
  const { transaction } = await eid.signIn({ level: 2 })
  const result = await eid.completeSignIn(callbackOf(transaction.state, sent), transaction)
  return result.subject
}

// --- The hand-written client: what a developer with the sample code writes, with no checks. -----------

function aesEcbDecrypt(key: Buffer, data: string): Buffer {
  const decipher = createDecipheriv(`aes-${key.length * 8}-ecb`, key, null)
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()])
}
function unwrap(privateKey: KeyObject, wrapped: string): Buffer {
  return privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(wrapped, 'base64'),
  )
}
function openIfSealed(
  privateKey: KeyObject | undefined,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (privateKey === undefined || typeof body.key !== 'string' || typeof body.data !== 'string') return body
  return JSON.parse(aesEcbDecrypt(unwrap(privateKey, body.key), body.data).toString('utf8'))
}

async function handWrittenSignIn(privateKey: KeyObject | undefined, sent: Minted): Promise<string> {
  const state = randomBytes(32).toString('base64url')
  const authorize = `${ENDPOINTS.authorization}?response_type=code&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=openid&state=${state}`
  void authorize // the browser would be sent there
  const callback = callbackOf(state, sent)
  const query = new Map(
    callback
      .slice(callback.indexOf('?') + 1)
      .split('&')
      .map((pair) => {
        const at = pair.indexOf('=')
        return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const
      }),
  )
  const encryptKey = query.get('encrypt_key')
  let code = query.get('code') ?? ''
  if (privateKey && encryptKey) code = aesEcbDecrypt(unwrap(privateKey, encryptKey), code).toString('utf8')
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: CLIENT_ID,
    client_secret: SECRET,
    redirect_uri: REDIRECT_URI,
    ...(encryptKey !== undefined && { encrypt_key: encryptKey }),
  })
  const tokenResponse = await fetch(ENDPOINTS.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  const token = openIfSealed(privateKey, (await tokenResponse.json()) as Record<string, unknown>)
  const userinfoResponse = await fetch(ENDPOINTS.userinfo, {
    headers: { authorization: `Bearer ${String(token.access_token)}` },
  })
  const userinfo = openIfSealed(privateKey, (await userinfoResponse.json()) as Record<string, unknown>)
  return String(userinfo.citizenPid)
}

// --- CPU per sign-in, measured directly (process.cpuUsage over a fixed number of sign-ins). -----------

async function cpuPerSignIn(run: () => Promise<string>, count: number): Promise<number> {
  for (let i = 0; i < 50; i++) await run() // warm-up
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) await run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / count
}

async function report(mode: 'plain' | 'encrypted', sdk: EidClient, key: KeyObject | undefined) {
  answering = minted[mode]
  const count = mode === 'plain' ? 2000 : 500
  const hand = await cpuPerSignIn(() => handWrittenSignIn(key, minted[mode]), count)
  const ours = await cpuPerSignIn(() => sdkSignIn(sdk, minted[mode]), count)
  console.log(
    `VNeID dialect, ${mode}: CPU per sign-in: hand-written ${hand.toFixed(0)} µs, @dinhdanh/client ${ours.toFixed(0)} µs (×${(ours / hand).toFixed(2)}), ${count} sign-ins each, Node ${process.version}`,
  )
}

const plainSdk = await sdkClient()
const encryptedSdk = encryptionSupported
  ? await sdkClient(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())
  : undefined

await report('plain', plainSdk, undefined)
if (encryptedSdk) await report('encrypted', encryptedSdk, rsa.privateKey)
else
  console.log(
    `VNeID dialect, encrypted: SKIPPED on Node ${process.version}: RSA PKCS#1 v1.5 decryption needs Node 22 or later (CVE-2023-46809). Run \`npx -y -p node@24 -c 'node_modules/.bin/vitest bench --run --config bench/vitest.config.ts vneid'\`.`,
  )

describe('VNeID dialect, plain: one sign-in (provider answers pre-minted)', () => {
  bench(
    'hand-written client (baseline: no checks)',
    () => handWrittenSignIn(undefined, minted.plain).then(() => undefined),
    {
      time: 3000,
      warmupTime: 500,
      setup: () => {
        answering = minted.plain
      },
    },
  )
  bench('@dinhdanh/client (profile vneid)', () => sdkSignIn(plainSdk, minted.plain).then(() => undefined), {
    time: 3000,
    warmupTime: 500,
    setup: () => {
      answering = minted.plain
    },
  })
})

describe.skipIf(!encryptedSdk)(
  `VNeID dialect, encrypted: one sign-in${encryptedSdk ? '' : ' (skipped: needs Node 22+ for PKCS#1 v1.5 decryption)'}`,
  () => {
    bench(
      'hand-written client (baseline: no checks)',
      () => handWrittenSignIn(rsa.privateKey, minted.encrypted).then(() => undefined),
      {
        time: 3000,
        warmupTime: 500,
        setup: () => {
          answering = minted.encrypted
        },
      },
    )
    bench(
      '@dinhdanh/client (profile vneid)',
      () => sdkSignIn(encryptedSdk!, minted.encrypted).then(() => undefined),
      {
        time: 3000,
        warmupTime: 500,
        setup: () => {
          answering = minted.encrypted
        },
      },
    )
  },
)
