import { createHash } from 'node:crypto'
import { type AttributeName, attributeCatalogue } from '@dinhdanh/client/schemas'

/**
 * The consent text the kit "shows" (it has no screens): the relying party, the purpose and each
 * attribute's label, in Vietnamese. Stored in full on the consent record, hashed in the receipt.
 */
export function consentText(clientId: string, purpose: string, attributes: readonly AttributeName[]): string {
  return [
    `${clientId} yêu cầu chia sẻ thông tin`,
    `Mục đích: ${purpose || '(không nêu)'}`,
    ...attributes.map((name) => `- ${attributeCatalogue[name].label.vi}`),
  ].join('\n')
}

/** base64url SHA-256 of a consent text, as the receipt's `text_sha256` carries it. */
export function consentTextDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url')
}
