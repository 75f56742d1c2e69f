/**
 * @module storage/postgres/PgDocStore
 * The `DocStore` on PostgreSQL, shared by every node of a cluster: the `updates`,
 * `snapshots` and `doc_heads` tables of `pgMigrations.ts`.
 *
 * Appends: the appends a node receives for one sheet are queued and written in call
 * order, one statement per batch (group commit): it bumps the sheet's `doc_heads` row and
 * inserts the batch with the seqs that row hands out. The row lock serialises appends of
 * all nodes, so seqs are 1, 2, 3… without gaps and commit in seq order — a reader that
 * sees seq n has seen every seq below it. An append resolves once PostgreSQL committed it.
 *
 * Compaction: in a cluster the calling node's document may still lack an update another
 * node appended with a lower seq, so the snapshot is NOT taken from the caller's state:
 * PostgreSQL rebuilds it from the stored snapshot plus the logged updates up to `uptoSeq`,
 * inside a transaction holding `pg_try_advisory_xact_lock(hashtext(sheetId))`. Exactly one
 * node compacts a sheet at a time; the others skip (counted in `stats`). The snapshot only
 * moves forward and log rows are never removed, so compaction can neither lose nor
 * duplicate an update.
 *
 * Beyond `DocStore`, `updatesAfter` and `heads` let the cluster layer catch up from the log.
 * Not for: deciding when to compact (the room does) or fan-out (`cluster/`).
 */
import * as Y from 'yjs'
import type { DocStore, LoadedDoc, LoggedUpdate, StoredUpdate } from '../DocStore'
import type { PgPool } from './pgDatabase'

interface Pending {
  data: Uint8Array
  userId: string | null
  at: string
  resolve: (seq: number) => void
  reject: (error: unknown) => void
}

export interface PgDocStoreStats {
  appends: number
  compactions: number
  /** Compactions skipped because another node held the sheet's lock. */
  compactionsSkipped: number
}

const APPEND_BATCH = `
  WITH head AS (
    INSERT INTO doc_heads AS h (sheet_id, last_seq) VALUES ($1, $2)
    ON CONFLICT (sheet_id) DO UPDATE SET last_seq = h.last_seq + $2
    RETURNING last_seq
  )
  INSERT INTO updates (sheet_id, seq, user_id, at, data)
  SELECT $1, head.last_seq - $2 + u.ord, u.user_id, u.at, u.data
  FROM head, unnest($3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS u(user_id, at, data, ord)
  RETURNING seq`

/** Rows per append statement (a flood of small updates is still written in few commits). */
const MAX_BATCH = 500

const toBuffer = (data: Uint8Array): Buffer =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength)

const toBytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)

export class PgDocStore implements DocStore {
  /** Per sheet: appends waiting for the batch in flight to commit. */
  private readonly queues = new Map<string, Pending[]>()
  private readonly writing = new Set<string>()
  private readonly idleWaiters = new Map<string, (() => void)[]>()
  readonly stats: PgDocStoreStats = { appends: 0, compactions: 0, compactionsSkipped: 0 }

  constructor(private readonly pool: PgPool) {}

  async load(sheetId: string): Promise<LoadedDoc> {
    await this.idle(sheetId)
    const snap = await this.pool.query<{ upto_seq: number; data: Buffer }>(
      'SELECT upto_seq, data FROM snapshots WHERE sheet_id = $1',
      [sheetId],
    )
    const snapshot = snap.rows[0]
    const uptoSeq = snapshot?.upto_seq ?? 0
    return {
      snapshot: snapshot ? toBytes(snapshot.data) : null,
      uptoSeq,
      updates: await this.updatesAfter(sheetId, uptoSeq),
    }
  }

