import { describe, expect, it } from 'vitest'
import { startRedisServer } from './support/redis-server.js'

describe('startRedisServer', () => {
  it('fails loudly, saying how to install redis-server, when the binary is missing', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      /apt-get install -y redis-server/,
    )
  })
})

describe('a started redis-server', () => {
  it('answers, and flush() empties what was stored', async () => {
    const redis = await startRedisServer()
    try {
      const { createConnection } = await import('node:net')
      const send = (line: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = createConnection({ host: '127.0.0.1', port: redis.port })
          socket.once('error', reject)
          socket.once('connect', () => socket.write(`${line}\r\n`))
          socket.once('data', (chunk) => {
            socket.destroy()
            resolve(chunk.toString().split('\r\n')[0] as string)
          })
        })
      expect(await send('SET bench-key 1')).toBe('+OK')
      expect(await send('DBSIZE')).toBe(':1')
      await redis.flush()
      expect(await send('DBSIZE')).toBe(':0')
    } finally {
      await redis.stop()
    }
  })
})
