/** Markup that is already safe: the result of {@link html}, or a constant wrapped with {@link raw}. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for an HTML text node or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(value)
}

/**
 * A template tag that escapes every interpolated value (citizen data included) unless it is already
 * {@link SafeHtml}; arrays are joined; `undefined`, `null` and `false` render as nothing.
 *
 * @example
 * ```ts
 * const row = html`<td>${citizen.fullName}</td>`
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '')
  })
  return new SafeHtml(out)
}

/** Marks a trusted constant as markup (never call it with data from a request or a citizen record). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}
