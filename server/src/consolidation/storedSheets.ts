/**
 * @module consolidation/storedSheets
 * Reads the rows of many sheets at once, for a 汇总表 over hundreds of child sheets:
 * straight from the DocStore (snapshot + later updates into a throw-away Y.Doc), so a
 * district consolidation does not open (and later compact) one sync room per grid.
 * The store holds every acknowledged write (a room stores an update before relaying
 * it), so this is the same state the rooms serve.
 *
 * Results are cached per sheet with the store's last seq: a repeated consolidation
 * re-reads only the sheets that changed since, and validates only those (`errorRows`).
 * Without a DocStore (tests building the app by hand) it reads the rooms' live docs
 * and caches nothing.
 * Not for: consolidating (consolidationService) or writing sheets (RoomManager).
 */
import { readRows, validateSheet, type GridTemplate, type Row } from '@taizhang/schema'
import * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'

export interface StoredSheet {
  /** Rows in `_pos` order, deleted rows left out. */
  rows: Row[]
  /** How many rows have at least one `error` finding (validated on first ask). */
  errorRows(): number
}

export interface StoredSheetsOptions {
  docs?: DocStore | undefined
  /** The live document of a sheet (RoomManager.getDoc), used when there is no DocStore. */
  getDoc: (sheetId: string) => Promise<Y.Doc> | Y.Doc
  /** Sheets kept in the cache (least recently used dropped first). */
  maxCached?: number
}

interface Entry {
  seq: number
  template: GridTemplate
  sheet: StoredSheet
}

/** Rows of a stored document without opening a room. */
export async function loadStoredRows(docs: DocStore, sheetId: string): Promise<Row[]> {
  const { snapshot, updates } = await docs.load(sheetId)
  const doc = new Y.Doc({ gc: true })
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const u of updates) {
        try {
          Y.applyUpdate(doc, u.data)
        } catch {
          // the room skips an unusable stored update the same way
        }
      }
    })
    return readRows(doc)
  } finally {
    doc.destroy()
  }
}

function storedSheet(template: GridTemplate, rows: Row[]): StoredSheet {
  let errors: number | null = null
  return {
    rows,
    errorRows() {
      if (errors === null) {
        const failing = new Set<string>()
        // rows are in sheet order, which decides the first of repeated credit codes
        for (const f of validateSheet(template, rows)) {
          if (f.severity === 'error') failing.add(f.rowId)
        }
        errors = failing.size
      }
      return errors
    },
  }
}

export class StoredSheets {
  private readonly cache = new Map<string, Entry>()
  private readonly maxCached: number

  constructor(private readonly options: StoredSheetsOptions) {
    this.maxCached = options.maxCached ?? 5000
  }

  /** The current rows of a sheet (a cached copy while nothing was stored since). */
  async read(sheetId: string, template: GridTemplate): Promise<StoredSheet> {
    const docs = this.options.docs
    if (!docs) return storedSheet(template, readRows(await this.options.getDoc(sheetId)))
    const seq = await docs.lastSeq(sheetId)
    const cached = this.cache.get(sheetId)
    if (cached && cached.seq === seq && cached.template === template) {
      this.cache.delete(sheetId)
      this.cache.set(sheetId, cached)
      return cached.sheet
    }
    const sheet = storedSheet(template, await loadStoredRows(docs, sheetId))
    this.cache.delete(sheetId)
    this.cache.set(sheetId, { seq, template, sheet })
    while (this.cache.size > this.maxCached) {
      this.cache.delete(this.cache.keys().next().value!)
    }
    return sheet
  }
}
