/**
 * @module rectification/responsibleUnits
 * The responsible grid of each organisation a scoring sheet inspected (SPEC §9): found by its
 * normalised 统一社会信用代码 in the ledgers of the units under the parent of the scoring sheet's
 * unit (an inspection team is usually a unit under the district, so this is the district's
 * ledgers) — per unit its accepted ledger, else its latest. A code found in exactly one unit
 * gives that unit; none or several give null, and the team lead sets it by hand.
 * Not for: creating items (generateItems.ts).
 */
import {
  builtinTemplate,
  normalizeCreditCode,
  type GridTemplate,
  type UnitTree,
} from '@taizhang/schema'
import type { StoredSheets } from '../consolidation/storedSheets'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import type { Unit } from '../storage/UnitStore'

/** The units a team's items may be assigned to: the subtree of its unit's parent. */
export function inspectedArea(tree: UnitTree<Unit>, sheetUnitId: string): Unit[] {
  const unit = tree.get(sheetUnitId)
  if (!unit) return []
  return tree.subtree(unit.parentId ?? unit.id)
}

/** Per unit: its last accepted ledger, else its latest. */
export function ledgerOfEachUnit(sheets: SheetRecord[]): SheetRecord[] {
  const byUnit = new Map<string, SheetRecord>()
  const rank = (s: SheetRecord) =>
    `${s.status === 'accepted' ? 1 : 0}|${s.updatedAt}|${s.createdAt}`
  for (const s of sheets) {
    if (s.template !== 'ledger') continue
    const held = byUnit.get(s.unitId)
    if (!held || rank(s) > rank(held)) byUnit.set(s.unitId, s)
  }
  return [...byUnit.values()]
}

/** normalised credit code → the one unit whose ledger lists it (null: several). */
export async function responsibleUnits(
  { store, sheets }: { store: MetaStore; sheets: StoredSheets },
  tree: UnitTree<Unit>,
  sheetUnitId: string,
  codes: Iterable<string>,
): Promise<Map<string, string | null>> {
  const wanted = new Set<string>()
  for (const c of codes) {
    const n = normalizeCreditCode(c)
    if (n) wanted.add(n)
  }
  const found = new Map<string, string | null>()
  if (wanted.size === 0) return found
  const area = inspectedArea(tree, sheetUnitId).map((u) => u.id)
  const ledgers = ledgerOfEachUnit(await store.sheets.list(area))
  const template = builtinTemplate('ledger') as GridTemplate
  for (const ledger of ledgers) {
    const { rows } = await sheets.read(ledger.id, template)
    const here = new Set<string>()
    for (const row of rows) {
      const code = typeof row.creditCode === 'string' ? normalizeCreditCode(row.creditCode) : ''
      if (code && wanted.has(code)) here.add(code)
    }
    for (const code of here) {
      found.set(code, found.has(code) && found.get(code) !== ledger.unitId ? null : ledger.unitId)
    }
  }
  return found
}
