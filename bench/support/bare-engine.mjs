// The bare baseline of the provider benches, shared by bare-provider.mjs (auto-approved) and
// bare-provider-forms.mjs (screens), so both run one configuration: oidc-provider 9 with the mock's
// protocol features (PAR, PKCE, private_key_jwt, ES256 ID tokens, userinfo, refresh tokens), listening on
// 127.0.0.1 on a free port. The caller adds its interaction and prints "ready at <issuer>".

import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

/** Starts the bare engine for the clients in `clientsFile` (JSON); requests are not served until the caller adds a `request` listener. */
export async function startBareEngine(clientsFile) {
  const clients = JSON.parse(readFileSync(clientsFile, 'utf8'))
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${server.address().port}`
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bare-1', alg: 'ES256', use: 'sig' }
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: `Citizen ${sub}` }) }),
    claims: { openid: ['sub'], identity: ['name'] },
    scopes: ['openid', 'identity', 'offline_access'],
    pkce: { required: () => true },
    features: {
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      userinfo: { enabled: true },
      devInteractions: { enabled: false },
    },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['ES256'], idTokenSigningAlgValues: ['ES256'] },
    issueRefreshToken: async () => true,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['bare-provider-cookie-key-0123456789'] },
  })
  provider.proxy = true
  return { server, issuer, provider, callback: provider.callback() }
}
