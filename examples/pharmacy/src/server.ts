/** Starts the pharmacy: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { getRequestListener } from '@hono/node-server'
import { runExample } from 'dinhdanh-example-shared'
import { createApp } from './app.js'

await runExample({
  name: 'Nhà thuốc Cỏ Mây (pharmacy example, Hono)',
  defaults: { PORT: '3005', EID_CLIENT_ID: 'demo-pharmacy' },
  build: ({ client, config }) => getRequestListener(createApp({ client, config }).fetch),
})
