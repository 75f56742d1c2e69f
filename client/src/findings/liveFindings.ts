/**
 * @module findings/liveFindings
 * The schema's findings of an open sheet, live as people type (SPEC §2: the same rules
 * in the browser, offline, as on the server). Observes the rows map and re-validates
 * only the rows a transaction touched (the schema's `SheetValidator` keeps cross-row
 * rules such as duplicate credit codes in an index); a move re-sends the row order.
 * Warning acknowledgements (`acks` in the doc) are joined in so callers can tell open
 * warnings from accepted ones. A big sheet's first pass runs in slices of `sliceSize`
 * rows, one per task, so opening 10,000 rows draws the grid before all are checked; so
 * does a transaction touching more rows than that (a big sheet arriving from the server).
 * Rows are read through `rowAt`, so a malformed value under `rows` is skipped, not a crash.
 * Not for: React (see hooks/useFindings) or drawing marks (the grid does).
 */
import {
  ackKey,
  acksMap,
  DELETED,
  orderedRowIds,
  POS,
  readAcks,
  readRow,
  rowAt,
  rowsMap,
  SheetValidator,
  type Acknowledgement,
  type Finding,
  type GridTemplate,
} from '@taizhang/schema'
import * as Y from 'yjs'

/** Longest wait for an idle moment before a first pass starts. */
const FIRST_SLICE_WAIT_MS = 500

export interface LiveFinding extends Finding {
  /** Set when a warning was acknowledged with a reason. */
  ack?: Acknowledgement
}

export interface FindingsSnapshot {
  findings: LiveFinding[]
  errors: number
  /** Warnings not yet acknowledged. */
  openWarnings: number
}

export class LiveFindings {
  private readonly validator: SheetValidator
  private readonly listeners = new Set<(snapshot: FindingsSnapshot) => void>()
  private snapshot: FindingsSnapshot = { findings: [], errors: 0, openWarnings: 0 }
  private scheduled = false
  /** Rows still to validate in the first pass (done in slices so the grid paints first). */
  private queue: string[]
  /** Cancels the scheduled slice, if any. */
  private cancelSlice: (() => void) | null = null
  private destroyed = false

  private readonly sliceSize: number

  constructor(
    private readonly doc: Y.Doc,
    template: GridTemplate,
    { sliceSize = 1000 }: { sliceSize?: number } = {},
  ) {
    this.sliceSize = sliceSize
    const order = orderedRowIds(doc)
    this.validator = new SheetValidator(template, { order })
    this.queue = order.reverse()
    rowsMap(doc).observeDeep(this.onRows)
    acksMap(doc).observe(this.onAcks)
    // A small sheet is validated at once; a big one a slice per task.
    if (order.length <= sliceSize) {
      this.slice()
      this.rebuild()
    } else {
      this.scheduleSlice(true)
    }
  }

  /**
   * The next slice in a task of its own. The first one of a pass waits until the browser
   * is idle (at most `FIRST_SLICE_WAIT_MS`), so the grid draws the rows first.
   */
  private scheduleSlice(first: boolean): void {
    if (this.cancelSlice) return
    if (first && typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(this.slice, { timeout: FIRST_SLICE_WAIT_MS })
      this.cancelSlice = () => cancelIdleCallback(handle)
    } else {
      const handle = setTimeout(this.slice, 0)
      this.cancelSlice = () => clearTimeout(handle)
    }
  }

  /** Validates the next `sliceSize` queued rows; schedules the next slice or publishes. */
  private slice = () => {
    this.cancelSlice = null
    if (this.destroyed) return
    for (let i = 0; i < this.sliceSize && this.queue.length > 0; i++) {
      this.check(this.queue.pop()!)
    }
    if (this.queue.length > 0) this.scheduleSlice(false)
    else this.schedule()
  }

  /** Re-validates one row, or drops it when it is gone, deleted or not a row map. */
  private check(id: string): void {
    const row = rowAt(this.doc, id)
    if (!row || row.get(DELETED) === true) this.validator.removeRow(id)
    else this.validator.setRow(readRow(this.doc, id)!)
  }

  /** True until every row has been validated once. */
  get pending(): boolean {
    return this.queue.length > 0
  }

  get(): FindingsSnapshot {
    return this.snapshot
  }

  subscribe(listener: (snapshot: FindingsSnapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    this.destroyed = true
    this.cancelSlice?.()
    rowsMap(this.doc).unobserveDeep(this.onRows)
    acksMap(this.doc).unobserve(this.onAcks)
    this.listeners.clear()
  }

  private onRows = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const rows = rowsMap(this.doc)
    const touched = new Set<string>()
    let reordered = false
    for (const event of events) {
      if (event.target === rows) {
        for (const id of event.changes.keys.keys()) touched.add(id)
        reordered = true
        continue
      }
      const id = event.path[0]
      if (typeof id !== 'string') continue
      touched.add(id)
      const keys = event.changes.keys
      if (keys.has(POS) || keys.has(DELETED)) reordered = true
    }
    if (reordered) this.validator.setOrder(orderedRowIds(this.doc))
    if (touched.size > this.sliceSize || this.queue.length > 0) {
      // Thousands of rows at once (a sheet arriving from the server): validated in slices
      // like the first pass, so the grid draws them first.
      const first = this.queue.length === 0
      this.queue.push(...touched)
      this.scheduleSlice(first)
      return
    }
    for (const id of touched) this.check(id)
    this.schedule()
  }

  private onAcks = () => this.schedule()

  /** Coalesces the transactions of one task (a paste, a remote batch) into one rebuild. */
  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      // During the first pass only the final result is published.
      if (this.destroyed || this.queue.length > 0) return
      this.rebuild()
      for (const listener of this.listeners) listener(this.snapshot)
    })
  }

  private rebuild(): void {
    const acks = readAcks(this.doc)
    let errors = 0
    let openWarnings = 0
    const findings = this.validator.findings().map((finding): LiveFinding => {
      if (finding.severity === 'error') {
        errors++
        return finding
      }
      const ack = acks[ackKey(finding.rowId, finding.column, finding.rule)]
      if (!ack) openWarnings++
      return ack ? { ...finding, ack } : finding
    })
    this.snapshot = { findings, errors, openWarnings }
  }
}
