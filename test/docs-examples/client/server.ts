// server.ts: `npx tsx --env-file=.env server.ts`
import { createServer } from 'node:http'
import { createHandler } from './app.js'

createServer(await createHandler()).listen(3000, () => console.log('Open http://localhost:3000'))
