/**
 * @module tests/cluster/cluster.test
 * The in-process fan-out suite (`clusterSync.ts`), then several `taizhang serve` processes on one PostgreSQL database and one Redis form one
 * service (docs/ARCHITECTURE.md §8). Stock y-websocket providers spread over the nodes edit one sheet:
 * - they converge, and every node serves the same rows, findings and consolidation; the
 *   stored log has every update exactly once while the nodes compact constantly;
 * - logging out on one node closes the user's connections on the others;
 * - the part of a failing update Yjs integrated before throwing reaches other nodes' clients;
 * - a node killed with SIGKILL during the edits: its clients move to another node (a fresh
 *   provider on the same Y.Doc) and every edit survives;
 * - Redis restarted during the edits: the nodes keep converging through the log and
 *   recover; nothing is lost.
 */
import { insertRow, readRows, rowsMap, setCell, type Row } from '@taizhang/schema'
import { migratePg, openPgPool, PgDocStore } from '@taizhang/server/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, USER_PASSWORD, type Fixture, type TestServer } from '../helpers/server'
import { updateThatFailsPartway } from '../helpers/failingUpdate'
import { connectSheet, updateFrame, waitFor, type SheetClient } from '../helpers/wsClient'
import { startCluster, startRedis, stopRedis, type Cluster } from './cluster'
import { describeClusterSync } from './clusterSync'

// first, in this file: the Redis restart below must not overlap it
describeClusterSync()

let cluster: Cluster
let fx: Fixture
const clients: SheetClient[] = []

beforeAll(async () => {
  // compact often, so compactions of one sheet on several nodes overlap with the edits
  cluster = await startCluster(3, {
    TAIZHANG_COMPACT_EVERY: '15',
    TAIZHANG_VALIDATE_DEBOUNCE_MS: '50',
  })
  fx = await seedFixture(cluster.nodes[0]!)
}, 90_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await cluster?.stop()
})

function open(node: TestServer, sheetId: string, token: string, doc?: Y.Doc): SheetClient {
  const c = connectSheet(node.wsUrl, sheetId, token, doc)
  clients.push(c)
  return c
}

/** Move a client to another node: the provider has one URL, so a fresh one on the same doc. */
function move(c: SheetClient, node: TestServer, sheetId: string, token: string): SheetClient {
  c.provider.destroy()
  return open(node, sheetId, token, c.doc)
}

const names = (rows: Row[]) => rows.map((r) => String(r.name)).sort()
const same = (docs: Y.Doc[]) => {
  const first = JSON.stringify(readRows(docs[0]!))
  return docs.every((d) => JSON.stringify(readRows(d)) === first)
}

/** Every client inserts a row now and then and edits others; returns the row names it made. */
function editLoop(editors: SheetClient[], rounds: number, pauseMs: number, tag: string) {
  const made: string[] = []
  const done = (async () => {
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of editors.entries()) {
        if (round % 2 === 0) {
          const name = `${tag}-${i}-${round}`
          insertRow(c.doc, { name, members: round })
          made.push(name)
        } else {
          const known = [...rowsMap(c.doc).keys()]
          setCell(c.doc, known[(round * 7 + i) % known.length]!, 'members', round * 10 + i)
        }
      }
      await new Promise((r) => setTimeout(r, pauseMs))
    }
  })()
  return { made, done }
}

async function expectAllConverged(editors: SheetClient[], expected: string[], what: string) {
  await waitFor(() => editors.every((c) => readRows(c.doc).length === expected.length), {
    what: `${what}: every editor has every row`,
    timeoutMs: 20_000,
  })
  await waitFor(() => same(editors.map((c) => c.doc)), {
    what: `${what}: converge`,
    timeoutMs: 20_000,
  })
  expect(names(readRows(editors[0]!.doc))).toEqual([...expected].sort())
}

