/**
 * @module sync/limits.test
 * The abuse limits of `limits.ts` without a server: token buckets refill at their rate,
 * a user's connections are counted across sheets and released on close, a flood of updates
 * closes that one connection with the "try again later" code, extra awareness is dropped.
 */
import { SYNC_CLOSE } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { SyncLimiter, TokenBucket } from './limits'
import type { Connection, SyncSocket } from './Room'

function fakeSocket() {
  const closes: number[] = []
  const socket: SyncSocket = { send: () => {}, close: (code) => void closes.push(code) }
  return { socket, closes }
}

function recorder() {
  const got: string[] = []
  let closed = 0
  const conn: Connection = {
    receive: (data) =>
      void got.push(
        typeof data === 'string' ? data : String(new Uint8Array(data as ArrayBuffer)[0]),
      ),
    closed: () => void closed++,
  }
  return { conn, got, closed: () => closed }
}

describe('sync limits', () => {
  it('a token bucket allows its burst, then its rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    const first = Array.from({ length: 8 }, () => bucket.take())
    expect(first.filter(Boolean)).toHaveLength(5)
    now += 300 // three more tokens
    expect(Array.from({ length: 5 }, () => bucket.take()).filter(Boolean)).toHaveLength(3)
  })

  it('counts connections per user and releases them on close', () => {
    const limiter = new SyncLimiter({ connectionsPerUser: 2 })
    const a = fakeSocket()
    const first = limiter.admit(a.socket, 'u1')!.wrap(recorder().conn)
    limiter.admit(a.socket, 'u1')!.wrap(recorder().conn)
    const third = fakeSocket()
    expect(limiter.admit(third.socket, 'u1')).toBeNull()
    expect(third.closes).toEqual([SYNC_CLOSE.overLimit.code])
    expect(limiter.admit(fakeSocket().socket, 'u2')).not.toBeNull()
    first.closed()
    first.closed()
    expect(limiter.connections('u1')).toBe(1)
    expect(limiter.admit(fakeSocket().socket, 'u1')).not.toBeNull()
  })

  it('closes a connection that floods updates, drops extra awareness, passes the rest', () => {
    const limiter = new SyncLimiter({
      updateBurst: 3,
      updatesPerSecond: 0.001,
      awarenessBurst: 2,
      awarenessPerSecond: 0.001,
    })
    const { socket, closes } = fakeSocket()
    const inner = recorder()
    const conn = limiter.admit(socket, 'u')!.wrap(inner.conn)
    for (let i = 0; i < 4; i++) conn.receive(Uint8Array.of(1, 0)) // awareness
    conn.receive(Uint8Array.of(0, 0, 0)) // sync step 1: not limited
    for (let i = 0; i < 5; i++) conn.receive(Uint8Array.of(0, 2, 0))
    expect(inner.got).toEqual(['1', '1', '0', '0', '0', '0'])
    expect(closes).toEqual([SYNC_CLOSE.overLimit.code])
    conn.closed()
    expect(inner.closed()).toBe(1)
    expect(limiter.connections('u')).toBe(0)
  })

  it('closes a connection that floods sync step 1 or query awareness, like updates', () => {
    for (const frame of [Uint8Array.of(0, 0, 1, 0), Uint8Array.of(3)]) {
      const limiter = new SyncLimiter({ requestBurst: 3, requestsPerSecond: 0.001 })
      const { socket, closes } = fakeSocket()
      const inner = recorder()
      const conn = limiter.admit(socket, 'u')!.wrap(inner.conn)
      for (let i = 0; i < 10; i++) conn.receive(frame)
      expect(inner.got).toHaveLength(3)
      expect(closes).toEqual([SYNC_CLOSE.overLimit.code])
    }
  })
})
