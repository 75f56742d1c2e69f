/**
 * @module tests/security/syncLimits
 * Limits that keep one noisy client from hurting the others, on the real server (docs/RELIABILITY.md
 * §3, server/src/sync/limits.ts): a user holding too many sync connections gets the next
 * one closed with 4529 ("try again later"); a connection that floods document updates is
 * closed with 4529 while a normal client of the same sheet keeps syncing; an awareness
 * flood is thinned out, not relayed in full. The size limit (1009) is in tests/sync/badInput.
 */
import * as encoding from 'lib0/encoding'
import { insertRow } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'

/** DEFAULT_SYNC_LIMITS.connectionsPerUser in server/src/sync/limits.ts */
const PER_USER = 20

let server: TestServer
let fx: Fixture
const sockets: WebSocket[] = []
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const s of sockets) s.terminate()
  for (const c of clients) c.destroy()
  await server?.stop()
})

interface Raw {
  ws: WebSocket
  closed: Promise<number>
}

async function raw(sheet: string, token: string): Promise<Raw> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${sheet}?token=${token}`)
  sockets.push(ws)
  ws.on('error', () => {})
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise((resolve) => ws.once('open', resolve))
  return { ws, closed }
}

const frame = (type: number, sub: number | null, payload: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  if (sub !== null) encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** Is the socket still open after the server had time to answer what it was sent? */
async function stillOpen(r: Raw): Promise<boolean> {
  if (r.ws.readyState !== WebSocket.OPEN) return false
  r.ws.ping()
  return Promise.race([
    new Promise<boolean>((resolve) =>
      r.ws.once('pong', () => resolve(r.ws.readyState === WebSocket.OPEN)),
    ),
    r.closed.then(() => false),
  ])
}

describe('sync abuse limits', () => {
  it(`closes a user's connection beyond ${PER_USER} with 4529, others unaffected`, async () => {
    const mine: Raw[] = []
    for (let i = 0; i < PER_USER; i++) mine.push(await raw(fx.sheets.sheetA1, fx.tokens.filler))
    const extra = await raw(fx.sheets.sheetA1, fx.tokens.filler)
    expect(await extra.closed).toBe(4529)
    for (const r of mine.slice(0, 3)) expect(await stillOpen(r)).toBe(true)
    // another user connects fine
    const other = await raw(fx.sheets.sheetA1, fx.tokens.lead)
    expect(await stillOpen(other)).toBe(true)
    // closing one frees a place
    mine[0]!.ws.close()
    await mine[0]!.closed
    await waitFor(
      async () => {
        const again = await raw(fx.sheets.sheetA1, fx.tokens.filler)
        return stillOpen(again)
      },
      { what: 'a freed connection slot' },
    )
    for (const r of mine) r.ws.terminate()
  })

  it('closes a connection that floods updates with 4529; a normal client keeps syncing', async () => {
    const sheet = fx.sheets.sheetA2
    const normal = connectSheet(server.wsUrl, sheet, fx.tokens.consolidator)
    clients.push(normal)
    await normal.synced
    const flooder = await raw(sheet, fx.tokens.boss)
    const doc = new Y.Doc()
    let last = Y.encodeStateVector(doc)
    for (let i = 0; i < 3000 && flooder.ws.readyState === WebSocket.OPEN; i++) {
      insertRow(doc, { name: `洪水${i}` })
      const update = Y.encodeStateAsUpdate(doc, last)
      last = Y.encodeStateVector(doc)
      flooder.ws.send(frame(0, 2, update))
    }
    expect(await flooder.closed).toBe(4529)
    insertRow(normal.doc, { name: '正常用户的修改' })
    await waitFor(
      async () =>
        (await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)).body.rows.some(
          (r: { name: string }) => r.name === '正常用户的修改',
        ),
      { what: 'the normal client still syncs', timeoutMs: 15_000 },
    )
    expect((await server.api('GET', '/api/me', fx.tokens.admin)).status).toBe(200)
  })

  it('thins out an awareness flood instead of relaying all of it', async () => {
    const sheet = fx.sheets.sheetB1
    const watcher = await raw(sheet, fx.tokens.admin)
    let awarenessSeen = 0
    watcher.ws.on('message', (data: Buffer) => {
      if (data[0] === 1) awarenessSeen++
    })
    const noisy = await raw(sheet, fx.tokens.boss)
    const doc = new Y.Doc()
    const awareness = new awarenessProtocol.Awareness(doc)
    for (let i = 0; i < 500; i++) {
      awareness.setLocalState({
        user: { id: 'boss', name: '区组织部', color: '#c00' },
        cursor: { rowId: `r${i}`, colId: 'name' },
      })
      noisy.ws.send(
        frame(1, null, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])),
      )
    }
    expect(await stillOpen(noisy)).toBe(true)
    expect(await stillOpen(watcher)).toBe(true)
    expect(awarenessSeen).toBeGreaterThan(0)
    expect(awarenessSeen).toBeLessThan(200)
    awareness.destroy()
  })
})
