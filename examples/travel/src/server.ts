/** Starts the airline: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { runExample } from 'dinhdanh-example-shared'
import { createApp } from './app.js'

await runExample({
  name: 'Hãng bay Cánh Cò (travel example)',
  defaults: { PORT: '3003', EID_CLIENT_ID: 'demo-travel' },
  build: ({ client, config }) => createApp({ client, config }),
})
