import { z } from 'zod'

/**
 * Why the data is needed, shown on the provider's consent screen (OIDC for Identity Assurance): one
 * Vietnamese text, or the text in both languages. The Vietnamese text is sent as `purpose` (and in the
 * `claims` request: it is what the citizen consents to, and what consent records hold); the English one
 * as `purpose#en`, which the provider shows on its English screens (`ui_locales=en`) instead of the
 * Vietnamese. Each text is 3-300 characters.
 *
 * @example
 * ```ts
 * const before: Purpose = 'Mở tài khoản thanh toán'
 * const both: Purpose = { vi: 'Mở tài khoản thanh toán', en: 'Opening a payment account' }
 * await eid.signIn({ level: 2, attributes: ['address'] as const, purpose: both })
 * ```
 */
export type Purpose = string | { readonly vi: string; readonly en: string }

const EXPECTED = 'expected the purpose as a text or as { vi, en }, each 3-300 characters'

/** A purpose text: 3-300 characters once trimmed. */
function text(what: string) {
  const error = `expected ${what} as a text of 3-300 characters`
  return z.string({ error }).trim().min(3, { error }).max(300, { error })
}

/**
 * Validates a {@link Purpose} and gives `{ vi, en? }`: a string is the Vietnamese text alone. An object
 * with other keys, or a missing or bad `vi` / `en`, is refused with the expected shape named.
 */
export const purposeSchema = z
  .union(
    [
      text('the purpose'),
      z.strictObject(
        { vi: text('the Vietnamese purpose'), en: text('the English purpose') },
        { error: EXPECTED },
      ),
    ],
    { error: EXPECTED },
  )
  .transform((purpose): { vi: string; en?: string } =>
    typeof purpose === 'string' ? { vi: purpose } : { vi: purpose.vi, en: purpose.en },
  )

/** The authorization parameters for a validated purpose: `purpose` (Vietnamese) and `purpose#en` when given. */
export function purposeParams(purpose: { vi: string; en?: string } | undefined): Record<string, string> {
  if (purpose === undefined) return {}
  return { purpose: purpose.vi, ...(purpose.en !== undefined && { 'purpose#en': purpose.en }) }
}
