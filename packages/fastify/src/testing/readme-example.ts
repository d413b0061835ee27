import { createClient } from '@dinhdanh/client'
import Fastify from 'fastify'
import { eidPlugin, requireAttributes, requireSignIn } from '../index.js'

const baseUrl = process.env.BASE_URL ?? 'http://localhost:3002'
const eid = await createClient({
  issuer: process.env.EID_ISSUER ?? 'http://127.0.0.1:4000',
  clientId: process.env.EID_CLIENT_ID ?? 'demo-hospital',
  clientAuth: { method: 'private_key_jwt', privateJwk: JSON.parse(process.env.EID_PRIVATE_JWK ?? '{}') },
  redirectUri: `${baseUrl}/auth/callback`,
})

export const app = Fastify()
// A sealed-cookie session; `secret: [next, current]` rotates it, `store` keeps sessions in Redis.
await app.register(eidPlugin, { client: eid, baseUrl, session: { secret: process.env.SESSION_SECRET ?? '' } })

app.get('/', async (request, reply) => {
  reply.type('text/html')
  if (!request.eid.isSignedIn) return '<a href="/auth/login?returnTo=/me">Đăng nhập bằng VNeID</a>'
  return `<form method="post" action="/auth/logout">
  <input type="hidden" name="_csrf" value="${request.eid.csrfToken}"><button>Đăng xuất</button></form>`
})
app.get('/me', { preHandler: requireSignIn() }, async (request) => {
  return { name: request.eid.citizen?.fullName, level: request.eid.level }
})
app.get('/transfer', { preHandler: requireSignIn({ level: 2 }) }, async () => 'Level 2: transfers allowed')
const purpose = 'Kiểm tra thẻ BHYT khi khám bệnh'
app.get(
  '/insurance',
  { preHandler: requireAttributes(['health_insurance'], { purpose }) },
  async (request) => {
    return request.eid.attributes.healthInsurance ?? null
  },
)

await app.listen({ port: Number(new URL(baseUrl).port), host: process.env.HOST ?? '127.0.0.1' })
