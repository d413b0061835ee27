/** Starts the bank: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { runExample } from 'dinhdanh-example-shared'
import { createApp } from './app.js'
import { createShareClient, loadShareSettings } from './share/settings.js'
import { prepareDatabaseFile } from './store.js'

await runExample({
  name: 'Ngân hàng Sen Vàng (bank example)',
  defaults: { PORT: '3001', EID_CLIENT_ID: 'demo-bank' },
  // EID_PROFILE=vneid: the VNeID dialect (README, "Running on the VNeID dialect").
  dialect: true,
  build: async ({ client, config, profile }) => {
    if (profile === 'vneid')
      console.log(
        'VNeID dialect: identity only; online account opening and transfers over 10,000,000 VND are explained as unavailable',
      )
    // The bank's records (accounts, customer data, consent receipts, transfers) survive restarts. They
    // hold personal data: the folder is created with mode 0700, the file (and its -wal/-shm) mode 0600.
    const databaseFile = process.env.BANK_DB_FILE || '.data/bank.sqlite'
    prepareDatabaseFile(databaseFile)
    // Sharing from the VNeID app (eKYC with the portrait): EID_SHARE_CLIENT_ID and its secrets, else off.
    const share = await createShareClient(config, loadShareSettings(process.env))
    if (!share) console.log('Sharing from the VNeID app: off (no EID_SHARE_CLIENT_ID)')
    return createApp({ client, config, databaseFile, profile, share })
  },
})
