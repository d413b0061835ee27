import type { AttributeName } from '@dinhdanh/client'
import { ATTRIBUTE_NAMES } from '@dinhdanh/client/schemas'
import { text } from './http.js'
import type { ResolvedEidCoreOptions } from './options.js'
import { safeReturnTo } from './return-to.js'
import type { SignInNeed } from './sign-in.js'

/**
 * Reads `/auth/login?level=&attributes=&returnTo=` into what to ask the provider for, or a 400 response.
 * The purpose never comes from the query (a link could otherwise put any text on the consent screen
 * under this app's name), and attributes only from the app's `queryAttributes` (finding 7 of #12).
 *
 * @example
 * ```ts
 * const need = loginNeed(new URL(request.url).searchParams, options)
 * if (need instanceof Response) return need
 * ```
 */
export function loginNeed<N>(
  query: URLSearchParams,
  options: ResolvedEidCoreOptions<N>,
): SignInNeed | Response {
  const levels = query.getAll('level')
  const level =
    levels.length > 1
      ? undefined
      : levels[0] === '2'
        ? 2
        : levels[0] === '1' || levels[0] === undefined
          ? (options.defaults?.level ?? 1)
          : undefined
  const asked = query.getAll('attributes')
  const names =
    asked.length === 1 && asked[0] !== ''
      ? [...new Set(asked[0]?.split(','))]
      : asked.length > 1
        ? ['']
        : undefined
  const attributes = names ?? [...(options.defaults?.attributes ?? [])]
  if (level === undefined || !attributes.every((n) => (ATTRIBUTE_NAMES as readonly string[]).includes(n))) {
    return text(
      400,
      'Bad sign-in request: level must be 1 or 2, attributes a comma-separated list of known attributes.',
    )
  }
  const allowed = new Set<string>(['identity', ...(options.queryAttributes ?? [])])
  const refused = (names ?? []).filter((name) => !allowed.has(name))
  if (refused.length > 0) {
    return text(
      400,
      `Bad sign-in request: this app does not let a link ask for ${refused.join(', ')}. Expected only ${
        allowed.size > 1 ? [...allowed].join(', ') : 'identity (no other attribute is allowed in links)'
      }; declare more in the options' queryAttributes if the app needs them.`,
    )
  }
  const returnTo = query.getAll('returnTo')
  const purpose = options.defaults?.purpose
  return {
    level,
    // The login route always signs a citizen in, whoever holds the cookie (R41): identity included.
    attributes: ['identity', ...(attributes as AttributeName[])],
    ...(purpose !== undefined && { purpose }),
    returnTo: safeReturnTo(returnTo.length === 1 ? returnTo[0] : undefined),
    anyCitizen: true,
  }
}
