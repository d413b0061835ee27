// Bare oidc-provider 9 with the mock's protocol features (bare-engine.mjs) and an interaction that approves
// at once (the login_hint is the account).
// Usage: node bench/support/bare-provider.mjs <clients.json>; prints "ready at <url>".

import { startBareEngine } from './bare-engine.mjs'

const { server, issuer, provider, callback } = await startBareEngine(process.argv[2])
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
