/**
 * A tiny HTTP endpoint on 127.0.0.1 standing in for a relying party's back-channel endpoints: it records
 * the POSTs the provider delivers (back-channel logout tokens, consent-withdrawal security events).
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One POST a {@link Receiver} got. */
export interface ReceivedPost {
  path: string
  contentType: string
  /** The `Authorization` header, `''` when absent (CIBA pings carry the client notification token). */
  authorization: string
  body: string
}

/** A running receiver. */
export interface Receiver {
  readonly url: string
  readonly received: readonly ReceivedPost[]
  /** The next POST not yet taken, waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<ReceivedPost>
  close(): Promise<void>
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Starts a receiver answering every POST with `status`. */
export async function startReceiver(status = 202): Promise<Receiver> {
  const received: ReceivedPost[] = []
  const waiting: (() => void)[] = []
  let taken = 0
  const server = createServer(async (req, res) => {
    const body = await bodyOf(req)
    if (req.method === 'POST') {
      received.push({
        path: req.url ?? '/',
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization ?? '',
        body,
      })
      for (const wake of waiting.splice(0)) wake()
    }
    res.statusCode = req.method === 'POST' ? status : 405
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (received.length <= taken) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`nothing was POSTed to the receiver within ${timeoutMs} ms`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          waiting.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      const post = received[taken]
      if (!post) throw new Error('the receiver lost a POST')
      taken += 1
      return post
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
