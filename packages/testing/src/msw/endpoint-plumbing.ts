import { delay, HttpResponse } from 'msw'
import { authenticateClient, ClientAuthenticationError, type MockEidClient } from './client-authentication.js'
import { recordRequest } from './recorded-requests.js'
import type { MockEidEndpoint } from './scenarios.js'
import type { MockEidState, TokenGrant } from './state.js'

/** An OAuth error response (RFC 6749 §5.2), never cached. */
export const oauthError = (error: string, description: string, status = 400) =>
  HttpResponse.json(
    { error, error_description: description },
    { status, headers: { 'cache-control': 'no-store' } },
  )

/** The page a browser sees when the provider cannot trust the redirect target (RFC 6749 §4.1.2.1). */
export const errorPage = (description: string) =>
  new HttpResponse(`<!doctype html><title>Lỗi</title><p>${description}</p>`, {
    status: 400,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  })

/** A bearer-token refusal (RFC 6750 §3), naming the missing scope if any. */
export const unauthorized = (scope?: string) =>
  HttpResponse.json(
    { error: 'invalid_token' },
    {
      status: 401,
      headers: { 'www-authenticate': `Bearer error="invalid_token"${scope ? `, scope="${scope}"` : ''}` },
    },
  )

/** The lowest level in `acr_values` (1 when none), as the mock provider reads it. */
export function requiredLevel(acrValues: string | null): 1 | 2 {
  const levels = (acrValues ?? '').split(' ').filter((v) => v === '1' || v === '2')
  return levels.includes('1') || levels.length === 0 ? 1 : 2
}

/**
 * Every handler passes through here: the request is recorded (`eid.requests()`), `server_error` and `slow`
 * apply to any endpoint, and `tamper.nextResponse` may replace the answer.
 */
export function guarded<T extends { request: Request }>(
  state: MockEidState,
  name: MockEidEndpoint,
  handler: (info: T) => Promise<Response> | Response,
): (info: T) => Promise<Response> {
  return async (info) => {
    const copy = info.request.clone()
    await recordRequest(state.requests, name, info.request)
    const response = await answer(state, name, () => handler(info))
    const replace = state.tamper.takeResponse(name)
    return replace ? replace(response, copy) : response
  }
}

async function answer(
  state: MockEidState,
  name: MockEidEndpoint,
  handle: () => Promise<Response> | Response,
): Promise<Response> {
  const slow = state.board.takeForEndpoint('slow', name)
  if (slow) await delay(slow.delayMs ?? 10_000)
  const failure = state.board.takeForEndpoint('server_error', name)
  if (failure) {
    return HttpResponse.json({ error: 'server_error' }, { status: failure.status ?? 500 })
  }
  return handle()
}

export async function formOf(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text())
}

/** The authenticated client of a request, or the `invalid_client` response to send back. */
export async function clientOf(
  state: MockEidState,
  request: Request,
  body: URLSearchParams,
): Promise<MockEidClient | Response> {
  try {
    return await authenticateClient(request, body, state)
  } catch (error) {
    if (error instanceof ClientAuthenticationError) return oauthError('invalid_client', error.message, 401)
    throw error
  }
}

export function redirectUriAllowed(client: MockEidClient, redirectUri: string | null): redirectUri is string {
  if (redirectUri === null || !URL.canParse(redirectUri)) return false
  return client.redirectUris === undefined || client.redirectUris.includes(redirectUri)
}

/** The live grant of the request's bearer access token, holding `scope` if given. */
export function bearerGrant(state: MockEidState, request: Request, scope?: string): TokenGrant | undefined {
  const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(request.headers.get('authorization') ?? '')
  const grant = match?.[1] ? state.accessTokens.get(match[1]) : undefined
  if (!grant || grant.expiresAt < state.clock.now()) return undefined
  if (scope !== undefined && !grant.scope.split(' ').includes(scope)) return undefined
  return grant
}
