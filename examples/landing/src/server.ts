/** Starts the landing page: `node dist/server.js` (`npm start` at the repository root does it). */
import { DEMO_APPS, LANDING_PORT } from 'dinhdanh-example-shared/demo'
import { createApp } from './app.js'

const port = Number(process.env.PORT ?? LANDING_PORT)
const issuer = process.env.EID_ISSUER ?? 'http://127.0.0.1:4000'
const apps = DEMO_APPS.map((app) => ({ name: app.name, url: `http://localhost:${app.port}` }))
// The mock's day (ADR 0005): npm start passes its environment to both.
const today = process.env.MOCK_IDP_TODAY || 'clock'
const server = createApp({ issuer, apps, today }).listen(port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`landing page on http://localhost:${port}`)
})
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)))
