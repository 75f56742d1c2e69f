/**
 * @module tests/fuzz/fuzzRun
 * What the fuzz suites share: how many cases to run (a few hundred in `npm test`, ten
 * thousand and more with TAIZHANG_FUZZ=long), the seed (printed, replayable with
 * TAIZHANG_FUZZ_SEED), byte-level mutations of valid inputs, and the liveness check every
 * suite makes of the real server: the process is alive and still answers GET /api/me.
 */
import { expect } from 'vitest'
import type { TestServer } from '../helpers/server'

export const LONG = process.env.TAIZHANG_FUZZ === 'long'
export const SEED = Number(process.env.TAIZHANG_FUZZ_SEED ?? Date.now() % 1_000_000)

/** Cases for one suite: `short` in npm test, `long` with TAIZHANG_FUZZ=long. */
export const cases = (short: number, long: number): number => (LONG ? long : short)

/** Byte-level mutations, the classic random-mutation fuzzer moves (seeded by `random`). */
export function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Uint8Array.from(input)
  const at = () => Math.floor(random() * Math.max(1, bytes.length))
  switch (Math.floor(random() * 7)) {
    case 0: {
      // flip a few bits
      const out = bytes
      for (let i = 0, n = 1 + Math.floor(random() * 4); i < n && out.length; i++) {
        out[at()]! ^= 1 << Math.floor(random() * 8)
      }
      return out
    }
    case 1:
      // truncate
      return bytes.slice(0, at())
    case 2: {
      // overwrite a byte with an interesting value
      const out = bytes
      if (out.length) out[at()] = [0x00, 0x7f, 0x80, 0xff, 0x01][Math.floor(random() * 5)]!
      return out
    }
    case 3: {
      // insert random bytes
      const pos = at()
      const extra = Uint8Array.from({ length: 1 + Math.floor(random() * 16) }, () =>
        Math.floor(random() * 256),
      )
      return Uint8Array.from([...bytes.slice(0, pos), ...extra, ...bytes.slice(pos)])
    }
    case 4: {
      // delete a range
      const a = at()
      const b = Math.min(bytes.length, a + 1 + Math.floor(random() * 32))
      return Uint8Array.from([...bytes.slice(0, a), ...bytes.slice(b)])
    }
    case 5: {
      // duplicate a range in place
      const a = at()
      const b = Math.min(bytes.length, a + 1 + Math.floor(random() * 64))
      return Uint8Array.from([...bytes.slice(0, b), ...bytes.slice(a, b), ...bytes.slice(b)])
    }
    default: {
      // huge varint where a length is likely
      const pos = at()
      return Uint8Array.from([
        ...bytes.slice(0, pos),
        0xff,
        0xff,
        0xff,
        0xff,
        0x0f,
        ...bytes.slice(pos),
      ])
    }
  }
}

/** The server process is alive and answers an authenticated GET /api/me in time. */
export async function expectAlive(server: TestServer, token: string): Promise<void> {
  const res = await Promise.race([
    server.api('GET', '/api/me', token),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('GET /api/me hung for 5 s')), 5000),
    ),
  ])
  expect(res.status).toBe(200)
  expect(server.stderr()).not.toMatch(/uncaught|unhandled|FATAL|heap out of memory/i)
}
