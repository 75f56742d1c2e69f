/**
 * @module rectification/generateItems
 * 生成整改台账 (SPEC §9): one item per row of a 督查评分表 that needs rectification by its template
 * (schema's `rectificationDrafts`), created at most once per row — by the team lead's
 * `POST /api/rectifications/generate` and again when the sheet is accepted; a second run only
 * counts the items that exist. Each new item's responsible grid is found by credit code
 * (`responsibleUnits.ts`).
 * Not for: who may generate (the route) or the item's later life (performAction.ts).
 */
import {
  builtinTemplate,
  newId,
  normalizeCreditCode,
  rectificationDrafts,
  type GenerateAnswer,
  type ScoringTemplate,
  type UnitTree,
} from '@taizhang/schema'
import type { StoredSheets } from '../consolidation/storedSheets'
import type { MetaStore } from '../storage/MetaStore'
import type { NewRectification } from '../storage/RectificationStore'
import type { SheetRecord } from '../storage/SheetStore'
import type { Unit } from '../storage/UnitStore'
import { responsibleUnits } from './responsibleUnits'

export interface GenerateDeps {
  store: MetaStore
  sheets: StoredSheets
}

export async function generateItems(
  deps: GenerateDeps,
  tree: UnitTree<Unit>,
  sheet: SheetRecord,
  userId: string | null,
): Promise<GenerateAnswer> {
  const template = builtinTemplate('scoring') as ScoringTemplate
  const { rows } = await deps.sheets.read(sheet.id, template)
  const drafts = rectificationDrafts(template, rows)
  if (drafts.length === 0) return { created: 0, existing: 0 }
  const known = new Set(
    (await deps.store.rectifications.list({ sheetId: sheet.id })).map((i) => i.rowId),
  )
  const fresh = drafts.filter((d) => !known.has(d.rowId))
  const units = await responsibleUnits(
    deps,
    tree,
    sheet.unitId,
    fresh.flatMap((d) => (d.creditCode ? [d.creditCode] : [])),
  )
  const items: NewRectification[] = fresh.map((d) => ({
    id: newId(),
    sheetId: sheet.id,
    rowId: d.rowId,
    sheetUnitId: sheet.unitId,
    unitId: (d.creditCode && units.get(normalizeCreditCode(d.creditCode))) || null,
    org: d.org,
    creditCode: d.creditCode,
    criteria: d.criteria,
    grade: d.grade,
    problems: d.problems,
    requirement: d.requirement,
    deadline: d.deadline,
  }))
  const { created } = await deps.store.rectifications.createMissing(items, userId)
  return { created, existing: drafts.length - created }
}