describe('a cluster of three nodes on PostgreSQL + Redis', () => {
  it('converges clients spread over the nodes; every node agrees; no update lost or doubled', async () => {
    const sheet = fx.sheets.sheetA1
    const tokens = [fx.tokens.filler, fx.tokens.lead, fx.tokens.admin]
    const editors = cluster.nodes.flatMap((node, n) =>
      [0, 1].map((k) => open(node, sheet, tokens[(n + k) % 3]!)),
    )
    await Promise.all(editors.map((c) => c.synced))
    const { made, done } = editLoop(editors, 30, 10, 'conv')
    await done
    await expectAllConverged(editors, made, 'three nodes')

    // every node serves the same rows and the same findings
    const rows = readRows(editors[0]!.doc)
    for (const node of cluster.nodes) {
      const res = await node.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.lead)
      expect(res.body.rows).toEqual(rows)
    }
    const findings = async (node: TestServer) =>
      JSON.stringify((await node.api('GET', `/api/sheets/${sheet}/findings`, fx.tokens.lead)).body)
    await waitFor(
      async () => {
        const all = await Promise.all(cluster.nodes.map(findings))
        return all.every((f) => f === all[0])
      },
      { what: 'findings agree on every node', timeoutMs: 10_000 },
    )
    const consolidation = async (node: TestServer) => {
      const res = await node.api(
        'GET',
        `/api/units/${fx.units.townA}/consolidation`,
        fx.tokens.consolidator,
      )
      expect(res.status).toBe(200)
      return JSON.stringify(res.body, (k, v) => (/At$/.test(k) ? undefined : v))
    }
    const consolidations = await Promise.all(cluster.nodes.map(consolidation))
    expect(consolidations[1]).toBe(consolidations[0])
    expect(consolidations[2]).toBe(consolidations[0])

    // the stored log: seqs 1..n exactly once, and snapshot + log rebuild the same rows
    const pool = openPgPool(cluster.db.url)
    try {
      await migratePg(pool)
      const store = new PgDocStore(pool)
      const log = await store.readLog(sheet)
      expect(log.map((u) => u.seq)).toEqual(log.map((_, i) => i + 1))
      // a node snapshots once it is not busy: on a loaded machine that may be the quiet-time one
      await waitFor(async () => (await store.load(sheet)).uptoSeq > 0, {
        what: 'a snapshot of the sheet',
        timeoutMs: 75_000,
      })
      const loaded = await store.load(sheet)
      expect(loaded.uptoSeq).toBeGreaterThan(0)
      const doc = new Y.Doc()
      if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
      for (const u of loaded.updates) Y.applyUpdate(doc, u.data)
      expect(readRows(doc)).toEqual(rows)
    } finally {
      await pool.end()
    }
    const metrics = await Promise.all(
      cluster.nodes.map((n) => fetch(n.url + '/metrics').then((r) => r.text())),
    )
    const total = (name: string) =>
      metrics.reduce(
        (sum, text) =>
          sum + Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'))?.[1] ?? 0),
        0,
      )
    expect(total('taizhang_compactions_total')).toBeGreaterThan(0)
    expect(total('taizhang_cluster_remote_updates_total')).toBeGreaterThan(0)
    for (const c of editors) c.provider.destroy()
  }, 150_000)

  it("closes a user's sync connections on every node when they log out on one", async () => {
    const [a, , c] = cluster.nodes as [TestServer, TestServer, TestServer]
    const token = await a.login('lead', USER_PASSWORD)
    const elsewhere = open(c, fx.sheets.sheetA1, token)
    await elsewhere.synced
    expect((await a.api('POST', '/api/logout', token)).status).toBeLessThan(300)
    expect((await elsewhere.closed).code).toBe(4401)
  })

  it('passes on what a failing update integrated before it threw to the clients of every node', async () => {
    const [a, b] = cluster.nodes as [TestServer, TestServer, TestServer]
    const sheet = fx.sheets.sheetA1
    const watcher = open(b, sheet, fx.tokens.lead)
    await watcher.synced
    const row = insertRow(watcher.doc, { name: '被改的行' })
    await waitFor(
      async () =>
        ((await a.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.lead)).body.rows as Row[]).some(
          (r) => r.id === row,
        ),
      { what: 'the row on node a' },
    )
    const failing = updateThatFailsPartway(Y.encodeStateAsUpdate(watcher.doc), row, 535353)
    const raw = new WebSocket(`${a.wsUrl}/sync/${sheet}?token=${fx.tokens.lead}`)
    raw.on('error', () => {})
    await new Promise((resolve) => raw.once('open', resolve))
    const closed = new Promise<number>((resolve) => raw.once('close', resolve))
    raw.send(updateFrame(failing))
    expect(await closed).toBe(1007)
    const fresh = open(a, sheet, fx.tokens.lead)
    await fresh.synced
    const kept = Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).get(535353)
    expect(kept).toBeGreaterThan(0)
    await waitFor(
      () => Y.decodeStateVector(Y.encodeStateVector(watcher.doc)).get(535353) === kept,
      { what: 'the integrated part reaches a client on another node', timeoutMs: 5000 },
    )
    watcher.provider.destroy()
    fresh.provider.destroy()
  })

  it('loses no edit when a node is killed with SIGKILL; its clients move to another node', async () => {
    const sheet = fx.sheets.sheetA2
    const [a, b, c] = cluster.nodes as [TestServer, TestServer, TestServer]
    const editors = [
      open(a, sheet, fx.tokens.boss),
      open(b, sheet, fx.tokens.admin),
      open(c, sheet, fx.tokens.admin),
      open(c, sheet, fx.tokens.boss),
    ]
    await Promise.all(editors.map((e) => e.synced))
    const { made, done } = editLoop(editors, 40, 15, 'kill')
    await new Promise((r) => setTimeout(r, 200))
    await c.kill('SIGKILL')
    // the clients of the dead node keep editing offline, then reconnect elsewhere
    await new Promise((r) => setTimeout(r, 150))
    editors[2] = move(editors[2]!, a, sheet, fx.tokens.admin)
    editors[3] = move(editors[3]!, b, sheet, fx.tokens.boss)
    await done
    await expectAllConverged(editors, made, 'after the kill')
    for (const node of [a, b]) {
      const res = await node.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.boss)
      expect(names(res.body.rows)).toEqual([...made].sort())
    }
    // the killed node comes back and serves the same sheet
    await c.restart()
    const late = open(c, sheet, fx.tokens.boss)
    await late.synced
    await waitFor(() => same([late.doc, editors[0]!.doc]), { what: 'restarted node serves it all' })
    for (const e of [...editors, late]) e.provider.destroy()
  }, 60_000)

  it('recovers from a Redis restart during edits without losing anything', async () => {
    const sheet = fx.sheets.sheetB1
    const [a, b, c] = cluster.nodes as [TestServer, TestServer, TestServer]
    const editors = [
      open(a, sheet, fx.tokens.admin),
      open(b, sheet, fx.tokens.boss),
      open(c, sheet, fx.tokens.admin),
    ]
    await Promise.all(editors.map((e) => e.synced))
    const { made, done } = editLoop(editors, 40, 25, 'redis')
    try {
      await new Promise((r) => setTimeout(r, 200))
      stopRedis()
      const ready = await b.api('GET', '/readyz')
      expect(ready.status).toBe(503)
      // meanwhile the nodes keep converging through the log in PostgreSQL
      await new Promise((r) => setTimeout(r, 1500))
    } finally {
      await startRedis()
    }
    await done
    await expectAllConverged(editors, made, 'after the Redis restart')
    await waitFor(async () => (await b.api('GET', '/readyz')).status === 200, {
      what: 'node ready again',
      timeoutMs: 10_000,
    })
    // and the fan-out through Redis works again: one more edit reaches the other nodes
    const last = insertRow(editors[0]!.doc, { name: 'redis-after', members: 1 })
    await waitFor(() => editors.every((e) => rowsMap(e.doc).has(last)), {
      what: 'an edit after the restart',
      timeoutMs: 10_000,
    })
    for (const e of editors) e.provider.destroy()
  }, 60_000)
})
