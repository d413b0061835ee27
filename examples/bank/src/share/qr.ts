import QRCode from 'qrcode'

/**
 * A QR code of the transaction's link as an SVG (drawn server-side: the CSP allows no script). The SVG
 * holds paths only, no text.
 *
 * @example
 * ```ts
 * const svg = await qrSvg(transaction.qrPayload)
 * ```
 */
export function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
}
