/** Starts the shop: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { runExample } from 'dinhdanh-example-shared'
import { createApp } from './app.js'

await runExample({
  name: 'Hầm rượu Đà Lạt Xưa (retail example)',
  defaults: { PORT: '3004', EID_CLIENT_ID: 'demo-retail' },
  build: ({ client, config }) => createApp({ client, config }),
})
