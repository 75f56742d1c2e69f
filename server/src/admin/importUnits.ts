/**
 * @module admin/importUnits
 * `POST /api/units/import` (SPEC §11): a district's unit list, one row per leaf, columns
 * 区县 · 乡镇/街道 · 村/社区 · 网格. Each row's path is looked up from the top by name under its
 * parent, and what is missing is created — only inside the caller's subtrees (a township
 * admin's file may name only its own township). An empty 村/社区 puts the 网格 directly under
 * the 乡镇/街道; every row must name its 区县 and 乡镇/街道. Running the same file twice
 * creates nothing the second time (`existing` counts what was already there). A preview
 * plans everything and changes nothing.
 * Not for: reading the file (`adminTable`) or HTTP (`routes/unitImport`).
 */
import { canAdminister, UNIT_LEVEL_LABELS, UnitTree, type UnitLevel } from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import type { AdminColumn, AdminRow } from './adminTable'

export const UNIT_COLUMNS: readonly AdminColumn<UnitLevel>[] = [
  { key: 'district', names: ['区县', '区/县', '区', '县', '县区', '区（县）'], required: true },
  {
    key: 'township',
    names: ['乡镇/街道', '乡镇街道', '乡镇', '街道', '镇街', '乡镇（街道）', '街道/乡镇'],
    required: true,
  },
  { key: 'community', names: ['村/社区', '村社区', '社区', '村', '村（社区）', '社区/村'] },
  { key: 'grid', names: ['网格', '网格名称'] },
]

const LEVELS: readonly UnitLevel[] = ['district', 'township', 'community', 'grid']

export type UnitRowOutcome = 'create' | 'existing' | 'rejected'

export interface UnitImportRow {
  row: number
  path: string[]
  outcome: UnitRowOutcome
  /** New units this row adds (0 when all were there or made by an earlier row). */
  creates: number
  reasons?: string[]
}

export interface UnitImportResult {
  created: number
  existing: number
  rejected: { row: number; reasons: string[] }[]
  rows: UnitImportRow[]
}

interface PlannedUnit {
  id: string
  name: string
  parentId: string | null
  level: UnitLevel
  archived: boolean
  /** Not in the store yet (made by this import). */
  planned: boolean
}

