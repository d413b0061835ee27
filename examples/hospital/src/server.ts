/** Starts the hospital: `node --env-file=.env dist/server.js` (or `npm start` at the repository root). */
import { runExample } from 'dinhdanh-example-shared'
import { createApp } from './app.js'
import { deskPinFromEnv } from './desk-access.js'

await runExample({
  name: 'Bệnh viện Đa khoa Hồng Hà (hospital example)',
  defaults: { PORT: '3002', EID_CLIENT_ID: 'demo-hospital' },
  build: ({ client, config, host }) => {
    // The reception desk's PIN (DESK_PIN, 4 to 12 digits). Without it, or with the demo's published 2468,
    // the app starts only on loopback: anywhere else anyone who saw the demo's pages could open the desk.
    const deskPin = deskPinFromEnv({ DESK_PIN: process.env.DESK_PIN, HOST: host })
    if (deskPin.isDemoPin)
      console.warn(
        'hospital: the reception desk uses the demo PIN 2468 (loopback only); set DESK_PIN to change it',
      )
    return createApp({ client, config, deskPin: deskPin.pin })
  },
})
