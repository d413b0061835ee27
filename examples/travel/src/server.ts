/** Starts the airline: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { connectToProvider, type ExampleConfig, loadConfig } from 'dinhdanh-example-shared'
import { createApp } from './app.js'

let config: ExampleConfig
try {
  config = loadConfig(process.env, { PORT: '3003', EID_CLIENT_ID: 'demo-travel' })
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
const server = createApp({ client, config }).listen(config.port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`Hãng bay Cánh Cò (travel example) on ${config.baseUrl}`)
})
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
