import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockIdp, type MockIdp } from '../../index.js'

let idp: MockIdp

beforeAll(async () => {
  idp = await createMockIdp({ port: 0, store: 'memory', logLevel: 'silent' })
})
afterAll(() => idp?.close())

describe('the favicon (#15)', () => {
  it('GET /favicon.ico answers a 16×16 icon instead of a 404', async () => {
    const response = await fetch(`${idp.url}/favicon.ico`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/x-icon')
    const bytes = Buffer.from(await response.arrayBuffer())
    // ICONDIR: reserved 0, type 1 (icon), one image of 16×16 at 32 bits per pixel.
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 1, 0, 1, 0, 16, 16])
    expect(bytes.readUInt16LE(12)).toBe(32)
    const size = bytes.readUInt32LE(14)
    const offset = bytes.readUInt32LE(18)
    expect(offset + size).toBe(bytes.length)
    expect(bytes.readUInt32LE(offset)).toBe(40)
    // Not a transparent square: the middle pixel is opaque white.
    const pixel = offset + 40 + (8 * 16 + 8) * 4
    expect([...bytes.subarray(pixel, pixel + 4)]).toEqual([255, 255, 255, 255])
  })
})
