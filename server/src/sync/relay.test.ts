/**
 * @module sync/relay.test
 * The relay in-process: `routes/sync.ts` + RoomManager on a small Hono app served on a real
 * port with @hono/node-ws, a real SQLite file, and stock `y-websocket` providers (Node `ws`,
 * BroadcastChannel off) plus raw `ws` sockets for bad input. The test `SyncAccess` stands in
 * for the API's; the whole server is tested in tests/sync/.
 */
import { serve, type ServerType } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import { conflictsMap, insertRow, readRows, rowsMap, setCell, writeMeta } from '@taizhang/schema'
import { Hono } from 'hono'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { SyncAccess } from '../auth/syncAccess'
import { syncRoutes } from '../routes/sync'
import { openDatabase, type Db } from '../storage/sqlite/db'
import type { DocStore } from '../storage/DocStore'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { encodeUpdate } from './protocol'
import { RoomManager, type RoomManagerOptions } from './RoomManager'
import type { SyncUser } from './SyncUser'

const USERS: Record<string, Required<SyncUser>> = {
  'tok-wang': { id: 'u-wang', username: 'wang', displayName: '小王' },
  'tok-li': { id: 'u-li', username: 'li', displayName: '老李' },
  'tok-reader': { id: 'u-reader', username: 'reader', displayName: '查阅' },
  'tok-other': { id: 'u-other', username: 'other', displayName: '别的镇' },
}

const access: SyncAccess = {
  async authenticate(token) {
    return (token && USERS[token]) || null
  },
  async syncAccessLevel(user, sheetId) {
    if (!sheetId.startsWith('sheet')) return 'unknown'
    if (user.id === 'u-other') return 'none'
    return user.id === 'u-reader' ? 'read' : 'write'
  },
}

interface Relay {
  url: string
  rooms: RoomManager
  store: DocStore
  loads: string[]
  /** Make the store refuse appends (a full disk). */
  failAppends: boolean
  restart(): Promise<void>
  close(): Promise<void>
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function startRelay(
  options: Partial<RoomManagerOptions> = {},
  {
    appendDelayMs = 0,
    flushGate = null,
  }: { appendDelayMs?: number; flushGate?: (() => Promise<void>) | null } = {},
): Promise<Relay> {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-relay-'))
  let db: Db
  let sqlite: SqliteDocStore
  let server: ServerType
  const loads: string[] = []
  const relay = {} as Relay
  const start = async (port: number) => {
    db = openDatabase(dir)
    sqlite = new SqliteDocStore(db)
    const refuse = (): void => {
      if (relay.failAppends) throw new Error('disk full')
    }
    // count loads, to prove one load per room however many clients arrive together; with a
    // delay, appends are acknowledged later (the room's path with a promise per edit)
    const store: DocStore = {
      load: (id) => (loads.push(id), sqlite.load(id)),
      append: async (...a) => {
        refuse()
        const seq = await sqlite.append(...a)
        if (appendDelayMs) await new Promise((r) => setTimeout(r, appendDelayMs))
        return seq
      },
      appendNow: appendDelayMs ? undefined : (...a) => (refuse(), sqlite.appendNow(...a)),
      compact: (...a) => sqlite.compact(...a),
      readLog: (...a) => sqlite.readLog(...a),
      lastSeq: (id) => sqlite.lastSeq(id),
      durable: async () => {
        await flushGate?.()
        await sqlite.durable()
      },
    }
    const rooms = new RoomManager({ store, ...options })
    const app = new Hono()
    const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app })
    app.route('/sync', syncRoutes({ rooms, access, upgradeWebSocket }))
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s))
    })
    injectWebSocket(server)
    Object.assign(relay, {
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
      rooms,
      store,
    })
  }
  const stop = async () => {
    await relay.rooms.close()
    if ('closeAllConnections' in server) server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await sqlite.close()
    db.close()
  }
  await start(0)
  Object.assign(relay, {
    loads,
    failAppends: false,
    restart: async () => {
      const port = Number(new URL(relay.url).port)
      await stop()
      await start(port)
    },
    close: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  })
  cleanups.push(() => relay.close())
  return relay
}

interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  denied: string[]
}

function client(relay: Relay, sheetId: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(`${relay.url}/sync`, sheetId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
    maxBackoffTime: 200,
  })
  const denied: string[] = []
  const auth = provider.messageHandlers[2]!
  provider.messageHandlers[2] = (...args) => {
    denied.push('denied')
    auth(...args)
  }
  cleanups.push(() => provider.destroy())
  return { doc, provider, denied }
}

const synced = (c: Client): Promise<void> =>
  new Promise((resolve) =>
    c.provider.synced ? resolve() : c.provider.once('sync', () => resolve()),
  )

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A raw socket; resolves with it open, and records the close. */
async function raw(relay: Relay, sheetId: string, token = 'tok-wang') {
  const ws = new WebSocket(`${relay.url}/sync/${sheetId}?token=${token}`)
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  ws.on('error', () => {})
  await new Promise((resolve) => ws.once('open', resolve))
  cleanups.push(() => ws.terminate())
  return { ws, closed }
}

async function storedRows(relay: Relay, sheetId: string) {
  const { snapshot, updates } = await relay.store.load(sheetId)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const u of updates) Y.applyUpdate(doc, u.data)
  return readRows(doc)
}

describe('sync relay', () => {
  it('with relayAfterSync, relays an edit only once the store has flushed it', async () => {
    let open: () => void = () => {}
    let gate = new Promise<void>((resolve) => (open = resolve))
    let flushed = false
    const relay = await startRelay(
      { relayAfterSync: true },
      { flushGate: () => gate.then(() => void (flushed = true)) },
    )
    const [wang, li] = [client(relay, 'sheet1', 'tok-wang'), client(relay, 'sheet1', 'tok-li')]
    await Promise.all([synced(wang), synced(li)])
    insertRow(wang.doc, { name: '等待落盘' })
    await waitFor(async () => (await relay.store.lastSeq('sheet1')) > 0, 'the edit is in the log')
    await new Promise((r) => setTimeout(r, 100))
    expect(readRows(li.doc)).toEqual([])
    open()
    await waitFor(() => readRows(li.doc).length === 1, 'relayed after the flush')
    expect(flushed).toBe(true)
    gate = Promise.resolve()
  })

  it('lets stock providers converge, and a late joiner gets the whole state', async () => {
    const relay = await startRelay()
    const clients = [client(relay, 'sheet1', 'tok-wang'), client(relay, 'sheet1', 'tok-li')]
    await Promise.all(clients.map(synced))
    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push(insertRow(clients[i % 2]!.doc, { name: `组织${i}` }))
    await waitFor(
      () => clients.every((c) => readRows(c.doc).length === 20),
      'both clients see 20 rows',
    )
    const late = client(relay, 'sheet1', 'tok-reader')
    await synced(late)
    expect(readRows(late.doc)).toEqual(readRows(clients[0]!.doc))
    expect(readRows(clients[1]!.doc)).toEqual(readRows(clients[0]!.doc))
    expect(await storedRows(relay, 'sheet1')).toEqual(readRows(clients[0]!.doc))
  })

  it('loads a sheet once when many clients arrive together', async () => {
    const relay = await startRelay()
    const seed = new Y.Doc()
    insertRow(seed, { name: '已存' })
    await relay.store.append('sheet2', Y.encodeStateAsUpdate(seed), 'u-wang', new Date())
    const clients = Array.from({ length: 8 }, () => client(relay, 'sheet2', 'tok-li'))
    await Promise.all(clients.map(synced))
    expect(relay.loads.filter((id) => id === 'sheet2')).toEqual(['sheet2'])
    for (const c of clients) expect(readRows(c.doc).map((r) => r.name)).toEqual(['已存'])
  })

  it('merges a client that edited offline with no edit lost', async () => {
    const relay = await startRelay()
    const a = client(relay, 'sheet3', 'tok-wang')
    const b = client(relay, 'sheet3', 'tok-li')
    await Promise.all([synced(a), synced(b)])
    const row = insertRow(a.doc, { name: '甲', count: 1 })
    await waitFor(() => readRows(b.doc).length === 1, 'b sees the row')
    b.provider.disconnect()
    setCell(b.doc, row, 'phone', '13800000000')
    insertRow(b.doc, { name: '离线新增' })
    setCell(a.doc, row, 'count', 2)
    b.provider.connect()
    await waitFor(
      () => readRows(a.doc).length === 2 && readRows(b.doc).find((r) => r.id === row)?.count === 2,
      'offline edits merged',
    )
    expect(readRows(a.doc)).toEqual(readRows(b.doc))
    expect(readRows(a.doc).find((r) => r.id === row)).toMatchObject({
      phone: '13800000000',
      count: 2,
    })
  })

  it('relays an update only after the store acknowledged it, attributed to the sender', async () => {
    const relay = await startRelay({}, { appendDelayMs: 300 })
    const a = client(relay, 'sheet4', 'tok-wang')
    const b = client(relay, 'sheet4', 'tok-li')
    await Promise.all([synced(a), synced(b)])
    const sent = Date.now()
    insertRow(a.doc, { name: '先存后发' })
    await waitFor(() => readRows(b.doc).length === 1, 'relayed')
    expect(Date.now() - sent).toBeGreaterThanOrEqual(290)
    const log = await relay.store.readLog('sheet4')
    expect(log.map((u) => u.userId)).toEqual(['u-wang'])
  })

  it.each([
    ['acknowledged at once', 0],
    ['acknowledged later', 50],
  ])(
    'closes the sender (1011) when the store refuses its edit, %s; nothing of it is relayed',
    async (_, appendDelayMs) => {
      const relay = await startRelay({}, { appendDelayMs })
      const a = client(relay, 'sheet9', 'tok-wang')
      const b = client(relay, 'sheet9', 'tok-li')
      await Promise.all([synced(a), synced(b)])
      insertRow(a.doc, { name: '存好的' })
      await waitFor(() => readRows(b.doc).length === 1, 'relayed')
      const closed = new Promise<number>((resolve) =>
        a.provider.ws!.addEventListener('close', (event) => resolve(event.code)),
      )
      relay.failAppends = true
      insertRow(a.doc, { name: '存不下' })
      expect(await closed).toBe(1011)
      await new Promise((r) => setTimeout(r, 100))
      expect(readRows(b.doc).map((r) => r.name)).toEqual(['存好的'])
      expect(readRows(await relay.rooms.getDoc('sheet9')).map((r) => r.name)).toEqual(['存好的'])
      // once the store takes appends again, the sender's reconnect delivers the edit
      relay.failAppends = false
      await waitFor(() => readRows(b.doc).length === 2, 'delivered after the reconnect')
      expect((await storedRows(relay, 'sheet9')).map((r) => r.name).sort()).toEqual([
        '存不下',
        '存好的',
      ])
    },
  )

  it('answers sync step 1 of a read-only user but applies none of its writes', async () => {
    const relay = await startRelay()
    const writer = client(relay, 'sheet5', 'tok-wang')
    await synced(writer)
    insertRow(writer.doc, { name: '可读' })
    await waitFor(async () => (await storedRows(relay, 'sheet5')).length === 1, 'stored')
    const reader = client(relay, 'sheet5', 'tok-reader')
    await synced(reader)
    expect(readRows(reader.doc).map((r) => r.name)).toEqual(['可读'])
    insertRow(reader.doc, { name: '只读用户的修改' })
    await waitFor(() => reader.denied.length === 1, 'permission denied sent')
    await new Promise((r) => setTimeout(r, 100))
    expect(readRows(writer.doc).map((r) => r.name)).toEqual(['可读'])
    expect((await storedRows(relay, 'sheet5')).map((r) => r.name)).toEqual(['可读'])
  })

  it('locks a sheet: writes refused and the client told, reading still works, server changes pass', async () => {
    const relay = await startRelay()
    const a = client(relay, 'sheet6', 'tok-wang')
    await synced(a)
    const row = insertRow(a.doc, { name: '验收前' })
    await waitFor(async () => (await storedRows(relay, 'sheet6')).length === 1, 'stored')
    await relay.rooms.applyServerChange('sheet6', 'u-li', (doc) =>
      writeMeta(doc, { status: 'accepted' }),
    )
    relay.rooms.setLocked('sheet6', true)
    await waitFor(() => a.doc.getMap('meta').get('status') === 'accepted', 'status relayed')
    setCell(a.doc, row, 'name', '验收后改')
    await waitFor(() => a.denied.length === 1, 'denied')
    const fresh = client(relay, 'sheet6', 'tok-li')
    await synced(fresh)
    expect(readRows(fresh.doc)[0]!.name).toBe('验收前')
    expect((await storedRows(relay, 'sheet6'))[0]!.name).toBe('验收前')
  })

  it('reads the lock from the stored status when a sheet is loaded', async () => {
    const relay = await startRelay()
    await relay.rooms.applyServerChange('sheet7', null, (doc) => {
      writeMeta(doc, { status: 'accepted' })
      insertRow(doc, { name: '已验收' })
    })
    await relay.restart()
    const a = client(relay, 'sheet7', 'tok-wang')
    await synced(a)
    insertRow(a.doc, { name: '不该保存' })
    await waitFor(() => a.denied.length === 1, 'denied after reload')
    expect((await storedRows(relay, 'sheet7')).map((r) => r.name)).toEqual(['已验收'])
  })

  it('refuses a missing token (4401), an unknown sheet (4404) and a foreign sheet (4403)', async () => {
    const relay = await startRelay()
    expect(await (await raw(relay, 'sheet8', 'bad')).closed).toMatchObject({ code: 4401 })
    expect(await (await raw(relay, 'nosuch', 'tok-wang')).closed).toMatchObject({ code: 4404 })
    expect(await (await raw(relay, 'sheet8', 'tok-other')).closed).toMatchObject({ code: 4403 })
    const p = client(relay, 'sheet8', 'tok-other')
    const closed = await new Promise<{ code: number }>((resolve) =>
      p.provider.once('closed', resolve),
    )
    expect(closed.code).toBe(4403)
    expect(p.provider.shouldConnect).toBe(false)
  })

  it('closes only the connection that sends bad input and keeps the sheet unchanged', async () => {
    const relay = await startRelay({ maxMessageBytes: 4096 })
    const good = client(relay, 'sheet9', 'tok-li')
    await synced(good)
    insertRow(good.doc, { name: '好数据' })
    await waitFor(async () => (await storedRows(relay, 'sheet9')).length === 1, 'stored')
    const before = await relay.store.lastSeq('sheet9')

    const cases: [string, Uint8Array | string, number][] = [
      ['truncated sync message', new Uint8Array([0, 2, 50, 1, 2]), 1002],
      ['random bytes', new Uint8Array([7, 9, 200, 13, 255, 1]), 1002],
      ['over the size limit', new Uint8Array(5000), 1009],
      ['invalid Yjs update', encodeUpdate(new Uint8Array([5, 200, 1, 7, 7, 7])), 1007],
      ['text frame', 'hello', 1003],
    ]
    for (const [what, frame, code] of cases) {
      const { ws, closed } = await raw(relay, 'sheet9')
      ws.send(frame)
      expect((await closed).code, what).toBe(code)
    }
    insertRow(good.doc, { name: '之后仍可同步' })
    const other = client(relay, 'sheet9', 'tok-wang')
    await synced(other)
    await waitFor(() => readRows(other.doc).length === 2, 'still syncing')
    expect(await relay.store.lastSeq('sheet9')).toBe(before + 1)
    expect((await storedRows(relay, 'sheet9')).map((r) => r.name)).toEqual([
      '好数据',
      '之后仍可同步',
    ])
  })

  it('relays awareness, answers a query, and removes a closed connection’s state', async () => {
    const relay = await startRelay()
    const a = client(relay, 'sheet10', 'tok-wang')
    const b = client(relay, 'sheet10', 'tok-li')
    await Promise.all([synced(a), synced(b)])
    a.provider.awareness.setLocalState({
      user: { id: 'u-wang', name: '小王', color: '#f00' },
      cursor: null,
    })
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 'b sees a')
    const c = client(relay, 'sheet10', 'tok-li')
    await synced(c)
    await waitFor(() => c.provider.awareness.getStates().has(a.doc.clientID), 'late joiner sees a')
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'a removed')
  })

  it('records both values of a cell two users changed while offline', async () => {
    const relay = await startRelay()
    const a = client(relay, 'sheet11', 'tok-wang')
    const b = client(relay, 'sheet11', 'tok-li')
    await Promise.all([synced(a), synced(b)])
    const row = insertRow(a.doc, { name: '原名' })
    await waitFor(() => readRows(b.doc).length === 1, 'b has the row')
    a.provider.disconnect()
    b.provider.disconnect()
    setCell(a.doc, row, 'name', '王改的名')
    setCell(b.doc, row, 'name', '李改的名')
    a.provider.connect()
    await synced(a)
    b.provider.connect()
    await waitFor(
      () => conflictsMap(a.doc).size === 1 && conflictsMap(b.doc).size === 1,
      'conflict relayed',
    )
    const record = conflictsMap(a.doc).get(`${row}/name`)!
    expect(record.resolved).toBe(false)
    expect(record.values.map((v) => [v.value, v.by]).sort()).toEqual([
      ['李改的名', 'u-li'],
      ['王改的名', 'u-wang'],
    ])
    const stored = new Y.Doc()
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(await relay.rooms.getDoc('sheet11')))
    expect(conflictsMap(stored).get(`${row}/name`)?.values).toHaveLength(2)
  })

  it('unloads an idle sheet after its writes are safe, with a snapshot, and reloads it', async () => {
    const relay = await startRelay({ unloadAfterMs: 50 })
    const a = client(relay, 'sheet12', 'tok-wang')
    await synced(a)
    for (let i = 0; i < 30; i++) insertRow(a.doc, { name: `行${i}` })
    a.provider.destroy()
    await waitFor(
      () => relay.rooms.stats().rooms === 0 && relay.rooms.stats().unloading === 0,
      'unloaded',
    )
    const loaded = await relay.store.load('sheet12')
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toEqual([])
    expect((await storedRows(relay, 'sheet12')).length).toBe(30)
    const b = client(relay, 'sheet12', 'tok-li')
    await synced(b)
    expect(readRows(b.doc)).toHaveLength(30)
  })

  it('compacts as the log grows without losing any update', async () => {
    // Count-based compaction also waits for one update per 128 bytes of the sheet, and the
    // size of an update depends on the random client id: the idle timer makes the test
    // independent of that (whichever comes first, the snapshot must hold every update).
    const relay = await startRelay({ compactEvery: 10, compactAfterMs: 200 })
    const a = client(relay, 'sheet13', 'tok-wang')
    await synced(a)
    for (let i = 0; i < 25; i++) {
      insertRow(a.doc, { name: `行${i}` })
      await new Promise((r) => setTimeout(r, 2))
    }
    await waitFor(async () => (await relay.store.lastSeq('sheet13')) === 25, 'all stored', 15_000)
    await waitFor(
      async () => (await relay.store.load('sheet13')).uptoSeq >= 20,
      'compacted',
      15_000,
    )
    expect(await storedRows(relay, 'sheet13')).toEqual(readRows(a.doc))
    expect(rowsMap(await relay.rooms.getDoc('sheet13')).size).toBe(25)
  })

  it('keeps every acknowledged update across a restart of the relay', async () => {
    const relay = await startRelay()
    const a = client(relay, 'sheet14', 'tok-wang')
    await synced(a)
    for (let i = 0; i < 10; i++) insertRow(a.doc, { name: `行${i}` })
    await waitFor(async () => (await storedRows(relay, 'sheet14')).length === 10, 'stored')
    await relay.restart()
    await waitFor(() => a.provider.synced, 'resynced after restart', 10_000)
    insertRow(a.doc, { name: '重启后' })
    const b = client(relay, 'sheet14', 'tok-li')
    await synced(b)
    await waitFor(() => readRows(b.doc).length === 11, 'b sees 11 rows')
    expect(readRows(b.doc)).toEqual(readRows(a.doc))
  })
})
