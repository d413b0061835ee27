import type { Jwk } from '@dinhdanh/client'
import { exportJWK, generateKeyPair } from 'jose'

/** A relying party registered with a test provider: its metadata and its private key. */
export interface TestClient {
  metadata: Record<string, unknown> & { client_id: string; redirect_uris: string[] }
  privateJwk: Jwk
  redirectUri: string
}

/** A `private_key_jwt` client with a fresh ES256 key (tests only). */
export async function testClient(
  clientId = 'test-rp',
  extra: Record<string, unknown> = {},
): Promise<TestClient> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const kid = `${clientId}-key`
  const redirectUri = `http://127.0.0.1:9/${clientId}/callback`
  return {
    metadata: {
      client_id: clientId,
      client_name: `Test RP ${clientId}`,
      redirect_uris: [redirectUri],
      grant_types: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:openid:params:grant-type:ciba',
      ],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      backchannel_token_delivery_mode: 'poll',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
      ...extra,
    },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' } as Jwk,
    redirectUri,
  }
}
