// server.ts: `npx tsx --env-file=.env server.ts`
import { createApp } from './app.js'

const app = await createApp()
app.listen(3000, () => console.log('Open http://localhost:3000'))
