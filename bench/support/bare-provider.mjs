// Bare oidc-provider 9 with the mock's protocol features (PAR, PKCE, private_key_jwt, ES256 ID tokens,
// userinfo, refresh tokens) and an interaction that approves at once (the login_hint is the account).
// Usage: node bench/support/bare-provider.mjs <clients.json>; prints "ready at <url>".

import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const clients = JSON.parse(readFileSync(process.argv[2], 'utf8'))
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
const callback = provider.callback()
server.on('request', async (req, res) => {
  if (!req.url.startsWith('/interaction/')) return callback(req, res)
  try {
    const details = await provider.interactionDetails(req, res)
    const accountId = String(details.params.login_hint ?? 'anonymous')
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope))
    const grantId = await grant.save()
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    )
  } catch (error) {
    res.statusCode = 500
    res.end(String(error))
  }
})
process.stdout.write(`ready at ${issuer}\n`)
