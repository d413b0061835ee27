import express, { type Router } from 'express'

/** The icon's side in pixels. */
const SIZE = 16

/** The provider's red (the header's colour) and white, as BGRA bytes. */
const RED = [0x2e, 0x10, 0xc8, 0xff] as const
const WHITE = [0xff, 0xff, 0xff, 0xff] as const
const CLEAR = [0, 0, 0, 0] as const

/** The pixel at (x, y), y from the top: a red rounded square with a white plus. */
function pixel(x: number, y: number): readonly number[] {
  const corner = (cx: number, cy: number) => (x - cx) ** 2 + (y - cy) ** 2 > 9
  if ((x < 3 && y < 3 && corner(3, 3)) || (x > 12 && y < 3 && corner(12, 3))) return CLEAR
  if ((x < 3 && y > 12 && corner(3, 12)) || (x > 12 && y > 12 && corner(12, 12))) return CLEAR
  // A plain white "plus" in the middle: legible at 16 px, no text to translate.
  const bar = (x >= 7 && x <= 8 && y >= 4 && y <= 11) || (y >= 7 && y <= 8 && x >= 4 && x <= 11)
  return bar ? WHITE : RED
}

/**
 * A 16×16 32-bit ICO drawn in code (no binary file in the repository): the ICONDIR header, one entry and
 * the bitmap (BITMAPINFOHEADER, the pixels bottom-up, an all-zero AND mask).
 *
 * @example
 * ```ts
 * faviconIco().subarray(0, 4) // <00 00 01 00>
 * ```
 */
export function faviconIco(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4)
  for (let row = 0; row < SIZE; row++) {
    const y = SIZE - 1 - row
    for (let x = 0; x < SIZE; x++) pixels.set(pixel(x, y), (row * SIZE + x) * 4)
  }
  const mask = Buffer.alloc(SIZE * 4) // 16 rows of 32 bits (padded), all visible
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(SIZE, 4)
  header.writeInt32LE(SIZE * 2, 8) // XOR and AND bitmaps together
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(pixels.length + mask.length, 20)
  const image = Buffer.concat([header, pixels, mask])
  const directory = Buffer.alloc(6 + 16)
  directory.writeUInt16LE(0, 0)
  directory.writeUInt16LE(1, 2) // an icon
  directory.writeUInt16LE(1, 4) // one image
  directory.writeUInt8(SIZE, 6)
  directory.writeUInt8(SIZE, 7)
  directory.writeUInt16LE(1, 10)
  directory.writeUInt16LE(32, 12)
  directory.writeUInt32LE(image.length, 14)
  directory.writeUInt32LE(directory.length, 18)
  return Buffer.concat([directory, image])
}

/**
 * `GET /favicon.ico`: every page's icon request gets a small icon instead of a 404 (issue #15, point 10).
 *
 * @example
 * ```ts
 * app.use(faviconRoutes())
 * ```
 */
export function faviconRoutes(): Router {
  const router = express.Router()
  const icon = faviconIco()
  router.get('/favicon.ico', (_req, res) => {
    res.set('cache-control', 'public, max-age=86400').type('image/x-icon').send(icon)
  })
  return router
}
