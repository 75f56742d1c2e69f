/**
 * @module demo/pngImage
 * A small, valid PNG drawn in code (8-bit RGB, no interlace): the demo's 佐证材料 photo and the
 * tests' and benchmark's uploads, so no binary file has to live in the repository. `fill`
 * gives each pixel's colour; `noise` makes the bytes incompressible (a photo-sized upload).
 */
import { crc32, deflateSync } from 'node:zlib'

export interface PngOptions {
  width: number
  height: number
  /** The colour of a pixel, `[r, g, b]` 0–255. */
  fill?: (x: number, y: number) => readonly [number, number, number]
  /** Compression level 0 (none: the file is ~3 bytes per pixel) … 9. */
  level?: number
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

export function pngImage({
  width,
  height,
  fill = (x, y) => [(x * 7) & 255, (y * 5) & 255, 160],
  level = 6,
}: PngOptions): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type RGB
  const raw = Buffer.alloc((width * 3 + 1) * height)
  let o = 0
  for (let y = 0; y < height; y++) {
    raw[o++] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = fill(x, y)
      raw[o++] = r
      raw[o++] = g
      raw[o++] = b
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
