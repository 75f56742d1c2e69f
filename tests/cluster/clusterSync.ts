/**
 * @module tests/cluster/clusterSync
 * Suite (run from `cluster.test.ts`, so it never overlaps the Redis restart there: vitest
 * runs test files in parallel, the tests of one file in order). The fan-out layer in process: two or three RoomManagers ("nodes") on PgDocStores over one
 * fresh PostgreSQL database and the real Redis, wired by ClusterSync as `main.ts` does.
 * - a node opening a sheet while another writes to it misses nothing, by stream replay
 *   alone (log polling switched off);
 * - an update stored but never added to the stream (a node died in between) is fetched
 *   from the log;
 * - awareness crosses nodes through pub/sub.
 */
import { randomBytes } from 'node:crypto'
import { ClusterSync, SeqTracker } from '@taizhang/server/cluster'
import { migratePg, openPgPool, PgDocStore, type PgPool } from '@taizhang/server/storage'
import { RoomManager } from '@taizhang/server/sync'
import { createTestDatabase, type TestDatabase } from '@taizhang/server/test'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { waitFor } from '../helpers/wsClient'
import { REDIS_URL } from './cluster'

const sheetId = () => `s${randomBytes(6).toString('hex')}`

interface Node {
  store: PgDocStore
  cluster: ClusterSync
  rooms: RoomManager
}

export function describeClusterSync(): void {
  describe('ClusterSync between nodes', () => {
    let db: TestDatabase
    const pools: PgPool[] = []
    const nodes: Node[] = []
    /** Redis failures (a loaded CI machine): the log fallback is then legitimately used. */
    const redisErrors: unknown[] = []

    async function startNode(reconcileMs: number): Promise<Node> {
      const pool = openPgPool(db.url)
      pools.push(pool)
      const store = new PgDocStore(pool)
      const cluster = new ClusterSync({
        redisUrl: REDIS_URL,
        log: store,
        reconcileMs,
        onError: (error) => redisErrors.push(error),
      })
      const rooms = new RoomManager({ store, cluster, unloadAfterMs: 600_000 })
      await cluster.start(rooms)
      const node = { store, cluster, rooms }
      nodes.push(node)
      return node
    }

    beforeAll(async () => {
      db = await createTestDatabase()
      const pool = openPgPool(db.url)
      await migratePg(pool)
      await pool.end()
    })
    afterAll(async () => {
      for (const node of nodes) {
        await node.rooms.close()
        await node.cluster.close()
      }
      for (const pool of pools) await pool.end()
      await db.drop()
    })

    it('a node opening a sheet during writes elsewhere misses nothing (stream replay only)', async () => {
      const writer = await startNode(3_600_000)
      const reader = await startNode(3_600_000)
      const sheet = sheetId()
      const opened: Promise<Y.Doc>[] = []
      for (let i = 0; i < 300; i++) {
        await writer.rooms.applyServerChange(sheet, null, (doc) => doc.getMap('m').set(`k${i}`, i))
        // the reader opens the sheet in the middle of the writes
        if (i === 120) opened.push(reader.rooms.getDoc(sheet))
      }
      const doc = await opened[0]!
      await waitFor(() => doc.getMap('m').size === 300, { what: 'all 300 writes on the reader' })
      // with Redis answering throughout, the stream alone delivered everything
      if (redisErrors.length === 0) expect(reader.cluster.stats().caughtUp).toBe(0)
      expect(reader.cluster.stats().remoteApplied).toBeGreaterThan(0)
    })

    it('fetches from the log an update that never reached the stream', async () => {
      const a = await startNode(200)
      const b = await startNode(200)
      const sheet = sheetId()
      await a.rooms.applyServerChange(sheet, null, (d) => d.getMap('m').set('first', 1))
      const doc = await b.rooms.getDoc(sheet)
      await waitFor(() => doc.getMap('m').get('first') === 1, { what: 'first write' })
      // stored by "a node that died before XADD": straight into the log
      const lost = new Y.Doc()
      lost.getMap('m').set('lost', true)
      await a.store.append(sheet, Y.encodeStateAsUpdate(lost), null, new Date())
      await waitFor(() => doc.getMap('m').get('lost') === true, {
        what: 'the update from the log',
        timeoutMs: 5000,
      })
      expect(b.cluster.stats().caughtUp).toBeGreaterThan(0)
    })

    it('relays awareness to the connections of other nodes', async () => {
      const [a, b] = [nodes[0]!, nodes[1]!]
      const sheet = sheetId()
      const received: Uint8Array[] = []
      const socket = (into: Uint8Array[]) => ({
        send: (d: Uint8Array) => void into.push(d),
        close: () => {},
      })
      // the room names a state by its connection's session, whatever the client wrote
      const user = { id: 'u1', displayName: '小王' }
      b.rooms.connect(sheet, socket(received), { user, readOnly: false })
      const conn = a.rooms.connect(sheet, socket([]), { user, readOnly: false })
      await a.rooms.getDoc(sheet)
      await b.rooms.getDoc(sheet)
      await new Promise((r) => setTimeout(r, 100)) // the awareness channel subscriptions
      const client = new awarenessProtocol.Awareness(new Y.Doc())
      client.setLocalState({ user: { name: '别人' }, cursor: null })
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 1) // messageAwareness
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]),
      )
      conn.receive(encoding.toUint8Array(encoder))
      await waitFor(
        () => received.some((f) => f[0] === 1 && Buffer.from(f).includes(Buffer.from('小王'))),
        { what: 'awareness on the other node' },
      )
      client.destroy()
    })
  })
}

describe('SeqTracker', () => {
  it('holds seqs out of order and reports the contiguous prefix', () => {
    const t = new SeqTracker()
    t.hold(2)
    t.hold(3)
    expect(t.contiguous).toBe(0)
    expect(t.has(3)).toBe(true)
    t.hold(1)
    expect(t.contiguous).toBe(3)
    t.hold(6)
    t.holdUpTo(5)
    expect(t.contiguous).toBe(6)
    expect(t.has(4)).toBe(true)
    expect(t.has(7)).toBe(false)
  })
})
