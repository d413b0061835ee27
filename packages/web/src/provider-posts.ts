import type { ConsentWithdrawnEvent, EidClient, LogoutTarget } from '@dinhdanh/client'
import { isEidError } from '@dinhdanh/client'
import { json, readForm, readText } from './http.js'
import type { ResolvedEidCoreOptions } from './options.js'
import type { Sessions } from './sessions.js'

const EVENT_TYPES = /^(application\/secevent\+jwt|application\/jwt|text\/plain)\b/i

/** What the provider's own POSTs need. */
export interface ProviderPostParts<N> {
  client: EidClient
  options: ResolvedEidCoreOptions<N>
  sessions: Sessions
  native: N
}

/**
 * The provider's POSTs: a back-channel logout token (form field `logout_token`, 200 when it verifies and
 * the sessions are ended) and a consent-withdrawal Security Event Token (202). Anything that does not
 * verify is 400 and changes nothing; a failing store or hook is the app's problem (thrown).
 *
 * @example
 * ```ts
 * return handleProviderPost('logout', request, { client, options, sessions, native })
 * ```
 */
export async function handleProviderPost<N>(
  kind: 'logout' | 'consent',
  request: Request,
  { client, options, sessions, native }: ProviderPostParts<N>,
): Promise<Response> {
  const warn = options.log ?? ((message: string) => console.warn(message))
  if (kind === 'logout') {
    const form = await readForm(request, 16 * 1024)
    let target: LogoutTarget
    try {
      target = await client.verifyLogoutToken(form.get('logout_token') ?? undefined)
    } catch (error) {
      warn(`back-channel logout refused (${isEidError(error) ? error.code : 'error'})`)
      return json(400, { error: 'invalid_request', error_description: 'the logout token did not verify' })
    }
    await sessions.end(target)
    return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } })
  }
  const typed = EVENT_TYPES.test(request.headers.get('content-type') ?? '')
  const body = typed ? (await readText(request, 32 * 1024)).trim() : undefined
  let event: ConsentWithdrawnEvent
  try {
    event = await client.verifySecurityEvent(body)
  } catch (error) {
    warn(`consent event refused (${isEidError(error) ? error.code : 'error'})`)
    // RFC 8935 section 2.3: an error object with `err` and `description`.
    return json(400, { err: 'invalid_request', description: 'the security event did not verify' })
  }
  await sessions.withdraw(event.subject, event.attributes)
  await options.onConsentWithdrawn?.(event, native)
  return new Response(null, { status: 202 })
}
