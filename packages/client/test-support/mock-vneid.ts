/**
 * Wiring for the VNeID client's unit tests and fuzz targets: the msw kit's `mockVneid` of
 * `@dinhdanh/testing/msw` (the one in-process provider of every unit test, issue #11) registered with this
 * file's relying party, and the inputs the tests build their own answers from (a citizen as VNeID's
 * userinfo shows one, RSA keys, whether this Node decrypts RSA PKCS#1 v1.5). Hostile-provider controls are
 * the kit's own (`vneid.tamper`, `vneid.requests()`, `vneid.authorize()`), the share gateway's too
 * (`'shareStart'`, `'shareResult'`, `vneid.share`); the share tests' own inputs are in share-inputs.ts.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto'
import { personas } from '@dinhdanh/testing'
import { type MockVneid, type MockVneidClient, type MockVneidOptions, mockVneid } from '@dinhdanh/testing/msw'

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

/** A citizen as VNeID's userinfo shows one (dd/MM/yyyy date, numeric level, no gender): fuzz input. */
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

/** The citizen the kit signs in (`signInAs`) by default: level 2, 001090001234, Nguyễn Văn An. */
export const VNEID_CITIZEN = personas.level2Adult

/**
 * A `mockVneid` at {@link VNEID_ENDPOINTS} with this relying party registered (its secret and redirect URI),
 * `client` laid over it (`publicKey` for encryption, `aesMode`, `keyBytes`, `tokenRequestFormat`, the share
 * settings `shareCallbackUris`, `shareTtlSec`), and {@link VNEID_CITIZEN} signed in. `kit` sets the kit's
 * `clock` or `today`. Add its `handlers` to an msw server; its share gateway is at `vneid.share.endpoints`.
 *
 * @example
 * ```ts
 * const vneid = mockVneidFor({ shareTtlSec: 120 }, { clock: createFakeClock(1_750_000_000) })
 * server.resetHandlers(...vneid.handlers)
 * ```
 */
export function mockVneidFor(
  client: Partial<MockVneidClient> = {},
  kit: Pick<MockVneidOptions, 'clock' | 'today'> = {},
): MockVneid {
  const path = (url: string) => new URL(url).pathname
  const vneid = mockVneid({
    ...kit,
    issuer: VNEID_ISSUER,
    paths: {
      authorization: path(VNEID_ENDPOINTS.authorization),
      token: path(VNEID_ENDPOINTS.token),
      userinfo: path(VNEID_ENDPOINTS.userinfo),
    },
    clients: [
      {
        clientId: VNEID_CLIENT_ID,
        clientSecret: VNEID_SECRET,
        redirectUris: [VNEID_REDIRECT_URI],
        ...client,
      },
    ],
  })
  vneid.signInAs(VNEID_CITIZEN)
  return vneid
}

/** The options of a VNeID client against the kit (`mockVneidFor`). */
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
