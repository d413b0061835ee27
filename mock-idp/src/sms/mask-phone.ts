/**
 * A phone number as the code screens show it: the first three and last three digits.
 *
 * @example
 * ```ts
 * maskPhone('0912345678') // '091******678'
 * ```
 */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}******${phone.slice(-3)}`
}
