/**
 * `runSelftest`: starts the hostile provider (the real mock behind a rewriting proxy), waits for the
 * relying party, and runs each case in a fresh browser. See docs/selftest.md.
 */
import { createHash, randomBytes } from 'node:crypto'
import { personas } from '@dinhdanh/testing'
import { decodeJwt } from 'jose'
import { createMockIdp, type MockIdp } from '../server.js'
import {
  assertLoopback,
  deliverCallback,
  JourneyError,
  runToCallback,
  SelftestBrowser,
  type Visit,
} from './browser.js'
import {
  type ForgeryContext,
  type ObservedAuthorizationRequest,
  type SelftestCase,
  selftestCases,
} from './cases.js'
import {
  attackerKey,
  decodeJws,
  encryptFor,
  encryptionOf,
  providerKeyFor,
  signAsProvider,
} from './forged-tokens.js'
import {
  type HostileProxy,
  type ProxiedRequest,
  type ProxiedResponse,
  startHostileProxy,
} from './hostile-proxy.js'
import type { CaseResult } from './report.js'

/**
 * Options of {@link runSelftest} (the `selftest` command's flags).
 *
 * @example
 * ```ts
 * const options: SelftestOptions = {
 *   port: 4000,
 *   clients: JSON.parse(readFileSync('clients.json', 'utf8')),
 *   login: 'http://127.0.0.1:3001/auth/login',
 *   signedIn: 'http://127.0.0.1:3001/account',
 * }
 * ```
 */
export interface SelftestOptions {
  /** Port of the hostile provider on 127.0.0.1 (its issuer is `http://127.0.0.1:<port>`); 0 = any free port. */
  port: number
  /** The relying party's client metadata, as for the mock's `--clients`. */
  clients: readonly Record<string, unknown>[]
  /** Where a sign-in starts (the relying party's login URL). */
  login: string
  /**
   * A page that answers 2xx only when signed in. With a `*` it is a pattern instead: the page the
   * callback ends on (after the relying party's own redirects) must match it and answer 2xx (for
   * relying parties without a session, such as a one-off age check).
   */
  signedIn: string
  /** Seconds to wait for `login` to answer (default 30). */
  waitSeconds?: number
  /** Only these hostile cases (the valid sign-in always runs first). */
  only?: readonly string[]
  /** Called once the hostile provider listens, with its issuer (start the relying party here). */
  onListening?: (issuer: string) => void | Promise<void>
  /** Progress lines (one per case). */
  log?: (line: string) => void
}

/**
 * What {@link runSelftest} found.
 *
 * @example
 * ```ts
 * const report: SelftestReport = await runSelftest(options)
 * process.exitCode = report.exitCode
 * ```
 */
export interface SelftestReport {
  issuer: string
  results: CaseResult[]
  /** 0 all as expected; 1 a forgery was accepted; 2 the valid sign-in failed or a case could not run. */
  exitCode: 0 | 1 | 2
  /** Why the run stopped after the valid sign-in, with hints. */
  stopped?: string
}

/**
 * A problem with the options or the environment (exit code 2).
 *
 * @example
 * ```ts
 * try { await runSelftest(options) } catch (e) { if (e instanceof SelftestUsageError) console.error(e.message) }
 * ```
 */
export class SelftestUsageError extends Error {
  readonly code = 'ERR_SELFTEST_USAGE'
  constructor(message: string) {
    super(message)
    this.name = 'SelftestUsageError'
  }
}

const OTHER_CLIENT_ID = 'selftest-other-rp'
const ENCRYPTION_METADATA = [
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'userinfo_encrypted_response_alg',
  'userinfo_encrypted_response_enc',
]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const now = () => Math.floor(Date.now() / 1000)
const pathOf = (url: unknown) => (typeof url === 'string' ? new URL(url).pathname : undefined)

/** Per-case state the proxy reads and writes. */
interface CaseState {
  selftestCase: SelftestCase
  request: ObservedAuthorizationRequest | undefined
  applied: boolean
  sawUserinfo: boolean
  /** Replaying: serve the cached token response for a code already redeemed. */
  replaying: boolean
}

function formOf(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'))
}

