import { describe, expect, it } from 'vitest'
import { startRedisServer } from './support/redis-server.js'

describe('startRedisServer', () => {
  it('fails loudly, saying how to install redis-server, when the binary is missing', async () => {
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      /apt-get install -y redis-server/,
    )
  })
})
