/**
 * @module history/historyCache
 * `…/history` and `…/rows?at=` without replaying a sheet's whole log synchronously on every
 * call (docs/RELIABILITY.md §3): what `cellHistory.ts` computes, kept per sheet and brought up to date
 * incrementally, the replay done in slices that give the event loop back between them.
 * - cell history: one replay per sheet records the changes of EVERY cell (from the keys each
 *   transaction changed); a later call replays only the updates stored since (the log's
 *   `lastSeq` says whether there are any) and answers from the record;
 * - past states: the rows as of the last update stored up to `at`, cached by that update's
 *   seq (two calls for times with no change in between share one answer).
 * Sheets are kept for `idleMs` after their last use, at most `maxSheets` of them; one
 * catch-up per sheet at a time (concurrent callers share it).
 *
 * Not for: the live document (the room's) or what the API prints (routes/sheets.ts).
 */
import { readRows, rowsMap, type CellValue, type Row } from '@taizhang/schema'
import * as Y from 'yjs'
import type { DocStore, LoggedUpdate } from '../storage/DocStore'
import type { CellChange, HistoryApi } from './cellHistory'

/** Updates applied between two yields to the event loop. */
const SLICE = 200

export interface HistoryCacheOptions {
  maxSheets?: number
  idleMs?: number
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Apply log entries to `doc` in slices, yielding in between; `each` after every entry. */
export async function replay(
  doc: Y.Doc,
  entries: readonly LoggedUpdate[],
  each?: (entry: LoggedUpdate) => void,
): Promise<void> {
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToLoop()
    const entry = entries[i]!
    try {
      Y.applyUpdate(doc, entry.data)
    } catch {
      // an update the room refused to apply is in the log too; it changed nothing then either
    }
    each?.(entry)
  }
}

/** One sheet's replayed log: the doc and every cell's changes so far. */
class SheetRecord {
  readonly doc = new Y.Doc({ gc: false })
  lastSeq = 0
  used = Date.now()
  /** rowId → column → changes, oldest first. */
  private readonly changes = new Map<string, Map<string, CellChange[]>>()
  /** rowId → column → the value after the last change. */
  private readonly current = new Map<string, Map<string, CellValue | null>>()
  private touched = new Map<string, Set<string> | 'all'>()
  private catchingUp: Promise<void> | null = null

  constructor() {
    const rows: Y.AbstractType<any> = rowsMap(this.doc)
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) {
        if (type === rows) {
          for (const key of keys) if (key !== null) this.touched.set(key, 'all')
          continue
        }
        const item = type._item
        if (!item || item.parent !== rows || item.parentSub === null) continue
        const seen = this.touched.get(item.parentSub)
        if (seen === 'all') continue
        const set = seen ?? new Set<string>()
        for (const key of keys) if (key !== null) set.add(key)
        this.touched.set(item.parentSub, set)
      }
    })
  }

  history(rowId: string, column: string): CellChange[] {
    return [...(this.changes.get(rowId)?.get(column) ?? [])]
  }

  /** Replay what was stored since the last call (shared by concurrent callers). */
  catchUp(store: DocStore, sheetId: string): Promise<void> {
    this.catchingUp ??= this.doCatchUp(store, sheetId).finally(() => (this.catchingUp = null))
    return this.catchingUp
  }

  private async doCatchUp(store: DocStore, sheetId: string): Promise<void> {
    if ((await store.lastSeq(sheetId)) === this.lastSeq) return
    const log = await store.readLog(sheetId)
    const fresh = log.filter((entry) => entry.seq > this.lastSeq)
    await replay(this.doc, fresh, (entry) => {
      this.record(entry)
      this.lastSeq = entry.seq
    })
  }

  /** The cells the entry just applied changed, compared with what they were. */
  private record(entry: LoggedUpdate): void {
    const touched = this.touched
    this.touched = new Map()
    for (const [rowId, keys] of touched) {
      const row: unknown = rowsMap(this.doc).get(rowId)
      const map = row instanceof Y.Map ? (row as Y.Map<unknown>) : null
      let before = this.current.get(rowId)
      if (!before) this.current.set(rowId, (before = new Map()))
      const columns = keys === 'all' ? new Set([...before.keys(), ...(map?.keys() ?? [])]) : keys
      for (const column of columns) {
        const to = (map?.get(column) ?? null) as CellValue | null
        const from = before.get(column) ?? null
        if (to === from) continue
        before.set(column, to)
        let byColumn = this.changes.get(rowId)
        if (!byColumn) this.changes.set(rowId, (byColumn = new Map()))
        let list = byColumn.get(column)
        if (!list) byColumn.set(column, (list = []))
        list.push({ at: entry.at, by: entry.userId, from, to })
      }
    }
  }
}

/** `HistoryApi` over a `DocStore`, with the per-sheet record and the past-state cache. */
export class HistoryCache implements HistoryApi {
  private readonly sheets = new Map<string, SheetRecord>()
  private readonly pastRows = new Map<string, { rows: Row[]; used: number }>()
  private readonly maxSheets: number
  private readonly idleMs: number

  constructor(
    private readonly store: DocStore,
    { maxSheets = 8, idleMs = 5 * 60_000 }: HistoryCacheOptions = {},
  ) {
    this.maxSheets = maxSheets
    this.idleMs = idleMs
  }

  async cellHistory(sheetId: string, rowId: string, column: string): Promise<CellChange[]> {
    this.sweep()
    let record = this.sheets.get(sheetId)
    if (!record) {
      record = new SheetRecord()
      this.sheets.set(sheetId, record)
      this.trim()
    }
    record.used = Date.now()
    await record.catchUp(this.store, sheetId)
    return record.history(rowId, column)
  }

  async rowsAt(sheetId: string, at: Date): Promise<Row[]> {
    this.sweep()
    const log = await this.store.readLog(sheetId, { until: at })
    const key = `${sheetId}\u0000${log.at(-1)?.seq ?? 0}`
    const cached = this.pastRows.get(key)
    if (cached) {
      cached.used = Date.now()
      return cached.rows
    }
    const doc = new Y.Doc()
    let rows: Row[]
    try {
      await replay(doc, log)
      rows = readRows(doc)
    } finally {
      doc.destroy()
    }
    this.pastRows.set(key, { rows, used: Date.now() })
    while (this.pastRows.size > this.maxSheets * 4) {
      this.pastRows.delete(this.pastRows.keys().next().value!)
    }
    return rows
  }

  /** Forget everything (shutdown). */
  clear(): void {
    for (const record of this.sheets.values()) record.doc.destroy()
    this.sheets.clear()
    this.pastRows.clear()
  }

  private trim(): void {
    while (this.sheets.size > this.maxSheets) {
      let oldest: [string, SheetRecord] | null = null
      for (const entry of this.sheets) if (!oldest || entry[1].used < oldest[1].used) oldest = entry
      if (!oldest) return
      oldest[1].doc.destroy()
      this.sheets.delete(oldest[0])
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs
    for (const [id, record] of this.sheets) {
      if (record.used < cutoff) {
        record.doc.destroy()
        this.sheets.delete(id)
      }
    }
    for (const [key, entry] of this.pastRows) if (entry.used < cutoff) this.pastRows.delete(key)
  }
}
