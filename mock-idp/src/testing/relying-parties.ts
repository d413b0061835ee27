import { createClient, type EidClient } from '@dinhdanh/client'
import { type TestClient, testClient } from '@dinhdanh/test/support/clients.js'
import type { MockIdpOptions } from '../options.js'
import { createMockIdp, type MockIdp } from '../server.js'

/** A mock provider on a free loopback port with registered test relying parties and SDK clients for them. */
export interface ProviderWithRelyingParties {
  idp: MockIdp
  rps: TestClient[]
  clients: EidClient[]
}

/**
 * Starts a provider (memory store, silent) with one registered client per spec, and an `@dinhdanh/client`
 * for each (tests only).
 */
export async function startWithRelyingParties(
  specs: readonly { clientId: string; clientName: string }[],
  options: MockIdpOptions = {},
): Promise<ProviderWithRelyingParties> {
  const rps = await Promise.all(
    specs.map((spec) => testClient(spec.clientId, { client_name: spec.clientName })),
  )
  const idp = await createMockIdp({
    port: 0,
    store: 'memory',
    logLevel: 'silent',
    ...options,
    clients: rps.map((rp) => rp.metadata),
  })
  const clients = await Promise.all(
    rps.map((rp) =>
      createClient({
        issuer: idp.url,
        clientId: rp.metadata.client_id,
        clientAuth: { method: 'private_key_jwt', privateJwk: rp.privateJwk },
        redirectUri: rp.redirectUri,
      }),
    ),
  )
  return { idp, rps, clients }
}
