/**
 * @module tests/security/syncFloods
 * docs/RELIABILITY.md §3 on the real server: what one logged-in user (a read-only 查阅 too)
 * can no longer do over sync.
 * - a reader that stops reading and floods sync step 1 (or query awareness) is closed with
 *   4529 after the burst, instead of having the whole document queued per frame;
 * - a reader whose unread output passes TAIZHANG_SYNC_MAX_BUFFERED_BYTES is closed (4508);
 * - a frame announcing more than the message limit is refused (1009) from its header, not
 *   after ws buffered it;
 * - updates nesting types past a small depth under meta, a row or a cell are refused with
 *   1007 and never stored; a document stored with 20,000 nested maps under meta (by an
 *   older version) still loads: rows, findings, exports and sync all work;
 * - sync writes past the per-sheet row cap are refused with 4413 and a Chinese reason.
 */
import { connect, type Socket } from 'node:net'
import { insertRow } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { appendToStoredLog } from '../helpers/storedDoc'
import { connectSheet, updateFrame, waitFor, type SheetClient } from '../helpers/wsClient'

/** TAIZHANG_MAX_ROWS_PER_SHEET of this suite's server. */
const ROW_CAP = 40
/** TAIZHANG_SYNC_MAX_BUFFERED_BYTES of this suite's server (its minimum). */
const BUFFER_CAP = 64 * 1024

let server: TestServer
let fx: Fixture
const sockets: WebSocket[] = []
const clients: SheetClient[] = []

beforeAll(async () => {
  server = await startTestServer({
    env: {
      TAIZHANG_MAX_ROWS_PER_SHEET: String(ROW_CAP),
      TAIZHANG_SYNC_MAX_BUFFERED_BYTES: String(BUFFER_CAP),
    },
  })
  fx = await seedFixture(server)
})
afterAll(async () => {
  for (const s of sockets) s.terminate()
  for (const c of clients) c.destroy()
  await server?.stop()
})

interface Raw {
  ws: WebSocket
  closed: Promise<{ code: number; reason: string }>
}

async function raw(sheet: string, token: string): Promise<Raw> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${sheet}?token=${token}`)
  sockets.push(ws)
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  await new Promise((resolve) => ws.once('open', resolve))
  return { ws, closed }
}

/** Sync step 1 with an empty state vector: "send me everything" in four bytes. */
const STEP1 = Uint8Array.from([0, 0, 1, 0])
/** Query awareness (message type 3). */
const QUERY_AWARENESS = Uint8Array.from([3])

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms),
    ),
  ])

/** The stored rows of a sheet, as the API reads them. */
const rowsOf = async (sheet: string) =>
  (await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)).body.rows as {
    name?: string
  }[]

/** An update from a fresh client adding `count` rows of `bytes` characters each. */
function rowsUpdate(count: number, text = '行') {
  const doc = new Y.Doc()
  doc.transact(() => {
    for (let i = 0; i < count; i++) insertRow(doc, { name: `${text}${i}` })
  })
  return Y.encodeStateAsUpdate(doc)
}

/** An update nesting `depth` maps under `parent[key]` (a new client's). */
function nestedUpdate(
  base: Uint8Array | null,
  at: (doc: Y.Doc) => Y.Map<unknown>,
  key: string,
  depth: number,
): Uint8Array {
  const doc = new Y.Doc()
  if (base) Y.applyUpdate(doc, base)
  const before = Y.encodeStateVector(doc)
  doc.transact(() => {
    let map = at(doc)
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>()
      map.set(i === 0 ? key : 'c', next)
      map = next
    }
  })
  return Y.encodeStateAsUpdate(doc, before)
}

describe('sync floods', () => {
  it('closes a reader that floods sync step 1 with its reading paused (4529)', async () => {
    const r = await raw(fx.sheets.sheetA1, fx.tokens.reviewer)
    r.ws.pause()
    for (let i = 0; i < 1500; i++) r.ws.send(STEP1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    r.ws.resume()
    const { code, reason } = await within(r.closed, 5000, 'close')
    expect(code).toBe(4529)
    expect(reason).toContain('同步请求过于频繁')
  })

  it('closes a connection that floods query awareness (4529)', async () => {
    const r = await raw(fx.sheets.sheetA1, fx.tokens.reviewer)
    for (let i = 0; i < 500; i++) r.ws.send(QUERY_AWARENESS)
    expect((await within(r.closed, 5000, 'close')).code).toBe(4529)
  })

  it('lets a normal client resync a few times without being closed', async () => {
    const r = await raw(fx.sheets.sheetA2, fx.tokens.reviewer)
    for (let i = 0; i < 5; i++) r.ws.send(STEP1)
    r.ws.ping()
    await new Promise((resolve) => r.ws.once('pong', resolve))
    expect(r.ws.readyState).toBe(WebSocket.OPEN)
    r.ws.close()
  })

  it('closes a reader whose unread output passes the cap (4508)', async () => {
    // a big sheet: every reply to step 1 is ~600 KB, 15 of them far more than the socket
    // buffers of the loopback take
    const sheet = fx.sheets.sheetB1
    const writer = await raw(sheet, fx.tokens.admin)
    writer.ws.send(updateFrame(rowsUpdate(30, '长'.repeat(20_000))))
    await waitFor(async () => (await rowsOf(sheet)).length >= 30, { what: 'the big rows' })
    writer.ws.close()
    const r = await raw(sheet, fx.tokens.reviewer)
    r.ws.pause()
    for (let i = 0; i < 15; i++) r.ws.send(STEP1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    r.ws.resume()
    const { code } = await within(r.closed, 10_000, 'close')
    // the close frame waits behind what was queued; the server cuts the socket 2 s later
    expect([4508, 1006]).toContain(code)
    expect((await server.api('GET', '/api/me', fx.tokens.reviewer)).status).toBe(200)
  })

  it('refuses a frame from its header when it announces more than the message limit (1009)', async () => {
    const socket: Socket = connect(server.port, '127.0.0.1')
    let received = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])))
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      `GET /sync/${fx.sheets.sheetA1}?token=${fx.tokens.reviewer} HTTP/1.1\r\n` +
        `Host: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    )
    await waitFor(() => received.includes('\r\n\r\n'), { what: 'the upgrade' })
    expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/)
    received = received.subarray(received.indexOf('\r\n\r\n') + 4)
    // binary frame, masked, 64-bit length: 20 MiB (the limit is 16 MiB); 1 KiB of it sent
    const header = Buffer.alloc(14)
    header[0] = 0x82
    header[1] = 0x80 | 127
    header.writeBigUInt64BE(20n * 1024n * 1024n, 2)
    socket.write(Buffer.concat([header, Buffer.alloc(1024)]))
    const closeCode = await within(
      new Promise<number>((resolve) => {
        const look = () => {
          for (let at = 0; at + 2 <= received.length;) {
            const op = received[at]! & 0x0f
            let len = received[at + 1]! & 0x7f
            let start = at + 2
            if (len === 126) {
              len = received.readUInt16BE(at + 2)
              start += 2
            } else if (len === 127) {
              len = Number(received.readBigUInt64BE(at + 2))
              start += 8
            }
            if (start + len > received.length) return
            if (op === 8) return resolve(received.readUInt16BE(start))
            at = start + len
          }
        }
        socket.on('data', look)
        look()
      }),
      3000,
      'close frame',
    )
    expect(closeCode).toBe(1009)
    socket.destroy()
  })
})

