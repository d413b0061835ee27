import type { SyntheticCitizen } from '@dinhdanh/testing'
import { type Lang, messages } from '../views/i18n.js'

/**
 * The level an authorization request requires: the lowest recognised value of `acr_values` (or of an
 * essential `acr` in the `claims` parameter); 1 when none is given.
 *
 * @example
 * ```ts
 * requiredLevel({ acr_values: '2' }) // 2
 * requiredLevel({}) // 1
 * ```
 */
export function requiredLevel(params: Readonly<Record<string, unknown>>): 1 | 2 {
  const lowest = (values: readonly string[]): 1 | 2 | undefined => {
    const levels = values.filter((v) => v === '1' || v === '2').map(Number) as (1 | 2)[]
    return levels.length === 0 ? undefined : (Math.min(...levels) as 1 | 2)
  }
  // An essential acr in the claims parameter is a requirement; acr_values only a preference
  // (and may be the client's default_acr_values), so the essential claim wins.
  if (typeof params.claims === 'string') {
    try {
      const acr = (
        JSON.parse(params.claims) as {
          id_token?: { acr?: { essential?: boolean; value?: string; values?: string[] } }
        }
      ).id_token?.acr
      const essential = acr?.essential
        ? lowest([...(acr.values ?? []), ...(acr.value ? [acr.value] : [])])
        : undefined
      if (essential) return essential
    } catch {
      // oidc-provider has already rejected a malformed claims parameter.
    }
  }
  return (typeof params.acr_values === 'string' ? lowest(params.acr_values.split(' ')) : undefined) ?? 1
}

/**
 * Why a citizen cannot sign in at all, if so (shared by the passcode, QR, phone, portal and CIBA
 * sign-ins). A citizen without a mobile number of their own (every child under 14 in the population) is
 * refused too: the one-time code has nowhere to go, and in reality such a child's e-ID account is used
 * through a parent's or guardian's account (Decree 69/2024), which this mock does not simulate.
 *
 * @example
 * ```ts
 * const problem = accountProblem(population.find(personalId), 'vi')
 * if (problem) return again(problem)
 * ```
 */
export function accountProblem(citizen: SyntheticCitizen | undefined, lang: Lang): string | undefined {
  const t = messages(lang)
  if (!citizen) return t.wrongCredentials
  switch (citizen.account.status) {
    case 'active':
      if (citizen.level === 0) return t.noAccount
      return citizen.phone === undefined ? NO_OWN_PHONE[lang] : undefined
    case 'pending_activation':
      return t.accountPending
    case 'locked':
      return t.accountLocked
    case 'revoked':
      return t.accountRevoked
    default:
      return t.noAccount
  }
}

/** The refusal for a citizen with no mobile number of their own (kept here, with the rule it explains). */
const NO_OWN_PHONE: Readonly<Record<Lang, string>> = {
  vi: 'Tài khoản này không có số điện thoại riêng để nhận mã: trẻ em dưới 14 tuổi sử dụng tài khoản định danh điện tử qua tài khoản của cha, mẹ hoặc người giám hộ. Môi trường thử nghiệm này không mô phỏng người giám hộ; hãy dùng công dân từ 14 tuổi trở lên.',
  en: 'This account has no mobile number of its own to receive the code: children under 14 use their e-ID through a parent’s or guardian’s account. This test provider does not simulate guardians; use a citizen aged 14 or over.',
}