function observeRequest(
  params: URLSearchParams,
  par: Map<string, URLSearchParams>,
): ObservedAuthorizationRequest {
  const merged = new Map<string, string>()
  const requestUri = params.get('request_uri')
  for (const source of [requestUri ? par.get(requestUri) : undefined, params]) {
    for (const [name, value] of source ?? []) if (!merged.has(name)) merged.set(name, value)
  }
  const requestObject = merged.get('request')
  if (requestObject && requestObject.split('.').length === 3) {
    try {
      for (const [name, value] of Object.entries(decodeJwt(requestObject)))
        merged.set(name, typeof value === 'string' ? value : JSON.stringify(value))
    } catch {
      // An unreadable request object: the provider will refuse it; nothing to observe.
    }
  }
  const levels: number[] = []
  for (const value of (merged.get('acr_values') ?? '').split(' '))
    if (/^\d+$/.test(value)) levels.push(Number(value))
  try {
    const acr = (
      JSON.parse(merged.get('claims') ?? '{}') as {
        id_token?: { acr?: { value?: string; values?: string[] } }
      }
    ).id_token?.acr
    for (const value of [acr?.value, ...(acr?.values ?? [])])
      if (value && /^\d+$/.test(value)) levels.push(Number(value))
  } catch {
    // A malformed claims parameter: the provider refuses it.
  }
  const maxAge = merged.get('max_age')
  return {
    clientId: merged.get('client_id') ?? '',
    redirectUri: merged.get('redirect_uri'),
    state: merged.get('state'),
    nonce: merged.get('nonce'),
    maxAge: maxAge !== undefined && /^\d+$/.test(maxAge) ? Number(maxAge) : undefined,
    minimumLevel: levels.length > 0 ? Math.min(...levels) : undefined,
  }
}

/** Does a body carry the marker where a browser would render it as markup? */
function reflects(visit: Visit, marker: string): boolean {
  const type = visit.contentType.toLowerCase()
  if (/^application\/([a-z.+-]*\+)?json/.test(type)) return false
  if (type.startsWith('text/plain') && visit.nosniff) return false
  return visit.body.includes(marker)
}

function textExcerpt(body: string): string {
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 240)
}

async function waitForRelyingParty(login: URL, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  let last = 'no answer'
  while (Date.now() < deadline) {
    try {
      const response = await fetch(login, { redirect: 'manual', signal: AbortSignal.timeout(2000) })
      await response.body?.cancel()
      if (![502, 503, 504].includes(response.status)) return
      last = `HTTP ${response.status}`
    } catch (error) {
      last =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : 'error'
    }
    await sleep(250)
  }
  throw new SelftestUsageError(
    `the relying party did not answer at ${login.href} within ${seconds} s (last: ${last}). Start it (configured with the issuer shown above) or raise --wait.`,
  )
}

function parseUrl(name: string, value: string): URL {
  if (!URL.canParse(value.replace(/\*/g, 'x')))
    throw new SelftestUsageError(`--${name}: expected an absolute URL, got "${value}"`)
  const url = new URL(value.replace(/\*/g, 'x'))
  try {
    assertLoopback(url)
  } catch (error) {
    throw new SelftestUsageError(`--${name}: ${(error as Error).message}`)
  }
  return new URL(value.includes('*') ? url.href : value)
}

