import type { Lang } from '../views/i18n.js'

/**
 * The language-tagged names a relying party may register (OpenID Connect Dynamic Client Registration
 * §2.1: `client_name#en`), besides the untagged `client_name`, which is Vietnamese.
 */
export const LOCALIZED_CLIENT_METADATA = ['client_name#vi', 'client_name#en'] as const

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)

/**
 * The name citizens see for a relying party, in the screen's language: `client_name#<lang>`, else
 * `client_name` (Vietnamese, the default), else the client id.
 *
 * @example
 * ```ts
 * clientDisplayName({ client_id: 'bank', client_name: 'Ngân hàng Demo', 'client_name#en': 'Demo Bank' }, 'en') // 'Demo Bank'
 * ```
 */
export function clientDisplayName(metadata: Record<string, unknown>, lang: Lang): string {
  return (
    text(metadata[`client_name#${lang}`]) ??
    text(metadata.client_name) ??
    text(metadata['client_name#vi']) ??
    String(metadata.client_id ?? '')
  )
}

/**
 * The purpose of a request in the screen's language: `purpose#en` on an English screen when the relying
 * party sent one, else the (Vietnamese) `purpose`.
 *
 * @example
 * ```ts
 * purposeIn({ purpose: 'Mở tài khoản', 'purpose#en': 'Opening an account' }, 'en') // 'Opening an account'
 * ```
 */
export function purposeIn(params: Record<string, unknown>, lang: Lang): string | undefined {
  return (lang === 'en' ? text(params['purpose#en']) : undefined) ?? text(params.purpose)
}
