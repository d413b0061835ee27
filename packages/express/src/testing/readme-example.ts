import { createClient } from '@dinhdanh/client'
import express from 'express'
import { eidAuth, requireAttributes, requireSignIn } from '../index.js'

const baseUrl = process.env.BASE_URL ?? 'http://localhost:3002'
const eid = await createClient({
  issuer: process.env.EID_ISSUER ?? 'http://127.0.0.1:4000',
  clientId: process.env.EID_CLIENT_ID ?? 'demo-hospital',
  clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(process.env.EID_PRIVATE_JWK ?? '{}') },
  redirectUri: `${baseUrl}/auth/callback`,
})

const app = express()
// A sealed-cookie session; `secret: [next, current]` rotates it, `store` keeps sessions in Redis.
app.use(eidAuth({ client: eid, baseUrl, session: { secret: process.env.SESSION_SECRET ?? '' } }))

app.get('/', (req, res) => {
  if (!req.eid.isSignedIn) res.send('<a href="/auth/login?returnTo=/me">Đăng nhập bằng VNeID</a>')
  else
    res.send(`<form method="post" action="/auth/logout">
  <input type="hidden" name="_csrf" value="${req.eid.csrfToken}"><button>Đăng xuất</button></form>`)
})
app.get('/me', requireSignIn(), (req, res) => {
  res.json({ name: req.eid.citizen?.fullName, level: req.eid.level })
})
app.get('/transfer', requireSignIn({ level: 2 }), (_req, res) => {
  res.send('Level 2: transfers allowed')
})
const purpose = 'Kiểm tra thẻ BHYT khi khám bệnh'
app.get('/insurance', requireAttributes(['health_insurance'], { purpose }), (req, res) => {
  res.json(req.eid.attributes.healthInsurance ?? null)
})

app.listen(Number(new URL(baseUrl).port))
