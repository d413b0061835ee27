import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClient, type EidClient, type SignInResult } from '@dinhdanh/client'
import { citizenWithPersona, randomPersonalId } from '@dinhdanh/testing'
import { followToRedirectUri } from '@dinhdanh/testing/browser'
import { type TestClient, testClient } from './clients.js'

/**
 * Personal ID numbers of generated citizens with an active level-2 account (they can sign in at either
 * level), drawn deterministically from `seed`.
 *
 * @example
 * ```ts
 * const [first, second] = signInCitizens('soak', 2)
 * ```
 */
export function signInCitizens(seed: string, count: number): string[] {
  const ids: string[] = []
  for (let index = 0; ids.length < count; index++) {
    const id = randomPersonalId(seed, index, { minAge: 20, maxAge: 70 })
    const citizen = citizenWithPersona(id)
    if (citizen?.level === 2 && citizen.account.status === 'active') ids.push(id)
  }
  return ids
}

/**
 * A relying party registered with a mock provider started as a process: its client (with offline access
 * for refreshes) written to a `--clients` file in `dir`.
 *
 * @example
 * ```ts
 * const rp = await loadTestClient(dir)
 * const idp = await startMockIdpProcess(['--clients', rp.clientsFile])
 * ```
 */
export async function loadTestClient(
  dir: string,
  clientId = 'load-rp',
  extra: Record<string, unknown> = {},
): Promise<TestClient & { clientsFile: string }> {
  const rp = await testClient(clientId, extra)
  const clientsFile = join(dir, `${clientId}-clients.json`)
  writeFileSync(clientsFile, JSON.stringify([rp.metadata]))
  return { ...rp, clientsFile }
}

/**
 * The SDK configured for `rp` at `issuer`.
 *
 * @example
 * ```ts
 * const eid = await sdkFor(idp.url, rp)
 * ```
 */
export function sdkFor(issuer: string, rp: TestClient): Promise<EidClient> {
  return createClient({
    issuer,
    clientId: rp.metadata.client_id,
    clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
    redirectUri: rp.redirectUri,
    http: { timeoutMs: 5_000, retries: 0 },
  })
}

/**
 * One auto-approved sign-in of `personalId` (the provider runs with `--auto-approve`), sharing health
 * insurance (the provider issues a refresh token).
 *
 * @example
 * ```ts
 * const result = await autoApprovedSignIn(eid, rp, personalId, 2)
 * ```
 */
export async function autoApprovedSignIn(
  eid: EidClient,
  rp: TestClient,
  personalId: string,
  level: 1 | 2,
): Promise<SignInResult<readonly ['health_insurance']>> {
  const { url, transaction } = await eid.signIn({
    level,
    attributes: ['health_insurance'] as const,
    purpose: 'Khám bệnh có BHYT',
    loginHint: personalId,
  })
  const callback = await followToRedirectUri(url, rp.redirectUri)
  return eid.completeSignIn(callback, transaction)
}
