// The downscale size decision (attachments/downscale): long edge at most 2048 px (SPEC §10),
// the aspect ratio kept, small photos left at their size.
import { describe, expect, it } from 'vitest'
import { MAX_EDGE, scaledSize } from './downscale'

describe('scaledSize', () => {
  it('scales a 4000×3000 photo to 2048×1536', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 2048, height: 1536 })
  })

  it('scales a portrait photo by its height', () => {
    expect(scaledSize(3024, 4032)).toEqual({ width: 1536, height: 2048 })
  })

  it('leaves a photo that fits alone', () => {
    expect(scaledSize(2048, 1000)).toEqual({ width: 2048, height: 1000 })
    expect(scaledSize(640, 480)).toEqual({ width: 640, height: 480 })
  })

  it('never goes below one pixel, never above the limit', () => {
    expect(scaledSize(100_000, 10)).toEqual({ width: MAX_EDGE, height: 1 })
    for (const [w, h] of [
      [4001, 2999],
      [9999, 7777],
      [2049, 2049],
      [5000, 1],
    ] as const) {
      const s = scaledSize(w, h)
      expect(Math.max(s.width, s.height)).toBe(MAX_EDGE)
      expect(Math.min(s.width, s.height)).toBeGreaterThanOrEqual(1)
      expect(Math.abs(s.width / s.height - w / h) / (w / h)).toBeLessThan(
        0.01 + 1 / Math.min(s.width, s.height),
      )
    }
  })

  it('refuses a size that is not one', () => {
    expect(() => scaledSize(0, 100)).toThrow(RangeError)
    expect(() => scaledSize(Number.NaN, 100)).toThrow(RangeError)
  })

  it('takes another limit', () => {
    expect(scaledSize(1000, 500, 256)).toEqual({ width: 256, height: 128 })
  })
})
