/**
 * @module rounds/compareRounds
 * `GET /api/rounds/:id/compare?with=ROUND_ID[&unit=ID]` and `GET /api/sheets/:id/compare?with=`
 * (SPEC §8): the 变动情况 between two rounds of a template (unit by unit, their sheets paired
 * by target unit) or two sheets, with the indicators computed over the compared sheets as
 * they stand. `with` is the earlier side (from), the path's round or sheet the newer (to).
 * The row matching and deltas are schema's `compareRows` / `indicatorDeltas`.
 */
import {
  columnsOf,
  compareRows,
  indicatorDeltas,
  templateFigures,
  visibleTargets,
  type Comparison,
  type GridTemplate,
  type Row,
  type UnitComparison,
  type UnitTree,
} from '@taizhang/schema'
import type { StoredSheets } from '../consolidation/storedSheets'
import type { MetaStore } from '../storage/MetaStore'
import type { RoundRecord } from '../storage/RoundStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'

export interface CompareDeps {
  store: MetaStore
  sheets: StoredSheets
}

/** How rows of a template are named and matched. */
export function compareOptions(template: GridTemplate) {
  const columns = columnsOf(template).map((c) => c.id)
  return {
    columns,
    nameColumn: template.kind === 'ledger' ? 'name' : 'org',
    creditCodeColumn: columns.includes('creditCode') ? 'creditCode' : undefined,
  }
}

/** Two rounds of one template, unit by unit, as far as `user` may see them. */
export async function compareRounds(
  { store, sheets }: CompareDeps,
  tree: UnitTree<Unit>,
  user: User,
  template: GridTemplate,
  to: RoundRecord,
  from: RoundRecord,
  unitId?: string,
): Promise<Comparison> {
  const inside = unitId ? new Set(tree.subtree(unitId).map((u) => u.id)) : null
  const targets = async (round: RoundRecord) =>
    visibleTargets(tree, user, round, await store.rounds.sheets(round.id)).filter(
      (t) => !inside || inside.has(t.unitId),
    )
  const toTargets = await targets(to)
  const fromTargets = await targets(from)
  const fromByUnit = new Map(fromTargets.map((t) => [t.unitId, t.sheetId]))
  const toByUnit = new Map(toTargets.map((t) => [t.unitId, t.sheetId]))
  const unitIds = [
    ...toTargets.map((t) => t.unitId),
    ...fromTargets.filter((t) => !toByUnit.has(t.unitId)).map((t) => t.unitId),
  ]
  const options = compareOptions(template)
  const allFrom: Row[] = []
  const allTo: Row[] = []
  const units: UnitComparison[] = []
  const rowsOf = async (sheetId: string | undefined) =>
    sheetId ? (await sheets.read(sheetId, template)).rows : []
  for (const id of unitIds) {
    const fromSheetId = fromByUnit.get(id) ?? null
    const toSheetId = toByUnit.get(id) ?? null
    const a = await rowsOf(fromSheetId ?? undefined)
    const b = await rowsOf(toSheetId ?? undefined)
    for (const r of a) allFrom.push(r)
    for (const r of b) allTo.push(r)
    units.push({
      unitId: id,
      unitName: tree.get(id)?.name ?? '',
      fromSheetId,
      toSheetId,
      ...compareRows(a, b, options),
    })
  }
  return {
    units,
    indicators: indicatorDeltas(
      templateFigures(template, allFrom).values,
      templateFigures(template, allTo).values,
    ),
  }
}

/** Two sheets of one template. */
export async function compareSheets(
  { sheets }: Pick<CompareDeps, 'sheets'>,
  template: GridTemplate,
  to: { id: string; unitId: string; unitName: string },
  from: { id: string },
): Promise<Comparison> {
  const a = (await sheets.read(from.id, template)).rows
  const b = (await sheets.read(to.id, template)).rows
  return {
    units: [
      {
        unitId: to.unitId,
        unitName: to.unitName,
        fromSheetId: from.id,
        toSheetId: to.id,
        ...compareRows(a, b, compareOptions(template)),
      },
    ],
    indicators: indicatorDeltas(
      templateFigures(template, a).values,
      templateFigures(template, b).values,
    ),
  }
}
