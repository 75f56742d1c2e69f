/**
 * @module rounds/carryForward
 * Writing the sheets of a new round (SPEC §8): each target's sheet starts with the rows of the
 * same unit's sheet in the latest earlier round of the template — its content as it stands,
 * with the SAME row ids, so a row is one organisation across periods — except columns marked
 * `carry: false`, which start empty; deleted rows are not carried, and nothing of the earlier
 * sheet changes. A unit no earlier round reached starts from its sheets of the template made
 * outside rounds (the accepted one, else the latest).
 * The work is done in bounded chunks (a few hundred rows per server change, one turn of the
 * event loop between them), so issuing a round over 126 grids and 10,000 rows does not stall
 * sync or other requests. The sheet's meta is written with its last chunk: a sheet whose meta
 * has no title is not finished, and `finishRounds` redoes it after a crash.
 * Not for: deciding who may issue a round (routes/rounds.ts).
 */
import {
  appendRows,
  columnsOf,
  comparePeriods,
  readMeta,
  readRows,
  writeMeta,
  type GridTemplate,
  type Row,
  type TemplateKind,
} from '@taizhang/schema'
import { loadStoredRows } from '../consolidation/storedSheets'
import type { AppDeps } from '../http/deps'
import type { RoundRecord, RoundSheet } from '../storage/RoundStore'
import type { SheetRecord } from '../storage/SheetStore'
import { sheetMeta } from '../sheets/createSheet'

/** Rows per server change while carrying forward. */
export const CARRY_CHUNK_ROWS = 400

type CarryDeps = Pick<AppDeps, 'store' | 'rooms' | 'docs'>

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * For each target unit, the sheet its new sheet starts from: its sheet in the latest earlier
 * round of `round.template` (by period), else its latest accepted, else latest, sheet of that
 * template made outside any round.
 */
export async function carrySources(
  deps: CarryDeps,
  round: Pick<RoundRecord, 'id' | 'template' | 'period'>,
  unitIds: readonly string[],
  kind: TemplateKind,
): Promise<Map<string, string>> {
  const { store } = deps
  const out = new Map<string, string>()
  const earlier = (await store.rounds.listByTemplate(round.template))
    .filter((r) => r.id !== round.id && comparePeriods(r.period, round.period) < 0)
    // latest period first; of two rounds of one period, the later issued
    .sort((a, b) => comparePeriods(b.period, a.period) || (a.createdAt < b.createdAt ? 1 : -1))
  const wanted = new Set(unitIds)
  if (earlier.length > 0) {
    const byRound = new Map<string, RoundSheet[]>()
    for (const rs of await store.rounds.sheetsOf(earlier.map((r) => r.id))) {
      if (!wanted.has(rs.unitId)) continue
      const list = byRound.get(rs.roundId)
      if (list) list.push(rs)
      else byRound.set(rs.roundId, [rs])
    }
    for (const r of earlier) {
      for (const rs of byRound.get(r.id) ?? [])
        if (!out.has(rs.unitId)) out.set(rs.unitId, rs.sheetId)
    }
  }
  const rest = unitIds.filter((u) => !out.has(u))
  if (rest.length > 0) {
    const sheets = (await store.sheets.list(rest)).filter((s) => s.template === kind)
    const inRounds = await store.rounds.roundsOfSheets(sheets.map((s) => s.id))
    const best = new Map<string, SheetRecord>()
    for (const s of sheets) {
      if (inRounds.has(s.id)) continue
      const current = best.get(s.unitId)
      if (!current || better(s, current)) best.set(s.unitId, s)
    }
    for (const [unitId, s] of best) out.set(unitId, s.id)
  }
  return out
}

/** Accepted beats not accepted; then the later one. */
function better(a: SheetRecord, b: SheetRecord): boolean {
  const aa = a.status === 'accepted'
  const ba = b.status === 'accepted'
  if (aa !== ba) return aa
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.updatedAt > b.updatedAt)
}

/** The rows of a sheet as they stand (deleted rows left out), without opening a room. */
async function currentRows(deps: CarryDeps, sheetId: string): Promise<Row[]> {
  if (deps.docs) return loadStoredRows(deps.docs, sheetId)
  return readRows(await deps.rooms.getDoc(sheetId))
}

/** A row as the next period starts it: same id, `carry: false` columns left empty. */
export function carriedRow(row: Row, noCarry: ReadonlySet<string>): Row {
  const out: Row = { id: row.id }
  for (const [key, value] of Object.entries(row)) {
    if (key === 'id' || noCarry.has(key) || value === null || value === undefined) continue
    out[key] = value
  }
  return out
}

export interface SheetToWrite {
  sheetId: string
  unitId: string
  title: string
  kind: TemplateKind
  /** The template id and version the sheet pins (SPEC §7); default the built-in of `kind`, 1. */
  templateId?: string | undefined
  templateVersion?: number | undefined
  /** The sheet to carry rows from, if any. */
  sourceSheetId?: string | undefined
}

/** Write one new sheet of a round: carried rows in chunks, then the meta with the last one. */
export async function writeRoundSheet(
  deps: CarryDeps,
  sheet: SheetToWrite,
  template: GridTemplate | null,
  userId: string | null,
): Promise<number> {
  const noCarry = new Set<string>(
    template
      ? columnsOf(template)
          .filter((c) => c.carry === false)
          .map((c) => c.id)
      : [],
  )
  const rows = sheet.sourceSheetId
    ? (await currentRows(deps, sheet.sourceSheetId)).map((r) => carriedRow(r, noCarry))
    : []
  const meta = sheetMeta({
    ...sheet,
    templateId: sheet.templateId ?? sheet.kind,
    templateVersion: sheet.templateVersion ?? 1,
  })
  for (let start = 0; ; start += CARRY_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CARRY_CHUNK_ROWS)
    const last = start + CARRY_CHUNK_ROWS >= rows.length
    await deps.rooms.applyServerChange(sheet.sheetId, userId, (doc) =>
      doc.transact(() => {
        if (chunk.length > 0) appendRows(doc, chunk)
        if (last) writeMeta(doc, meta)
      }),
    )
    await nextTurn()
    if (last) return rows.length
  }
}

/**
 * Write every sheet of a round that is not finished yet (its meta has no title), then mark the
 * round ready. Safe to call again: a finished sheet is skipped.
 */
export async function writeRoundSheets(
  deps: CarryDeps,
  round: RoundRecord,
  sheets: readonly SheetToWrite[],
  template: GridTemplate | null,
  userId: string | null,
): Promise<{ carriedRows: number }> {
  let carriedRows = 0
  for (const sheet of sheets) {
    const doc = await deps.rooms.getDoc(sheet.sheetId)
    if (readMeta(doc).title) continue
    carriedRows += await writeRoundSheet(deps, sheet, template, userId)
    if (deps.docs)
      await deps.store.rounds.markWritten(sheet.sheetId, await deps.docs.lastSeq(sheet.sheetId))
  }
  await deps.store.rounds.markReady(round.id)
  return { carriedRows }
}