/** Plan (and unless `preview`, apply) a units import for `user`. */
export async function importUnits(
  store: MetaStore,
  user: User,
  rows: readonly AdminRow<UnitLevel>[],
  { preview }: { preview: boolean },
): Promise<UnitImportResult> {
  const units = await store.units.list()
  const tree = new UnitTree(units)
  const archived = (id: string) => tree.pathUp(id).some((u) => Boolean(u.archivedAt))
  const nodes = new Map<string, PlannedUnit>()
  const children = new Map<string | null, PlannedUnit[]>()
  const add = (u: PlannedUnit) => {
    nodes.set(u.id, u)
    const list = children.get(u.parentId)
    if (list) list.push(u)
    else children.set(u.parentId, [u])
  }
  for (const u of units) {
    add({
      id: u.id,
      name: u.name,
      parentId: u.parentId,
      level: u.level,
      archived: archived(u.id),
      planned: false,
    })
  }
  /** May the caller create a unit under `parentId`? (planned parents are its own) */
  const mayCreateUnder = (parentId: string | null): boolean => {
    let id = parentId
    while (id !== null && nodes.get(id)?.planned) id = nodes.get(id)!.parentId
    return canAdminister(tree, user, id)
  }
  const seenUnits = new Set<string>()
  let created = 0
  let existing = 0
  let nextPlanned = 0
  const out: UnitImportRow[] = []
  const toCreate: PlannedUnit[] = []

  for (const { row, values } of rows) {
    const reasons: string[] = []
    const path = LEVELS.map((level) => ({ level, name: values[level] ?? '' })).filter(
      (p) => p.name !== '',
    )
    if (!values.district) reasons.push('缺少区县')
    if (!values.township) {
      reasons.push(
        values.grid || values.community ? '填了网格或村/社区，但缺少乡镇/街道' : '缺少乡镇/街道',
      )
    }
    for (const p of path) {
      if ([...p.name].length > 100) reasons.push(`${UNIT_LEVEL_LABELS[p.level]}名称超过 100 个字`)
      if (/[/\\]/.test(p.name)) reasons.push(`${UNIT_LEVEL_LABELS[p.level]}名称不能包含斜杠`)
    }
    if (reasons.length) {
      out.push({ row, path: path.map((p) => p.name), outcome: 'rejected', creates: 0, reasons })
      continue
    }
    // walk down, noting what exists and what this row would add
    let parentId: string | null = null
    const steps: {
      found?: PlannedUnit
      level: UnitLevel
      name: string
      parentId: string | null
    }[] = []
    let failed: string | null = null
    const plannedHere: PlannedUnit[] = []
    const outside = `不在您管理的范围内：${path.map((p) => p.name).join('/')}`
    for (const p of path) {
      const same: PlannedUnit[] = (children.get(parentId) ?? []).filter((u) => u.name === p.name)
      const found: PlannedUnit | undefined = same.find((u) => !u.archived) ?? same[0]
      // a unit of a township admin's district that it may only see by name is still found
      if (found) {
        if (found.archived) {
          failed = `${UNIT_LEVEL_LABELS[found.level]}“${p.name}”已归档`
          break
        }
        if (found.level !== p.level) {
          failed = `“${p.name}”已存在，但层级是${UNIT_LEVEL_LABELS[found.level]}，不是${UNIT_LEVEL_LABELS[p.level]}`
          break
        }
        steps.push({ found, level: p.level, name: p.name, parentId })
        parentId = found.id
      } else {
        if (!mayCreateUnder(parentId)) {
          failed =
            parentId === null ? `区县“${p.name}”不存在（只有系统管理员可以新建区县）` : outside
          break
        }
        const planned: PlannedUnit = {
          id: `planned:${nextPlanned++}`,
          name: p.name,
          parentId,
          level: p.level,
          archived: false,
          planned: true,
        }
        steps.push({ found: planned, level: p.level, name: p.name, parentId })
        add(planned)
        toCreate.push(planned)
        plannedHere.push(planned)
        parentId = planned.id
      }
    }
    // a row entirely outside the caller's subtrees is not its to name (even as existing)
    const leaf = steps.at(-1)?.found
    if (!failed && leaf && !leaf.planned && !canAdminister(tree, user, leaf.id)) {
      failed = outside
    }
    if (failed) {
      // undo what this row planned (the tail of toCreate)
      for (const u of plannedHere.reverse()) {
        toCreate.splice(toCreate.indexOf(u), 1)
        nodes.delete(u.id)
        const list = children.get(u.parentId)!
        list.splice(list.indexOf(u), 1)
      }
      out.push({
        row,
        path: path.map((p) => p.name),
        outcome: 'rejected',
        creates: 0,
        reasons: [failed],
      })
      continue
    }
    let creates = 0
    for (const s of steps) {
      const u = s.found!
      if (seenUnits.has(u.id)) continue
      seenUnits.add(u.id)
      if (u.planned) {
        created++
        creates++
      } else existing++
    }
    out.push({
      row,
      path: path.map((p) => p.name),
      outcome: creates > 0 ? 'create' : 'existing',
      creates,
    })
  }

  if (!preview) {
    // parents were planned before their children: create in order, mapping planned ids
    const real = new Map<string, string>()
    for (const u of toCreate) {
      const parentId = u.parentId === null ? null : (real.get(u.parentId) ?? u.parentId)
      const made = await store.units.create({ name: u.name, parentId, level: u.level })
      real.set(u.id, made.id)
    }
  }
  const rejected = out
    .filter((r) => r.outcome === 'rejected')
    .map((r) => ({ row: r.row, reasons: r.reasons! }))
  return { created, existing, rejected, rows: out }
}

export type { Unit }
