/**
 * @module sync/roomCompaction.test
 * The room's compaction policy on a real SQLite store: a burst of edits handled in one turn
 * (several frames of one socket read) snapshots the sheet once per `compactEvery` updates,
 * not once per edit past the threshold, a snapshot that fails is taken again later, and the
 * timed snapshot waits until the sheet is quiet.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { openDatabase, type Db } from '../storage/sqlite/db'
import type { DocStore } from '../storage/DocStore'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { encodeUpdate } from './protocol'
import { Room } from './Room'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  vi.useRealTimers()
  while (cleanups.length) await cleanups.pop()!()
})

async function openRoom(
  failCompaction: () => boolean,
  { compactEvery = 10, compactAfterMs = 60_000 } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-compaction-'))
  const db: Db = openDatabase(dir)
  const sqlite = new SqliteDocStore(db)
  const snapshots: number[] = []
  const store: DocStore = {
    load: (id) => sqlite.load(id),
    append: (...a) => sqlite.append(...a),
    appendNow: (...a) => sqlite.appendNow(...a),
    compact: async (id, state, upto) => {
      if (failCompaction()) throw new Error('disk full')
      snapshots.push(upto)
      await sqlite.compact(id, state, upto)
    },
    readLog: (...a) => sqlite.readLog(...a),
    lastSeq: (id) => sqlite.lastSeq(id),
  }
  const errors: unknown[] = []
  const room = new Room('s', {
    store,
    maxMessageBytes: 1 << 20,
    maxAwarenessBytes: 1 << 16,
    compactEvery,
    compactAfterMs,
    onError: (error) => errors.push(error),
  })
  await room.ready
  const conn = room.connect(
    { send: () => {}, close: () => {} },
    { user: { id: 'u' }, readOnly: false },
  )
  cleanups.push(async () => {
    await room.settled()
    room.destroy()
    await sqlite.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  // frames of a client's edits, one update each
  const doc = new Y.Doc()
  const frames: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => frames.push(encodeUpdate(u)))
  const edit = (n: number) => {
    for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i % 7}`, frames.length)
  }
  const send = (n: number) => {
    const start = frames.length
    edit(n)
    // in one turn, as `ws` hands over the frames of one read
    for (const frame of frames.slice(start)) conn.receive(frame)
  }
  return { room, sqlite, snapshots, errors, send }
}

describe('room compaction', () => {
  it('snapshots once per compactEvery updates when a burst is handled in one turn', async () => {
    const { room, sqlite, snapshots, send } = await openRoom(() => false)
    send(35)
    await room.settled()
    expect(snapshots).toEqual([10, 20, 30])
    await room.compact()
    expect(snapshots).toEqual([10, 20, 30, 35])
    const stored = await sqlite.load('s')
    expect(stored.uptoSeq).toBe(35)
    expect(stored.updates).toEqual([])
  })

  it('takes a failed snapshot again at the next chance, with no update left out', async () => {
    let failing = true
    const { room, sqlite, snapshots, errors, send } = await openRoom(() => failing)
    send(10)
    await room.settled()
    await new Promise((r) => setImmediate(r))
    expect(errors).toHaveLength(1)
    expect(snapshots).toEqual([])
    failing = false
    send(1)
    await room.settled()
    await new Promise((r) => setImmediate(r))
    expect(snapshots).toEqual([11])
    expect((await sqlite.load('s')).uptoSeq).toBe(11)
  })

  it('takes the timed snapshot once the sheet has been quiet, not while edits keep coming', async () => {
    const { room, snapshots, send } = await openRoom(() => false, { compactEvery: 100 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // an edit every 20 s for three minutes: never a minute without one
    for (let i = 0; i < 9; i++) {
      send(1)
      await room.settled()
      await vi.advanceTimersByTimeAsync(20_000)
    }
    expect(snapshots).toEqual([])
    await vi.advanceTimersByTimeAsync(40_000)
    expect(snapshots).toEqual([9])
  })
})
