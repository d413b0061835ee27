/** Starts the hospital: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { connectToProvider, loadConfig } from 'dinhdanh-example-shared'
import { createApp } from './app.js'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig(process.env, { PORT: '3002', EID_CLIENT_ID: 'demo-hospital' })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

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
  // The reception desk's PIN: 4 to 12 digits; the demo's default is 2468 (see README).
  app = createApp({ client, config, ...(process.env.DESK_PIN && { deskPin: process.env.DESK_PIN }) })
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
const server = app.listen(config.port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`Bệnh viện Đa khoa Hồng Hà (hospital example) on ${config.baseUrl}`)
})
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
