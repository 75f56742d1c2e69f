/**
 * @module tests/sync/badInput
 * Bad input over a raw socket to the real server (SPEC §6.3, sync): a truncated sync
 * message, random bytes, a frame over the size limit (TAIZHANG_MAX_MESSAGE_BYTES), an
 * invalid Yjs update, an unknown message type, a text frame. Each: that connection is
 * closed with a clear code, the server stays up, a connected client keeps syncing, and
 * the stored sheet is unchanged.
 *
 * One more: an update that decodes but throws while Yjs integrates it. Yjs does not roll
 * back, so the server's sheet holds part of it (loading integrates the same part again);
 * the connected client must get that part at once, not at its next reconnect.
 */
import { insertRow, readRows, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { updateThatFailsPartway } from '../helpers/failingUpdate'
import { connectSheet, updateFrame, waitFor, type SheetClient } from '../helpers/wsClient'

const LIMIT = 64 * 1024
let server: TestServer
let fx: Fixture
let good: SheetClient

beforeAll(async () => {
  server = await startTestServer({ env: { TAIZHANG_MAX_MESSAGE_BYTES: String(LIMIT) } })
  fx = await seedFixture(server)
  good = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
  await good.synced
  insertRow(good.doc, { name: '正常数据' })
  await waitFor(async () => (await rowsOnServer()).length === 1, { what: 'seed row stored' })
})
afterAll(async () => {
  good?.destroy()
  await server?.stop()
})

const rowsOnServer = async (): Promise<Row[]> =>
  (await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.admin)).body.rows

async function sendRaw(frame: Uint8Array | string): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${fx.sheets.sheetA1}?token=${fx.tokens.filler}`)
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise((resolve) => ws.once('open', resolve))
  ws.send(frame)
  const timer = setTimeout(() => ws.terminate(), 5000)
  const result = await closed
  clearTimeout(timer)
  return result
}

const random = (n: number, seed = 7): Uint8Array => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff
  return out
}

describe('bad input to the real server', () => {
  const cases: [string, () => Uint8Array | string, number][] = [
    ['a truncated sync message', () => updateFrame(random(40)).slice(0, 12), 1002],
    ['random bytes', () => Uint8Array.from([9, ...random(64)]), 1002],
    ['a frame over the size limit', () => updateFrame(new Uint8Array(LIMIT + 10)), 1009],
    ['an invalid Yjs update', () => updateFrame(Uint8Array.from([3, 250, 1, 9, 9, 9, 9])), 1007],
    ['an unknown message type', () => Uint8Array.from([42, 0]), 1002],
    ['a text frame', () => 'not binary', 1003],
  ]
  for (const [what, frame, code] of cases) {
    it(`closes the connection on ${what}; server, other clients and stored sheet unaffected`, async () => {
      const before = await rowsOnServer()
      const closed = await sendRaw(frame())
      expect(closed.code).toBe(code)
      expect(closed.reason.length).toBeGreaterThan(0)
      expect((await server.api('GET', '/api/me', fx.tokens.admin)).status).toBe(200)
      expect(await rowsOnServer()).toEqual(before)
      // the good client still syncs both ways
      const name = `之后-${what}`
      insertRow(good.doc, { name })
      await waitFor(async () => (await rowsOnServer()).some((r) => r.name === name), {
        what: 'good client still stores',
      })
      expect(readRows(good.doc)).toEqual(await rowsOnServer())
    })
  }

  it('relays what a failing update integrated before it threw, so the others match the server', async () => {
    // the server's state, as a fresh client loads it
    const base = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
    await base.synced
    const baseState = Y.encodeStateAsUpdate(base.doc)
    const firstRow = readRows(base.doc)[0]!.id
    base.destroy()
    const failing = updateThatFailsPartway(baseState, firstRow, 424242)

    const closed = await sendRaw(updateFrame(failing))
    expect(closed.code).toBe(1007)
    const onServer = async () => {
      const fresh = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
      await fresh.synced
      const state = Y.decodeStateVector(Y.encodeStateVector(fresh.doc))
      fresh.destroy()
      return state
    }
    const serverState = await onServer()
    expect(serverState.get(424242)).toBeGreaterThan(0)
    await waitFor(
      async () =>
        Y.decodeStateVector(Y.encodeStateVector(good.doc)).get(424242) === serverState.get(424242),
      { what: 'the integrated part reaches the connected client', timeoutMs: 3000 },
    )
    expect(readRows(good.doc)).toEqual(await rowsOnServer())
  })
})
