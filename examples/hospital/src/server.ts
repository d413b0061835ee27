/** Starts the hospital: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { connectToProvider, loadConfig } from 'dinhdanh-example-shared'
import { createApp } from './app.js'
import { deskPinFromEnv } from './desk.js'

let config: ReturnType<typeof loadConfig>
let deskPin: ReturnType<typeof deskPinFromEnv>
// The address the app listens on: loopback unless HOST says otherwise (an empty HOST counts as unset).
const host = process.env.HOST?.trim() || '127.0.0.1'
try {
  config = loadConfig(process.env, { PORT: '3002', EID_CLIENT_ID: 'demo-hospital' })
  // The reception desk's PIN (DESK_PIN, 4 to 12 digits). Without it, or with the demo's published 2468,
  // the app starts only on loopback: anywhere else anyone who saw the demo's pages could open the desk.
  deskPin = deskPinFromEnv({ DESK_PIN: process.env.DESK_PIN, HOST: host })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
if (deskPin.isDemoPin)
  console.warn(
    'hospital: the reception desk uses the demo PIN 2468 (loopback only); set DESK_PIN to change it',
  )

const client = await connectToProvider(
  {
    issuer: config.issuer,
    clientId: config.clientId,
    clientAuth: { method: 'private_key_jwt', privateJwk: config.privateJwk },
    redirectUri: `${config.baseUrl}/auth/callback`,
  },
  { log: (message) => console.warn(message) },
)
let app: ReturnType<typeof createApp>
try {
  app = createApp({ client, config, deskPin: deskPin.pin })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
const server = app.listen(config.port, host, () => {
  console.log(`Bệnh viện Đa khoa Hồng Hà (hospital example) on ${config.baseUrl}`)
})
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
