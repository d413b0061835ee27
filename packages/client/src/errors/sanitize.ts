/**
 * Strips control characters (including NUL and bidi overrides) from provider-supplied text and caps its
 * length. It does not HTML-escape: the text stays data, and whoever renders it escapes it.
 */
export function sanitizeProviderText(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').trim()
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned
}

/**
 * Provider text fit to quote inside an error message: control characters stripped (as
 * {@link sanitizeProviderText}), markup removed (tags, then any stray angle bracket or quote), whitespace
 * collapsed and the length capped, so a log line or an HTML page that shows the message never carries the
 * provider's markup.
 */
export function plainProviderText(text: string, max: number): string {
  const plain = sanitizeProviderText(text, max * 4)
    .replace(/<[^>]*>?/g, ' ')
    .replace(/[<>"`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return plain.length > max ? `${plain.slice(0, max)}…` : plain
}
