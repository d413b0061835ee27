// keys.ts: run it once, `npx tsx keys.ts`. It writes clients.json (your registration with the mock
// provider, with your PUBLIC key) and .env (your PRIVATE key and a session secret: never commit it).
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { exportJWK, generateKeyPair } from 'jose'

// A new kid for every key pair: the provider picks your key by kid, which is what makes rotation work.
const kid = `my-shop-${new Date().toISOString().slice(0, 10)}`
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' }

const registration = {
  client_id: 'my-shop',
  client_name: 'Cửa hàng của tôi',
  redirect_uris: ['http://localhost:3000/auth/callback'],
  post_logout_redirect_uris: ['http://localhost:3000/'],
  token_endpoint_auth_method: 'private_key_jwt',
  grant_types: ['authorization_code', 'refresh_token'],
  jwks: { keys: [publicJwk] },
}
writeFileSync('clients.json', `${JSON.stringify([registration], null, 2)}\n`)
writeFileSync(
  '.env',
  `EID_PRIVATE_JWK='${JSON.stringify(privateJwk)}'\nSESSION_SECRET=${randomBytes(36).toString('base64url')}\n`,
  { mode: 0o600 },
)
console.log('Wrote clients.json (register it with the provider) and .env (keep it secret).')
