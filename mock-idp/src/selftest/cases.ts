/**
 * The self-test's cases: one valid sign-in, then the forgeries a hostile or compromised provider, a
 * network attacker or another relying party can make. Each case says what it forges and how; the run
 * (run.ts) drives the browser and the proxy applies `tamper`. docs/selftest.md explains each attack and
 * its fix.
 */
import { randomBytes } from 'node:crypto'
import type { JWK } from 'jose'
import {
  type AttackerKey,
  type DecodedJwt,
  flipSignatureBit,
  hmacWithPublicKey,
  signAsAttacker,
  signAsProvider,
  unsignedToken,
} from './forged-tokens.js'

/** The authorization request of the journey under test, as the relying party sent it. */
export interface ObservedAuthorizationRequest {
  clientId: string
  redirectUri: string | undefined
  state: string | undefined
  nonce: string | undefined
  /** `max_age`, when sent. */
  maxAge: number | undefined
  /** The lowest level `acr_values` (or an essential `acr` claim request) accepts, when asked. */
  minimumLevel: number | undefined
}

/** What a case's forgery can use. */
export interface ForgeryContext {
  /** The public issuer (`http://127.0.0.1:<port>`). */
  issuer: string
  request: ObservedAuthorizationRequest
  /** The provider's private signing keys: a forgery signed with them verifies. */
  providerKeys: readonly JWK[]
  attacker: {
    key: AttackerKey
    /** Where the proxy serves the attacker's JWKS (same origin as the issuer). */
    jwksUrl: string
  }
  /** A code the provider issued to another client for this citizen (the other-client case). */
  foreignCode(): Promise<string>
  /** Marks the forgery as really made (cases that depend on the relying party's request). */
  applied(): void
  now(): number
}

/** What a case changes; each hook is optional. */
export interface Tamper {
  /** Changes the query of the provider's redirect to the relying party's callback. */
  authorizationResponse?(params: URLSearchParams, context: ForgeryContext): void | Promise<void>
  /** Returns the compact token to send instead of the provider's ID token (encrypted afterwards if registered). */
  idToken?(token: DecodedJwt & { compact: string }, context: ForgeryContext): string | Promise<string>
  /** Changes the claims of every ID token and userinfo response (re-signed with the provider's key). */
  claims?(claims: Record<string, unknown>, context: ForgeryContext, where: 'id_token' | 'userinfo'): void
}

/** How the browser goes through a case. */
export type Journey =
  /** Login, provider, callback, signed-in page. */
  | 'standard'
  /** Another browser starts a sign-in first; its callback (code and state) is delivered to this browser. */
  | 'other-attempt'
  /** A full valid sign-in, then its callback replayed from a copy of the cookies it had. */
  | 'replay'

/** One self-test case. */
export interface SelftestCase {
  id: string
  /** Short title for the table. */
  title: string
  /** What the hostile provider forged, for the table. */
  forged: string
  expected: 'accepted' | 'refused'
  journey: Journey
  /** Why the case does not apply when its forgery was never made (e.g. the relying party sent no `max_age`). */
  notApplicableWhenUnused?: string
  /** Markup put in the error response; the case fails if a relying party page carries it unescaped. */
  reflection?: string
  tamper: Tamper
}

const ATTACKER_AUDIENCE = 'selftest-attacker-rp'
const OTHER_ISSUER = 'https://idp.attacker.example'
// A key lookup that builds SQL (or a file path) from `kid` returns the attacker's chosen secret.
const KID_INJECTION_SECRET = 'selftest-kid-injection-secret'
const KID_INJECTION = `x' UNION SELECT '${KID_INJECTION_SECRET}' -- `

type IdTokenForgery = NonNullable<Tamper['idToken']>

/** Re-signs the token with the provider's key after changing its claims. */
function resign(change: (claims: Record<string, unknown>, context: ForgeryContext) => void): IdTokenForgery {
  return async ({ header, claims }, context) => {
    const copy: Record<string, unknown> = { ...claims }
    change(copy, context)
    return signAsProvider(context.providerKeys, header, copy)
  }
}

/** A birth date whose year no longer matches the century and year digits of the personal number. */
function inconsistentBirthdate(birthdate: string): string {
  const year = Number(birthdate.slice(0, 4)) + 1
  const rest = birthdate.slice(4) === '-02-29' ? '-02-28' : birthdate.slice(4)
  return `${String(year).padStart(4, '0')}${rest}`
}

/** A marker no page has by chance: `<script>` with a random name, as a relying party might reflect it. */
export function reflectionMarker(): string {
  return `<script>selftest_${randomBytes(6).toString('hex')}()</script>`
}