  append(sheetId: string, update: Uint8Array, userId: string | null, at: Date): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let queue = this.queues.get(sheetId)
      if (!queue) this.queues.set(sheetId, (queue = []))
      queue.push({ data: update, userId, at: at.toISOString(), resolve, reject })
      if (!this.writing.has(sheetId)) void this.drain(sheetId)
    })
  }

  async compact(sheetId: string, _state: Uint8Array, uptoSeq: number): Promise<void> {
    await this.idle(sheetId)
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const lock = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok',
        [sheetId],
      )
      if (!lock.rows[0]?.ok) {
        await client.query('ROLLBACK')
        this.stats.compactionsSkipped++
        return
      }
      const snap = await client.query<{ upto_seq: number; data: Buffer }>(
        'SELECT upto_seq, data FROM snapshots WHERE sheet_id = $1',
        [sheetId],
      )
      const from = snap.rows[0]?.upto_seq ?? 0
      if (from >= uptoSeq) {
        await client.query('COMMIT')
        return
      }
      const log = await client.query<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE sheet_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
        [sheetId, from, uptoSeq],
      )
      if (log.rows.length === 0) {
        await client.query('COMMIT')
        return
      }
      const doc = new Y.Doc({ gc: true })
      if (snap.rows[0]) Y.applyUpdate(doc, toBytes(snap.rows[0].data))
      for (const row of log.rows) {
        try {
          Y.applyUpdate(doc, toBytes(row.data))
        } catch {
          // an unusable stored update is skipped by loading too; it stays in the log
        }
      }
      const upto = log.rows[log.rows.length - 1]!.seq
      await client.query(
        `INSERT INTO snapshots (sheet_id, upto_seq, data, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sheet_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data,
           at = excluded.at WHERE excluded.upto_seq > snapshots.upto_seq`,
        [sheetId, upto, toBuffer(Y.encodeStateAsUpdate(doc)), new Date().toISOString()],
      )
      doc.destroy()
      await client.query('COMMIT')
      this.stats.compactions++
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  async readLog(sheetId: string, { until }: { until?: Date } = {}): Promise<LoggedUpdate[]> {
    await this.idle(sheetId)
    const { rows } = await this.pool.query<{
      seq: number
      user_id: string | null
      at: string
      data: Buffer
    }>(
      until
        ? 'SELECT seq, user_id, at, data FROM updates WHERE sheet_id = $1 AND at <= $2 ORDER BY seq'
        : 'SELECT seq, user_id, at, data FROM updates WHERE sheet_id = $1 ORDER BY seq',
      until ? [sheetId, until.toISOString()] : [sheetId],
    )
    return rows.map((r) => ({ seq: r.seq, userId: r.user_id, at: r.at, data: toBytes(r.data) }))
  }

  async lastSeq(sheetId: string): Promise<number> {
    await this.idle(sheetId)
    const { rows } = await this.pool.query<{ last_seq: number }>(
      'SELECT last_seq FROM doc_heads WHERE sheet_id = $1',
      [sheetId],
    )
    return rows[0]?.last_seq ?? 0
  }

  /** Logged updates with seq > `afterSeq`, in seq order (catching up after a gap). */
  async updatesAfter(sheetId: string, afterSeq: number): Promise<StoredUpdate[]> {
    const { rows } = await this.pool.query<{ seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE sheet_id = $1 AND seq > $2 ORDER BY seq',
      [sheetId, afterSeq],
    )
    return rows.map((r) => ({ seq: r.seq, data: toBytes(r.data) }))
  }

  /** The last seq of each of the given sheets (sheets without updates are left out). */
  async heads(sheetIds: string[]): Promise<Map<string, number>> {
    if (sheetIds.length === 0) return new Map()
    const { rows } = await this.pool.query<{ sheet_id: string; last_seq: number }>(
      'SELECT sheet_id, last_seq FROM doc_heads WHERE sheet_id = ANY($1::text[])',
      [sheetIds],
    )
    return new Map(rows.map((r) => [r.sheet_id, r.last_seq]))
  }

  /** Wait for every append made so far to be committed (the pool is the caller's to end). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.keys(), ...this.writing].map((id) => this.idle(id)))
  }

  /** Write the sheet's queued appends, batch after batch, until its queue is empty. */
  private async drain(sheetId: string): Promise<void> {
    this.writing.add(sheetId)
    try {
      for (;;) {
        const queue = this.queues.get(sheetId)
        if (!queue || queue.length === 0) break
        const batch = queue.splice(0, MAX_BATCH)
        try {
          const { rows } = await this.pool.query<{ seq: number }>(APPEND_BATCH, [
            sheetId,
            batch.length,
            batch.map((p) => p.userId),
            batch.map((p) => p.at),
            batch.map((p) => toBuffer(p.data)),
          ])
          const seqs = rows.map((r) => r.seq).sort((a, b) => a - b)
          this.stats.appends += batch.length
          batch.forEach((p, i) => p.resolve(seqs[i]!))
        } catch (error) {
          for (const p of batch) p.reject(error)
        }
      }
    } finally {
      this.queues.delete(sheetId)
      this.writing.delete(sheetId)
      const waiters = this.idleWaiters.get(sheetId) ?? []
      this.idleWaiters.delete(sheetId)
      for (const wake of waiters) wake()
    }
  }

  /** Resolves when no append of the sheet is queued or being written. */
  private idle(sheetId: string): Promise<void> {
    if (!this.writing.has(sheetId)) return Promise.resolve()
    return new Promise((resolve) => {
      const waiters = this.idleWaiters.get(sheetId) ?? []
      waiters.push(resolve)
      this.idleWaiters.set(sheetId, waiters)
    })
  }
}