function patternOf(value: string): RegExp {
  return new RegExp(
    `^${value
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )
}

/**
 * Runs the relying-party self-test: the valid sign-in must be accepted, every forgery refused.
 *
 * @example
 * ```ts
 * import { runSelftest, formatTable } from '@dinhdanh/mock-idp'
 * const report = await runSelftest({ port: 4000, clients, login: 'http://127.0.0.1:3001/auth/login', signedIn: 'http://127.0.0.1:3001/account' })
 * console.log(formatTable(report.results))
 * ```
 */
export async function runSelftest(options: SelftestOptions): Promise<SelftestReport> {
  const login = parseUrl('login', options.login)
  parseUrl('signed-in', options.signedIn)
  const signedInPattern = options.signedIn.includes('*') ? patternOf(options.signedIn) : undefined
  const all = selftestCases()
  const unknown = (options.only ?? []).filter((id) => !all.some((c) => c.id === id))
  if (unknown.length > 0)
    throw new SelftestUsageError(
      `--only: unknown case ${unknown.join(', ')}; the cases are ${all.map((c) => c.id).join(', ')}`,
    )
  const cases = all.filter(
    (c, index) =>
      index === 0 || options.only === undefined || options.only.length === 0 || options.only.includes(c.id),
  )
  if (!Array.isArray(options.clients) || options.clients.length === 0)
    throw new SelftestUsageError('--clients: expected a JSON array with the relying party’s client metadata')
  const clientsById = new Map(options.clients.map((client) => [String(client.client_id), client]))
  const redirectUris = options.clients.flatMap((client) =>
    Array.isArray(client.redirect_uris) ? client.redirect_uris.map(String) : [],
  )

  let upstreamPort = 0
  let proxy: HostileProxy
  try {
    proxy = await startHostileProxy(options.port, () => upstreamPort)
  } catch (error) {
    throw new SelftestUsageError(
      `could not listen on 127.0.0.1:${options.port} (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  const issuer = `http://127.0.0.1:${proxy.port}`
  const otherRedirectUri = `${issuer}/__selftest/other-rp/callback`
  let idp: MockIdp | undefined
  try {
    idp = await createMockIdp({
      port: 0,
      host: '127.0.0.1',
      issuer,
      store: 'memory',
      autoApprove: true,
      logLevel: 'silent',
      clients: [
        // The mock signs; the proxy encrypts what it sends (its forgeries too) to the relying party's key.
        ...(options.clients.map((client) =>
          Object.fromEntries(Object.entries(client).filter(([name]) => !ENCRYPTION_METADATA.includes(name))),
        ) as { client_id: string; redirect_uris: string[] }[]),
        {
          client_id: OTHER_CLIENT_ID,
          client_name: 'Another relying party (self-test)',
          redirect_uris: [otherRedirectUri],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
    })
    upstreamPort = idp.port
    const internal = `http://127.0.0.1:${idp.port}`
    const settings = await fetch(`${internal}/__admin/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${idp.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ autoApprove: true, autoApproveAs: personas.level2Adult.personalId }),
    })
    if (!settings.ok) throw new Error(`the mock provider refused its settings (HTTP ${settings.status})`)
    const discovery = (await (await fetch(`${internal}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >
    const paths = {
      authorization: pathOf(discovery.authorization_endpoint),
      token: pathOf(discovery.token_endpoint),
      userinfo: pathOf(discovery.userinfo_endpoint),
      par: pathOf(discovery.pushed_authorization_request_endpoint),
    }
    const keys = () => idp?.app.signingKeys() ?? []
    const attacker = await attackerKey(`selftest-attacker-${randomBytes(4).toString('hex')}`)
    const attackerJwksPath = '/__selftest/attacker-jwks'
    const par = new Map<string, URLSearchParams>()
    const tokenCache = new Map<string, ProxiedResponse>()
    const foreignCodes = new Map<string, string>()
    let bypass = false
    let state: CaseState | undefined

    const context = (current: CaseState): ForgeryContext => ({
      issuer,
      request: current.request ?? {
        clientId: '',
        redirectUri: undefined,
        state: undefined,
        nonce: undefined,
        maxAge: undefined,
        minimumLevel: undefined,
      },
      providerKeys: keys(),
      attacker: { key: attacker, jwksUrl: `${issuer}${attackerJwksPath}` },
      foreignCode: () => foreignCode(current.request?.nonce),
      applied: () => {
        current.applied = true
      },
      now,
    })

    /** A code the provider issues to the other client for the same citizen (and the victim's nonce). */
    async function foreignCode(nonce: string | undefined): Promise<string> {
      const verifier = randomBytes(32).toString('base64url')
      const url = new URL(`${issuer}${paths.authorization ?? '/auth'}`)
      url.search = new URLSearchParams({
        client_id: OTHER_CLIENT_ID,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: otherRedirectUri,
        state: randomBytes(8).toString('base64url'),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        login_hint: personas.level2Adult.personalId,
        ...(nonce !== undefined && { nonce }),
      }).toString()
      bypass = true
      try {
        const { callbackUrl } = await runToCallback(new SelftestBrowser(), url, [otherRedirectUri])
        const code = callbackUrl.searchParams.get('code')
        if (!code) throw new Error(`the provider gave the other client no code (${callbackUrl.search})`)
        foreignCodes.set(code, verifier)
        return code
      } finally {
        bypass = false
      }
    }

    async function rewriteIdToken(idToken: string, current: CaseState): Promise<string> {
      const tamper = current.selftestCase.tamper
      const forgery = context(current)
      let { header, claims } = decodeJws(idToken)
      let compact = idToken
      if (tamper.claims) {
        claims = { ...claims }
        const before = JSON.stringify(claims)
        tamper.claims(claims, forgery, 'id_token')
        if (JSON.stringify(claims) !== before) compact = await signAsProvider(keys(), header, claims)
        header = decodeJws(compact).header
      }
      if (tamper.idToken) compact = await tamper.idToken({ header, claims, compact }, forgery)
      const client = clientsById.get(current.request?.clientId ?? '')
      const encryption = client && encryptionOf(client, 'id_token')
      return client && encryption ? encryptFor(client, encryption, compact, 'JWT') : compact
    }

    async function rewriteUserinfo(answer: ProxiedResponse, current: CaseState): Promise<ProxiedResponse> {
      if (answer.status !== 200) return answer
      const tamper = current.selftestCase.tamper
      const forgery = context(current)
      const type = String(answer.headers['content-type'] ?? '')
      const client = clientsById.get(current.request?.clientId ?? '')
      const encryption = client && encryptionOf(client, 'userinfo')
      let body = answer.body.toString('utf8')
      let isJwt = type.startsWith('application/jwt')
      if (isJwt) {
        const { header, claims } = decodeJws(body)
        if (tamper.claims) {
          const copy = { ...claims }
          tamper.claims(copy, forgery, 'userinfo')
          if (JSON.stringify(copy) !== JSON.stringify(claims))
            body = await signAsProvider(keys(), header, copy)
        }
      } else if (tamper.claims) {
        const claims = JSON.parse(body) as Record<string, unknown>
        tamper.claims(claims, forgery, 'userinfo')
        body = JSON.stringify(claims)
      }
      if (client && encryption) {
        body = await encryptFor(client, encryption, body, isJwt ? 'JWT' : undefined)
        isJwt = true
      }
      return {
        status: 200,
        headers: {
          ...answer.headers,
          'content-type': isJwt ? 'application/jwt; charset=utf-8' : 'application/json; charset=utf-8',
        },
        body: Buffer.from(body),
      }
    }

    async function redeemForeign(code: string, verifier: string): Promise<ProxiedResponse> {
      const response = await fetch(`${internal}${paths.token ?? '/token'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: otherRedirectUri,
          client_id: OTHER_CLIENT_ID,
          code_verifier: verifier,
        }),
      })
      return {
        status: response.status,
        headers: {
          'content-type': response.headers.get('content-type') ?? 'application/json',
          'cache-control': 'no-store',
        },
        body: Buffer.from(await response.arrayBuffer()),
      }
    }

    async function tokenAnswer(
      request: ProxiedRequest,
      forward: (request: ProxiedRequest) => Promise<ProxiedResponse>,
      current: CaseState,
    ): Promise<ProxiedResponse> {
      const form = formOf(request.body)
      const code = form.get('grant_type') === 'authorization_code' ? form.get('code') : null
      let answer: ProxiedResponse
      const verifier = code ? foreignCodes.get(code) : undefined
      const cached = code ? tokenCache.get(code) : undefined
      if (code && verifier) answer = await redeemForeign(code, verifier)
      else if (current.replaying && cached) answer = cached
      else {
        answer = await forward(request)
        if (code && answer.status === 200) tokenCache.set(code, answer)
      }
      if (answer.status !== 200) return answer
      const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>
      if (typeof body.id_token === 'string') body.id_token = await rewriteIdToken(body.id_token, current)
      return { ...answer, body: Buffer.from(JSON.stringify(body)) }
    }

    function isRelyingPartyCallback(location: string): URL | undefined {
      if (!URL.canParse(location, issuer)) return undefined
      const url = new URL(location, issuer)
      return redirectUris.some((uri) => {
        const registered = new URL(uri)
        return registered.origin === url.origin && registered.pathname === url.pathname
      })
        ? url
        : undefined
    }

    proxy.intercept(async (request, forward) => {
      const path = request.url.pathname
      if (path === attackerJwksPath) {
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify({ keys: [attacker.publicJwk] })),
        }
      }
      const current = state
      if (bypass || !current) return forward(request)
      if (path === paths.par && request.method === 'POST') {
        const answer = await forward(request)
        try {
          const { request_uri: uri } = JSON.parse(answer.body.toString('utf8')) as { request_uri?: string }
          if (uri) par.set(uri, formOf(request.body))
        } catch {
          // Not JSON: the push failed; the relying party will report it.
        }
        return answer
      }
      if (
        path === paths.authorization &&
        request.method === 'GET' &&
        request.url.searchParams.has('client_id')
      ) {
        if (clientsById.has(request.url.searchParams.get('client_id') ?? ''))
          current.request = observeRequest(request.url.searchParams, par)
      }
      if (path === paths.token && request.method === 'POST') return tokenAnswer(request, forward, current)
      if (path === paths.userinfo) {
        current.sawUserinfo = true
        return rewriteUserinfo(await forward(request), current)
      }
      const answer = await forward(request)
      const location = answer.headers.location
      const callback = typeof location === 'string' ? isRelyingPartyCallback(location) : undefined
      if (
        callback &&
        answer.status >= 300 &&
        answer.status < 400 &&
        current.selftestCase.tamper.authorizationResponse
      ) {
        await current.selftestCase.tamper.authorizationResponse(callback.searchParams, context(current))
        return { ...answer, headers: { ...answer.headers, location: callback.href } }
      }
      return answer
    })

    await options.onListening?.(issuer)
    await waitForRelyingParty(login, options.waitSeconds ?? 30)

    /** Did the relying party accept? Requests --signed-in, or checks where the callback landed. */
    async function signedInCheck(browser: SelftestBrowser, landed: Visit | undefined) {
      if (signedInPattern) {
        const ok =
          landed !== undefined &&
          signedInPattern.test(landed.url) &&
          landed.status >= 200 &&
          landed.status < 300
        return {
          accepted: ok,
          said: landed ? `HTTP ${landed.status} at ${new URL(landed.url).pathname}` : 'no page',
          visit: landed,
        }
      }
      const visit = await browser.get(new URL(options.signedIn))
      return {
        accepted: visit.status >= 200 && visit.status < 300,
        said: `HTTP ${visit.status} at ${new URL(visit.url).pathname}`,
        visit,
      }
    }

    async function runCase(selftestCase: SelftestCase): Promise<CaseResult> {
      const started = Date.now()
      const current: CaseState = {
        selftestCase,
        request: undefined,
        applied: false,
        sawUserinfo: false,
        replaying: false,
      }
      state = current
      const base = {
        id: selftestCase.id,
        title: selftestCase.title,
        forged: selftestCase.forged,
        expected: selftestCase.expected,
      }
      const browser = new SelftestBrowser()
      try {
        let delivered: Visit[]
        let finalBrowser = browser
        if (selftestCase.journey === 'other-attempt') {
          const other = await runToCallback(new SelftestBrowser(), login, redirectUris)
          await runToCallback(browser, login, redirectUris)
          delivered = await deliverCallback(browser, other.callbackUrl, issuer)
        } else if (selftestCase.journey === 'replay') {
          const first = await runToCallback(browser, login, redirectUris)
          const firstVisits = await deliverCallback(browser, first.callbackUrl, issuer)
          const firstCheck = await signedInCheck(browser, firstVisits.at(-1))
          if (!firstCheck.accepted) {
            throw new JourneyError(
              `the honest sign-in before the replay was not accepted (${firstCheck.said})`,
              browser.visits,
            )
          }
          current.replaying = true
          finalBrowser = first.jarAtCallback
          delivered = await deliverCallback(finalBrowser, first.callbackUrl, issuer)
        } else {
          const { callbackUrl } = await runToCallback(browser, login, redirectUris)
          delivered = await deliverCallback(browser, callbackUrl, issuer)
        }
        const check = await signedInCheck(finalBrowser, delivered.at(-1))
        const callbackSaid = delivered[0] ? `callback HTTP ${delivered[0].status}` : 'no callback'
        const reflectedAt = selftestCase.reflection
          ? [...delivered, ...(check.visit ? [check.visit] : [])].find((visit) =>
              reflects(visit, selftestCase.reflection ?? ''),
            )
          : undefined
        const durationMs = Date.now() - started
        if (selftestCase.expected === 'accepted') {
          return {
            ...base,
            outcome: check.accepted ? 'passed' : 'failed',
            got: `${check.accepted ? 'accepted' : 'refused'} (${callbackSaid}, ${check.said})`,
            ...(!check.accepted && {
              detail: validFailureDetail(delivered, check.visit, current),
            }),
            durationMs,
          }
        }
        if (selftestCase.notApplicableWhenUnused && !current.applied) {
          return {
            ...base,
            outcome: 'not-applicable',
            got: `not applicable: ${selftestCase.notApplicableWhenUnused}`,
            durationMs,
          }
        }
        if (reflectedAt) {
          return {
            ...base,
            outcome: 'failed',
            got: `markup reflected unescaped (HTTP ${reflectedAt.status} at ${new URL(reflectedAt.url).pathname})`,
            detail: `the page at ${reflectedAt.url} contains the error_description markup as is: escape it (or do not show it)`,
            durationMs,
          }
        }
        return {
          ...base,
          outcome: check.accepted ? 'failed' : 'passed',
          got: `${check.accepted ? 'ACCEPTED' : 'refused'} (${callbackSaid}, ${check.said})`,
          ...(check.accepted && {
            detail: `the relying party signed the browser in although the provider's answer was forged (${selftestCase.forged})`,
          }),
          durationMs,
        }
      } catch (error) {
        const visits = error instanceof JourneyError ? error.visits : browser.visits
        const last = visits.at(-1)
        return {
          ...base,
          outcome: selftestCase.expected === 'accepted' ? 'failed' : 'error',
          got: `could not run: ${error instanceof Error ? error.message : String(error)}`,
          detail: `${last ? `last response: HTTP ${last.status} at ${last.url}${last.body ? ` ("${textExcerpt(last.body)}")` : ''}. ` : ''}${journeyHints(visits, current)}`,
          durationMs: Date.now() - started,
        }
      } finally {
        state = undefined
      }
    }

    function journeyHints(visits: readonly Visit[], current: CaseState): string {
      const reachedProvider = visits.some((visit) => new URL(visit.url).origin === issuer)
      if (!reachedProvider)
        return `GET --login never led the browser to the provider: is the relying party's issuer ${issuer}, and does ${login.href} start a sign-in (a redirect to the provider)?`
      if (!current.request)
        return `the provider saw no authorization request from a client in --clients: is the relying party's client_id one of ${[...clientsById.keys()].join(', ')}?`
      return 'the provider did not redirect to a redirect_uri in --clients: does the relying party send exactly the redirect_uri registered there?'
    }

    function validFailureDetail(
      delivered: readonly Visit[],
      signedIn: Visit | undefined,
      current: CaseState,
    ): string {
      const callback = delivered[0]
      const parts: string[] = []
      if (callback && (callback.status >= 400 || (delivered.at(-1)?.status ?? 0) >= 400)) {
        const last = delivered.at(-1) ?? callback
        parts.push(
          `the relying party refused an honest sign-in at its callback (HTTP ${last.status} at ${last.url}: "${textExcerpt(last.body)}").`,
          `Check that its issuer is exactly ${issuer}, that its client_id and keys match --clients, and that its clock is right.`,
        )
      } else if (signedIn) {
        parts.push(
          `the callback went through but --signed-in answered HTTP ${signedIn.status} at ${signedIn.url}${signedIn.location ? ` (to ${signedIn.location})` : ''}.`,
          'Is --signed-in a page that the session --login creates can see (same level, purpose, returnTo)?',
        )
      } else {
        parts.push(
          `the callback landed on ${delivered.at(-1)?.url ?? 'nothing'} (HTTP ${delivered.at(-1)?.status ?? '-'}), which does not match --signed-in ${options.signedIn}.`,
        )
      }
      if (current.request?.minimumLevel !== undefined && current.request.minimumLevel > 2)
        parts.push('The default citizen has level 2; the relying party asked for more.')
      return parts.join(' ')
    }

    // The keys are read before the first case, so a bad key fails here with a clear message.
    providerKeyFor(keys(), { alg: 'ES256' })
    const results: CaseResult[] = []
    for (const selftestCase of cases) {
      const result = await runCase(selftestCase)
      results.push(result)
      options.log?.(`${result.outcome === 'passed' ? 'ok' : result.outcome} ${result.id}: ${result.got}`)
      if (selftestCase.expected === 'accepted' && result.outcome !== 'passed') {
        return {
          issuer,
          results,
          exitCode: 2,
          stopped: `The valid sign-in was not accepted, so no forgery can be judged. ${result.detail ?? result.got}`,
        }
      }
    }
    const exitCode = results.some((r) => r.outcome === 'failed')
      ? 1
      : results.some((r) => r.outcome === 'error')
        ? 2
        : 0
    return { issuer, results, exitCode }
  } finally {
    await proxy.close()
    await idp?.close()
  }
}
