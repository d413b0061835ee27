import { createClient } from '@dinhdanh/client'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { eidAuth, requireAttributes, requireSignIn } from '../index.js'

const baseUrl = process.env.BASE_URL ?? 'http://localhost:3005'
const eid = await createClient({
  issuer: process.env.EID_ISSUER ?? 'http://127.0.0.1:4000',
  clientId: process.env.EID_CLIENT_ID ?? 'demo-pharmacy',
  clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(process.env.EID_PRIVATE_JWK ?? '{}') },
  redirectUri: `${baseUrl}/auth/callback`,
})

const app = new Hono()
app.use(eidAuth({ client: eid, baseUrl, session: { secret: process.env.SESSION_SECRET ?? '' } }))

app.get('/', (c) => {
  const { isSignedIn, csrfToken } = c.get('eid')
  if (!isSignedIn) return c.html('<a href="/auth/login?returnTo=/me">Đăng nhập bằng VNeID</a>')
  return c.html(`<form method="post" action="/auth/logout">
  <input type="hidden" name="_csrf" value="${csrfToken}"><button>Đăng xuất</button></form>`)
})
app.get('/me', requireSignIn(), (c) =>
  c.json({ name: c.get('eid').citizen?.fullName, level: c.get('eid').level }),
)
app.get('/transfer', requireSignIn({ level: 2 }), (c) => c.text('Chuyển khoản'))
app.get(
  '/prescriptions',
  requireAttributes(['health_insurance'], { purpose: 'Mua thuốc theo đơn có BHYT' }),
  (c) => c.json({ card: c.get('eid').attributes.healthInsurance?.number ?? null }),
)

serve({ fetch: app.fetch, port: 3005 })
