/**
 * Reading pages the way a test needs to: a field's value, a form's action and hidden fields, the text
 * without tags. Regular expressions over the HTML the servers of this repository write (attributes in
 * double quotes); not an HTML parser.
 */

/** Anything with a body: a {@link Page} or the HTML itself. */
type Source = string | { body: string }

const htmlOf = (source: Source) => (typeof source === 'string' ? source : source.body)

/**
 * Decodes the character references the servers write in attribute values and text.
 *
 * @example
 * ```ts
 * decodeEntities('Nguy&#7877;n &amp; con') // 'Nguyễn & con'
 * ```
 */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}

/** The `name`/`value` pairs of the `<input>` and `<button>` tags in `html` that have both. */
function controls(html: string): { tag: string; type: string; name: string; value: string }[] {
  return [...html.matchAll(/<(?:input|button)\b[^>]*>/gi)].flatMap(([tag]) => {
    const name = /\sname="([^"]*)"/i.exec(tag)?.[1]
    const value = /\svalue="([^"]*)"/i.exec(tag)?.[1]
    if (name === undefined || value === undefined) return []
    const type = (/\stype="([^"]*)"/i.exec(tag)?.[1] ?? 'text').toLowerCase()
    return [{ tag, type, name: decodeEntities(name), value: decodeEntities(value) }]
  })
}

/**
 * The value of the first `<input>` (or `<button>`) named `name` in a page (`csrf`, `_csrf`, `xsrf`);
 * throws naming the field when there is none, so a test fails where the page is wrong.
 *
 * @example
 * ```ts
 * const csrf = fieldValue(page, 'csrf')
 * await browser.post(new URL('/consent', page.url), { csrf, decision: 'allow' })
 * ```
 */
export function fieldValue(source: Source, name: string): string {
  const found = controls(htmlOf(source)).find((control) => control.name === name)
  if (found === undefined) throw new Error(`no field named ${name} in the page: ${describe(source)}`)
  return found.value
}

function describe(source: Source): string {
  const head = typeof source === 'string' ? '' : `${String((source as { url?: unknown }).url ?? '')} `
  return `${head}${htmlOf(source).replace(/\s+/g, ' ').slice(0, 300)}`
}

/**
 * A form of a page: where it posts, how, and its hidden fields.
 *
 * @example
 * ```ts
 * const form: FormInfo = findForm(page, /\/consent$/)
 * form.hidden.csrf
 * ```
 */
export interface FormInfo {
  /** The `action` attribute as written (resolve it against the page's URL). */
  action: string
  method: string
  /** Every hidden input of the form, by name (the last one wins when a name repeats). */
  hidden: Record<string, string>
  /** The whole `<form ...>...</form>` markup. */
  html: string
}

/**
 * The first form whose `action` matches (a string: equal to it or ending with it; a RegExp: tested), or
 * the first form when `action` is omitted, or one chosen by a predicate. Throws when none matches.
 *
 * @example
 * ```ts
 * const logout = findForm(page, (form) => form.html.includes('id="op.logoutForm"'))
 * ```
 */
export function findForm(source: Source, action?: string | RegExp | ((form: FormInfo) => boolean)): FormInfo {
  const forms = [...htmlOf(source).matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map(([html]) => {
    const open = /<form\b[^>]*>/i.exec(html)?.[0] ?? ''
    const hidden = Object.fromEntries(
      controls(html)
        .filter((control) => control.type === 'hidden')
        .map((control) => [control.name, control.value]),
    )
    return {
      action: decodeEntities(/\saction="([^"]*)"/i.exec(open)?.[1] ?? ''),
      method: (/\smethod="([^"]*)"/i.exec(open)?.[1] ?? 'get').toLowerCase(),
      hidden,
      html,
    }
  })
  const matches = (form: FormInfo) =>
    action === undefined ||
    (typeof action === 'string'
      ? form.action === action || form.action.endsWith(action)
      : action instanceof RegExp
        ? action.test(form.action)
        : action(form))
  const form = forms.find(matches)
  if (!form)
    throw new Error(
      `no form ${action === undefined ? '' : `matching ${String(action)} `}in: ${describe(source)}`,
    )
  return form
}

/**
 * The text of a page without tags, scripts or styles, character references decoded and whitespace
 * collapsed: for `toContain` assertions on what a person reads. {@link Page}'s `text` is this.
 *
 * @example
 * ```ts
 * expect(textOf(page)).toContain('Đăng nhập thành công')
 * ```
 */
export function textOf(source: Source): string {
  return decodeEntities(
    htmlOf(source)
      .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}
