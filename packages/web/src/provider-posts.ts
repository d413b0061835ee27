import type { ConsentWithdrawnEvent, EidClient, LogoutTarget } from '@dinhdanh/client'
import { isEidError } from '@dinhdanh/client'
import { json, readForm, readText } from './http.js'
import type { ResolvedEidCoreOptions } from './options.js'
import type { Sessions } from './sessions.js'

/** Codes that say the provider (its keys) could not be reached: worth a retry, unlike a bad token. */
const UNREACHABLE: ReadonlySet<string> = new Set(['ERR_EID_NETWORK', 'ERR_EID_DISCOVERY'])

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
 * verify is 400 and changes nothing; a failing store or hook is the app's problem (thrown), and the
 * token's `jti` is released again, so the provider's next delivery of the same token is accepted rather
 * than refused as a replay (the event is not lost while the session store is down).
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
  // A token that does not verify is 400 (the provider must not send it again). What `apply` throws (the
  // store's or the app's), a provider we could not reach for its keys, or anything untyped is thrown: the
  // adapter answers 5xx and the provider delivers again, which the released `jti` lets through.
  let applying = false
  let applied = false
  const retryable = (error: unknown) => applying || !isEidError(error) || UNREACHABLE.has(error.code)
  if (kind === 'logout') {
    const form = await readForm(request, 16 * 1024)
    try {
      const target = await client.verifyLogoutToken(form.get('logout_token') ?? undefined, {
        apply: async (verified: LogoutTarget) => {
          applying = true
          await sessions.end(verified)
          applied = true
        },
      })
      // A client that does not call `apply` (a wrapper that drops the option) still ends the sessions.
      if (!applied) await sessions.end(target)
    } catch (error) {
      if (retryable(error) || !isEidError(error)) throw error
      warn(`back-channel logout refused (${error.code})`)
      return json(400, { error: 'invalid_request', error_description: 'the logout token did not verify' })
    }
    return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } })
  }
  const typed = EVENT_TYPES.test(request.headers.get('content-type') ?? '')
  const body = typed ? (await readText(request, 32 * 1024)).trim() : undefined
  const withdraw = async (event: ConsentWithdrawnEvent) => {
    await sessions.withdraw(event.subject, event.attributes)
    await options.onConsentWithdrawn?.(event, native)
  }
  try {
    const event = await client.verifySecurityEvent(body, {
      apply: async (verified: ConsentWithdrawnEvent) => {
        applying = true
        await withdraw(verified)
        applied = true
      },
    })
    if (!applied) await withdraw(event)
  } catch (error) {
    if (retryable(error) || !isEidError(error)) throw error
    warn(`consent event refused (${error.code})`)
    // RFC 8935 section 2.3: an error object with `err` and `description`.
    return json(400, { err: 'invalid_request', description: 'the security event did not verify' })
  }
  return new Response(null, { status: 202 })
}