describe('nesting', () => {
  it('refuses deep nesting under meta, a row and a cell with 1007, storing nothing', async () => {
    const sheet = fx.sheets.sheetA2
    const before = (await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)).body
    const meta = await raw(sheet, fx.tokens.boss)
    meta.ws.send(updateFrame(nestedUpdate(null, (d) => d.getMap('meta'), 'x', 50)))
    const closed = await within(meta.closed, 5000, 'close')
    expect(closed.code).toBe(1007)
    expect(closed.reason).toContain('嵌套')

    // a row map nesting maps in a cell
    const base = rowsUpdate(1, '嵌套')
    const rowId = [
      ...(() => {
        const d = new Y.Doc()
        Y.applyUpdate(d, base)
        return d.getMap('rows').keys()
      })(),
    ][0]!
    const cell = await raw(sheet, fx.tokens.boss)
    cell.ws.send(updateFrame(base))
    // judged against the doc: the row must be in it first
    await waitFor(async () => (await rowsOf(sheet)).length === before.rows.length + 1, {
      what: 'the row',
    })
    const deepCell = nestedUpdate(
      base,
      (d) => d.getMap('rows').get(rowId) as Y.Map<unknown>,
      'name',
      10,
    )
    cell.ws.send(updateFrame(deepCell))
    expect((await within(cell.closed, 5000, 'close')).code).toBe(1007)

    const after = (await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)).body
    expect(after.rows.length).toBe(before.rows.length + 1)
    expect((await server.api('GET', `/api/sheets/${sheet}`, fx.tokens.admin)).status).toBe(200)
  })
})

describe('row cap', () => {
  it(`refuses sync writes past ${ROW_CAP} rows with 4413 and a Chinese reason`, async () => {
    const sheet = fx.sheets.sheetA1
    const have = (await rowsOf(sheet)).length
    const ok = await raw(sheet, fx.tokens.filler)
    ok.ws.send(updateFrame(rowsUpdate(ROW_CAP - have - 5, '可以')))
    await waitFor(async () => (await rowsOf(sheet)).length === ROW_CAP - 5, { what: 'rows' })
    ok.ws.send(updateFrame(rowsUpdate(10, '太多')))
    const closed = await within(ok.closed, 5000, 'close')
    expect(closed.code).toBe(4413)
    expect(closed.reason).toContain(`上限 ${ROW_CAP} 行`)
    expect((await rowsOf(sheet)).length).toBe(ROW_CAP - 5)
    // the stock provider stops at a 44xx close and says why
    const client = connectSheet(server.wsUrl, sheet, fx.tokens.filler)
    clients.push(client)
    await client.synced
    client.doc.transact(() => {
      for (let i = 0; i < 10; i++) insertRow(client.doc, { name: `又一行${i}` })
    })
    expect((await within(client.closed, 5000, 'provider closed')).code).toBe(4413)
  })
})

describe('a document an older version stored with 20,000 nested maps under meta', () => {
  it('still loads: rows, findings, the export and sync work', async () => {
    const sheet = fx.sheets.sheetA2
    await server.kill()
    await appendToStoredLog(
      server,
      sheet,
      nestedUpdate(null, (d) => d.getMap('meta'), 'deep', 20_000),
    )
    await server.restart()
    const admin = await server.login('admin', server.adminPassword)
    const rows = await server.api('GET', `/api/sheets/${sheet}/rows`, admin)
    expect(rows.status).toBe(200)
    expect((await server.api('GET', `/api/sheets/${sheet}/findings`, admin)).status).toBe(200)
    const exported = await fetch(`${server.url}/api/sheets/${sheet}/export?format=csv`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(exported.status).toBe(200)
    const client = connectSheet(server.wsUrl, sheet, admin)
    clients.push(client)
    await within(client.synced, 10_000, 'sync')
    expect(client.doc.getMap('rows').size).toBe(rows.body.rows.length)
  })
})
