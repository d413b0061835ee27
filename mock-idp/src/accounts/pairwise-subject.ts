import { createHash, createHmac } from 'node:crypto'

/**
 * The pairwise subject of a citizen at a relying party: an HMAC keyed by the population seed, so it is
 * stable across restarts and processes, differs per client, and reveals nothing about the ID number.
 *
 * @example
 * ```ts
 * const sub = pairwiseSubject(seed, accountId, sectorOf(client))
 * ```
 */
export function pairwiseSubject(seed: string, accountId: string, sector: string): string {
  const key = createHash('sha256').update(`dinhdanh:pairwise:${seed}`).digest()
  return createHmac('sha256', key).update(`${sector}|${accountId}`).digest('base64url')
}

/**
 * The sector a client's pairwise subjects belong to: its sector identifier, else the host of its (first)
 * redirect URI.
 *
 * @example
 * ```ts
 * sectorOf({ redirectUris: ['https://bank.example/callback'] }) // 'bank.example'
 * ```
 */
export function sectorOf(client: { redirectUris?: readonly string[]; sectorIdentifier?: unknown }): string {
  if (typeof client.sectorIdentifier === 'string') return client.sectorIdentifier
  const first = client.redirectUris?.[0]
  return first ? new URL(first).host : 'unknown'
}