/**
 * Every case, valid sign-in first. `--only` picks among the hostile ones; the valid case always runs.
 *
 * @example
 * ```ts
 * const ids = selftestCases().map((c) => c.id) // ['valid-sign-in', 'id-token-signature', ...]
 * ```
 */
export function selftestCases(): SelftestCase[] {
  const marker = reflectionMarker()
  return [
    {
      id: 'valid-sign-in',
      title: 'Valid sign-in',
      forged: 'nothing: the provider answers honestly',
      expected: 'accepted',
      journey: 'standard',
      tamper: {},
    },
    {
      id: 'id-token-signature',
      title: 'ID token signature forged',
      forged: 'one bit of the ID token signature flipped',
      expected: 'refused',
      journey: 'standard',
      tamper: { idToken: ({ compact }) => flipSignatureBit(compact) },
    },
    {
      id: 'alg-none',
      title: 'alg: none',
      forged: 'ID token unsigned (alg none, empty signature)',
      expected: 'refused',
      journey: 'standard',
      tamper: { idToken: ({ header, claims }) => unsignedToken(header, claims) },
    },
    {
      id: 'hs256-public-key',
      title: 'HS256 with the public key',
      forged: "ID token HS256-signed with the provider's public key (PEM) as secret",
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: ({ header, claims }, context) => hmacWithPublicKey(context.providerKeys, header, claims),
      },
    },
    {
      id: 'jwk-header-injection',
      title: 'jwk header injection',
      forged:
        "ID token signed by the attacker, with the attacker's key in the jwk header and the provider's kid",
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: ({ header, claims }, { attacker }) =>
          signAsAttacker(
            attacker.key.privateKey,
            { alg: 'ES256', typ: header.typ ?? 'JWT', kid: header.kid, jwk: attacker.key.publicJwk },
            claims,
          ),
      },
    },
    {
      id: 'jku-header-injection',
      title: 'jku header injection',
      forged: "ID token signed by the attacker, jku pointing at the attacker's JWKS on the provider's origin",
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: ({ header, claims }, { attacker }) =>
          signAsAttacker(
            attacker.key.privateKey,
            {
              alg: 'ES256',
              typ: header.typ ?? 'JWT',
              kid: attacker.key.publicJwk.kid,
              jku: attacker.jwksUrl,
            },
            claims,
          ),
      },
    },
    {
      id: 'kid-injection',
      title: 'kid header injection',
      forged: `ID token HS256-signed with the secret its kid selects: kid "${KID_INJECTION}"`,
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: ({ header, claims }) =>
          signAsAttacker(
            new TextEncoder().encode(KID_INJECTION_SECRET),
            { alg: 'HS256', typ: header.typ ?? 'JWT', kid: KID_INJECTION },
            claims,
          ),
      },
    },
    {
      id: 'unknown-kid',
      title: 'Unknown kid',
      forged: 'ID token signed by the attacker under a kid the provider never published',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: ({ header, claims }, { attacker }) =>
          signAsAttacker(
            attacker.key.privateKey,
            { alg: 'ES256', typ: header.typ ?? 'JWT', kid: attacker.key.publicJwk.kid },
            claims,
          ),
      },
    },
    {
      id: 'wrong-iss',
      title: 'Wrong iss',
      forged: `ID token iss ${OTHER_ISSUER} (validly signed)`,
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims) => {
          claims.iss = OTHER_ISSUER
        }),
      },
    },
    {
      id: 'wrong-aud',
      title: 'Wrong aud',
      forged: `ID token aud "${ATTACKER_AUDIENCE}" (validly signed)`,
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims) => {
          claims.aud = ATTACKER_AUDIENCE
          delete claims.azp
        }),
      },
    },
    {
      id: 'extra-aud-without-azp',
      title: 'Extra audience without azp',
      forged: `ID token aud [client, "${ATTACKER_AUDIENCE}"], no azp (validly signed)`,
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims) => {
          claims.aud = [claims.aud, ATTACKER_AUDIENCE].flat()
          delete claims.azp
        }),
      },
    },
    {
      id: 'expired',
      title: 'Expired ID token',
      forged: 'ID token exp 10 minutes ago (validly signed)',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims, { now }) => {
          claims.iat = now() - 900
          claims.exp = now() - 600
        }),
      },
    },
    {
      id: 'iat-in-future',
      title: 'iat in the future',
      forged: 'ID token iat 10 minutes ahead (validly signed)',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims, { now }) => {
          claims.iat = now() + 600
          claims.exp = now() + 900
        }),
      },
    },
    {
      id: 'nonce-missing',
      title: 'nonce missing',
      forged: 'ID token without nonce (validly signed)',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims) => {
          delete claims.nonce
        }),
      },
    },
    {
      id: 'nonce-wrong',
      title: 'nonce wrong',
      forged: 'ID token nonce of another sign-in (validly signed)',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        idToken: resign((claims) => {
          claims.nonce = randomBytes(16).toString('base64url')
        }),
      },
    },
    {
      id: 'acr-lower',
      title: 'acr lower than asked',
      forged: 'ID token acr "1" when level 2 was asked (validly signed)',
      expected: 'refused',
      journey: 'standard',
      notApplicableWhenUnused: 'the relying party asked for no level above 1 (acr_values)',
      tamper: {
        idToken: resign((claims, context) => {
          const asked = context.request.minimumLevel ?? 0
          if (asked < 2) return
          claims.acr = String(asked - 1)
          context.applied()
        }),
      },
    },
    {
      id: 'auth-time-too-old',
      title: 'auth_time older than max_age',
      forged: 'ID token auth_time max_age + 10 minutes ago (validly signed)',
      expected: 'refused',
      journey: 'standard',
      notApplicableWhenUnused: 'the relying party sent no max_age',
      tamper: {
        idToken: resign((claims, context) => {
          if (context.request.maxAge === undefined) return
          claims.auth_time = context.now() - context.request.maxAge - 600
          context.applied()
        }),
      },
    },
    {
      id: 'userinfo-sub',
      title: 'userinfo sub differs',
      forged: "userinfo sub of another citizen than the ID token's",
      expected: 'refused',
      journey: 'standard',
      notApplicableWhenUnused: 'the relying party did not call userinfo',
      tamper: {
        claims(claims, context, where) {
          if (where !== 'userinfo') return
          claims.sub = `${String(claims.sub ?? '')}-${randomBytes(4).toString('hex')}`
          context.applied()
        },
      },
    },
    {
      id: 'personal-id-birthdate',
      title: 'Personal number vs birth date',
      forged: 'birthdate year that contradicts the personal number (12 digits) it travels with',
      expected: 'refused',
      journey: 'standard',
      notApplicableWhenUnused: 'the relying party received no personal_id with a birthdate',
      tamper: {
        claims(claims, context) {
          if (typeof claims.personal_id !== 'string' || typeof claims.birthdate !== 'string') return
          claims.birthdate = inconsistentBirthdate(claims.birthdate)
          context.applied()
        },
      },
    },
    {
      id: 'mix-up-iss',
      title: 'Mix-up: iss of another provider',
      forged: `authorization response iss=${OTHER_ISSUER}`,
      expected: 'refused',
      journey: 'standard',
      tamper: {
        authorizationResponse(params) {
          params.set('iss', OTHER_ISSUER)
        },
      },
    },
    {
      id: 'iss-missing',
      title: 'iss parameter missing',
      forged: 'authorization response without iss (discovery says it is always sent)',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        authorizationResponse(params) {
          params.delete('iss')
        },
      },
    },
    {
      id: 'state-missing',
      title: 'Callback without state',
      forged: 'authorization response without state',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        authorizationResponse(params) {
          params.delete('state')
        },
      },
    },
    {
      id: 'state-other-attempt',
      title: "Another attempt's callback",
      forged: 'callback (code and state) of a sign-in started in another browser (login CSRF)',
      expected: 'refused',
      journey: 'other-attempt',
      tamper: {},
    },
    {
      id: 'callback-replayed',
      title: 'Callback replayed',
      forged: 'a completed callback replayed with the cookies it had; the provider redeems the code again',
      expected: 'refused',
      journey: 'replay',
      tamper: {},
    },
    {
      id: 'error-markup',
      title: 'Markup in error_description',
      forged: `error=access_denied&error_description=${marker}`,
      expected: 'refused',
      journey: 'standard',
      reflection: marker,
      tamper: {
        authorizationResponse(params) {
          const state = params.get('state')
          const iss = params.get('iss')
          for (const name of [...params.keys()]) params.delete(name)
          params.set('error', 'access_denied')
          params.set('error_description', marker)
          if (state !== null) params.set('state', state)
          if (iss !== null) params.set('iss', iss)
        },
      },
    },
    {
      id: 'code-of-other-client',
      title: 'Code of another client',
      forged: 'a code issued to another client for the same citizen and nonce, which the provider redeems',
      expected: 'refused',
      journey: 'standard',
      tamper: {
        async authorizationResponse(params, context) {
          params.set('code', await context.foreignCode())
        },
      },
    },
  ]
}
