/** Starts the bank: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { createClient, type EidClient } from '@dinhdanh/client'
import {
  connectToProvider,
  type EidProfile,
  loadConfig,
  loadSiteConfig,
  loadVneidSettings,
  pkcs1DecryptionSupported,
  profileOf,
  type SiteConfig,
  VNEID_PLAIN_NOTE,
  vneidClientOptions,
} from 'dinhdanh-example-shared'
import { createApp } from './app.js'
import { prepareDatabaseFile } from './store.js'

const defaults = { PORT: '3001', EID_CLIENT_ID: 'demo-bank' }
let config: SiteConfig
let profile: EidProfile
let client: EidClient
try {
  profile = profileOf(process.env)
  if (profile === 'vneid') {
    // The VNeID dialect (docs/vneid-dialect.md): a client secret, and an RSA key when encryption is on.
    config = loadSiteConfig(process.env, defaults)
    const settings = loadVneidSettings(process.env)
    if (settings.envelopeKey === undefined) {
      console.warn(
        pkcs1DecryptionSupported()
          ? 'VNeID dialect in plain mode: no EID_ENVELOPE_KEY_FILE, so the provider must have "encrypt": false for this client.'
          : VNEID_PLAIN_NOTE,
      )
    }
    // No discovery in the dialect: nothing to wait for. On Node.js 20 an envelope key is refused here
    // with ERR_EID_UNSUPPORTED, which says to use Node.js 22 or later.
    client = await createClient(vneidClientOptions(config, settings))
    console.log(
      `VNeID dialect (${settings.envelopeKey === undefined ? 'plain' : 'encrypted'}): identity only; online account opening and transfers over 10,000,000 VND are explained as unavailable`,
    )
  } else {
    const standard = loadConfig(process.env, defaults)
    config = standard
    client = await connectToProvider(
      {
        issuer: standard.issuer,
        clientId: standard.clientId,
        clientAuth: { method: 'private_key_jwt', privateJwk: standard.privateJwk },
        redirectUri: `${standard.baseUrl}/auth/callback`,
      },
      { log: (message) => console.warn(message) },
    )
  }
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

// The bank's records (accounts, customer data, consent receipts, transfers) survive restarts. They hold
// personal data: the folder is created with mode 0700, the file (and its -wal/-shm) get mode 0600.
const databaseFile = process.env.BANK_DB_FILE || '.data/bank.sqlite'
prepareDatabaseFile(databaseFile)

const server = createApp({ client, config, databaseFile, profile }).listen(
  config.port,
  process.env.HOST ?? '127.0.0.1',
  () => {
    console.log(`Ngân hàng Sen Vàng (bank example) on ${config.baseUrl}`)
  },
)
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
