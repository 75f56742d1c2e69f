/**
 * @module storage/DocStore
 * Where sheet documents live: the small storage interface the sync room and the history
 * readers depend on, so SQLite (`sqlite/SqliteDocStore.ts`) and PostgreSQL
 * (`postgres/PgDocStore.ts`) are interchangeable. Every backend must pass
 * `test/docStoreContract.ts`.
 *
 * A sheet is stored as an append-only, attributed log of Yjs updates (seq 1, 2, …, each
 * with the user who sent it and when) plus at most one snapshot: the merged state of
 * updates 1..uptoSeq. The snapshot only makes loading fast. Log rows are KEPT after
 * compaction, because `history/cellHistory.ts` rebuilds who-changed-what from them; a
 * snapshot therefore never drops an update that is not in it. (Pruning old log rows, if
 * ever wanted, is a separate, explicit retention decision, not part of compaction.)
 *
 * Not for: users, sheets' metadata or workflow (`MetaStore.ts` and the interfaces beside it).
 */

/** One stored update, as loading needs it. */
export interface StoredUpdate {
  seq: number
  data: Uint8Array
}

/** One stored update with its author and time, as history needs it. */
export interface LoggedUpdate extends StoredUpdate {
  /** The user whose connection sent it; null for changes the server made itself. */
  userId: string | null
  /** ISO 8601 time the server received it. */
  at: string
}

/** What is needed to rebuild a sheet's document: snapshot first, then the newer updates. */
export interface LoadedDoc {
  snapshot: Uint8Array | null
  /** The last seq the snapshot contains (0 without a snapshot). */
  uptoSeq: number
  /** Updates with seq > uptoSeq, in seq order. */
  updates: StoredUpdate[]
}

export interface DocStore {
  /** The stored state of a sheet; an unknown sheet loads as empty. */
  load(sheetId: string): Promise<LoadedDoc>
  /**
   * Append one update to the sheet's log and return its seq. When the promise resolves the
   * update is committed to the log (it survives a crash of the server process): the sync
   * room relays only after that.
   * Seqs are assigned in call order, so calls made in order are stored in order; they are
   * 1, 2, 3… except that the seq of a failed append is not reused.
   */
  append(sheetId: string, update: Uint8Array, userId: string | null, at: Date): Promise<number>
  /**
   * `append` for a store that can acknowledge at once (SQLite's journal: one `write()`):
   * the seq, with the update as safe as a resolved `append` makes it; null when it cannot
   * now (then call `append`). Throws where `append` would reject. Saves the room a promise
   * and a turn of the microtask queue per edit when nothing else is in flight.
   */
  appendNow?(sheetId: string, update: Uint8Array, userId: string | null, at: Date): number | null
  /**
   * Store `state` (a full Yjs state update) as the snapshot of updates 1..uptoSeq. A snapshot
   * older than the stored one is ignored; log rows are never removed.
   */
  compact(sheetId: string, state: Uint8Array, uptoSeq: number): Promise<void>
  /** The attributed log in seq order, optionally only updates received at or before `until`. */
  readLog(sheetId: string, options?: { until?: Date }): Promise<LoggedUpdate[]>
  /** The highest stored seq of a sheet (0 when none). */
  lastSeq(sheetId: string): Promise<number>
  /**
   * Resolves when every append made so far survives a power cut as well (flushed to the
   * disk). Absent: a resolved append is already flushed.
   */
  durable?(): Promise<void>
}
