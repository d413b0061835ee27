/**
 * A scriptable fake of the VNeID share gateway for the client's unit tests: a real node:http server on
 * 127.0.0.1 (port 0) that records every request and answers with what the test scripts. Not a product:
 * the mock provider's share endpoints live in mock-idp/.
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the gateway saw it. */
export interface GatewayRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/** What the gateway answers: JSON (`json`), or raw text with a content type. */
export interface GatewayAnswer {
  status?: number
  json?: unknown
  text?: string
  contentType?: string
}

export const SHARE_CALLBACK_URL = 'https://bank.test/callback/vneid'
export const SHARE_APP_LINK_BASE = 'https://vneid.test/share'
export const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-chars!'

/** A portrait as the gateway sends it: a tiny synthetic SVG. */
export const PORTRAIT_CLAIM = {
  media_type: 'image/svg+xml',
  data: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4"/></svg>',
  ).toString('base64'),
}

/** The shared data of citizen 001090012345 for identity, id_card and portrait. */
export const SHARED_DATA = {
  personal_id: '001090012345',
  name: 'Nguyễn Văn An',
  family_name: 'Nguyễn',
  middle_name: 'Văn',
  given_name: 'An',
  birthdate: '1990-05-17',
  gender: 'male',
  id_card: {
    number: '001090012345',
    kind: 'CC',
    issue_date: '2024-08-01',
    expiry_date: '2030-05-17',
    issued_by: 'Bộ Công an',
  },
  portrait: PORTRAIT_CLAIM,
}

/** The signature header of `body` under `secret`. */
export function sign(body: string | Buffer, secret = WEBHOOK_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

/** Starts the fake gateway; `answer` is replaced by each test. */
export async function startFakeGateway() {
  const requests: GatewayRequest[] = []
  const state = {
    answer: (_request: GatewayRequest): GatewayAnswer => ({ status: 500, json: { error: 'server_error' } }),
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      const answer = state.answer(request)
      const body = answer.text ?? JSON.stringify(answer.json ?? {})
      res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    endpoints: { start: `${origin}/vneid/share/start`, result: `${origin}/vneid/share/result` },
    requests,
    /** Scripts the answers: a function of the request. */
    set answer(fn: (request: GatewayRequest) => GatewayAnswer) {
      state.answer = fn
    },
    /** Answers the result endpoint with each of `answers` in turn (the last one repeated). */
    results(...answers: GatewayAnswer[]) {
      let i = 0
      state.answer = (request) =>
        request.path.endsWith('/start')
          ? { json: { txnId: 'txn-1', expiresIn: 300 } }
          : (answers[Math.min(i++, answers.length - 1)] as GatewayAnswer)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type FakeGateway = Awaited<ReturnType<typeof startFakeGateway>>
