/** Starts the bank: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { connectToProvider, loadConfig } from 'dinhdanh-example-shared'
import { createApp } from './app.js'
import { prepareDatabaseFile } from './store.js'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig(process.env, { PORT: '3001', EID_CLIENT_ID: 'demo-bank' })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

// The bank's records (accounts, customer data, consent receipts, transfers) survive restarts. They hold
// personal data: the folder is created with mode 0700, the file (and its -wal/-shm) get mode 0600.
const databaseFile = process.env.BANK_DB_FILE || '.data/bank.sqlite'
prepareDatabaseFile(databaseFile)

const client = await connectToProvider(
  {
    issuer: config.issuer,
    clientId: config.clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk: config.privateJwk },
    redirectUri: `${config.baseUrl}/auth/callback`,
  },
  { log: (message) => console.warn(message) },
)
const server = createApp({ client, config, databaseFile }).listen(
  config.port,
  process.env.HOST ?? '127.0.0.1',
  () => {
    console.log(`Ngân hàng Sen Vàng (bank example) on ${config.baseUrl}`)
  },
)
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
