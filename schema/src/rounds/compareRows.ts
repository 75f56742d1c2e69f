/**
 * @module rounds/compareRows
 * 变动情况 (SPEC §8): what changed between two sheets of one unit — organisations added and
 * removed, every changed cell (from → to) — and how each indicator moved. Rows match by id
 * first (a row carried forward keeps its id, so it is one organisation across periods), then
 * by normalised credit code (an organisation typed again in the new period), and a match is
 * reported under the newer row's id. Pure, so the server's compare routes, the 变动情况表
 * export and the browser's compare view agree.
 */
import { normalizeCreditCode } from '../rules/creditCode'
import type { CellValue, Row } from '../templates/types'
import type { IndicatorDelta, UnitComparison } from '../wire/rounds'

export interface CompareOptions {
  /** Columns compared cell by cell, in display order. */
  columns: readonly string[]
  /** The column that names a row (组织名称): `name` in a ledger, `org` in a scoring sheet. */
  nameColumn: string
  /** The column holding the credit code, when the template has one. */
  creditCodeColumn?: string | undefined
}

type Changes = Omit<UnitComparison, 'unitId' | 'unitName' | 'fromSheetId' | 'toSheetId'>

const same = (a: CellValue | undefined, b: CellValue | undefined): boolean => {
  const x = a === undefined || a === '' ? null : a
  const y = b === undefined || b === '' ? null : b
  return x === y
}

const codeOf = (row: Row, column: string | undefined): string | null => {
  if (!column) return null
  const v = row[column]
  if (typeof v !== 'string') return null
  const code = normalizeCreditCode(v)
  return code === '' ? null : code
}

const nameOf = (row: Row, column: string): string | null => {
  const v = row[column]
  return v === null || v === undefined || v === '' ? null : String(v)
}

/** The changes from `from` (the earlier sheet) to `to` (the newer one). */
export function compareRows(
  from: readonly Row[],
  to: readonly Row[],
  { columns, nameColumn, creditCodeColumn }: CompareOptions,
): Changes {
  const fromById = new Map(from.map((r) => [r.id, r]))
  const matched = new Map<string, Row>() // newer id → earlier row
  const usedFrom = new Set<string>()
  for (const row of to) {
    const earlier = fromById.get(row.id)
    if (earlier) {
      matched.set(row.id, earlier)
      usedFrom.add(earlier.id)
    }
  }
  if (creditCodeColumn) {
    const byCode = new Map<string, Row>()
    for (const r of from) {
      if (usedFrom.has(r.id)) continue
      const code = codeOf(r, creditCodeColumn)
      if (code && !byCode.has(code)) byCode.set(code, r)
    }
    for (const row of to) {
      if (matched.has(row.id)) continue
      const code = codeOf(row, creditCodeColumn)
      const earlier = code ? byCode.get(code) : undefined
      if (!earlier) continue
      matched.set(row.id, earlier)
      usedFrom.add(earlier.id)
      byCode.delete(code!)
    }
  }
  const added: Changes['added'] = []
  const changed: Changes['changed'] = []
  for (const row of to) {
    const earlier = matched.get(row.id)
    if (!earlier) {
      added.push({ rowId: row.id, name: nameOf(row, nameColumn) })
      continue
    }
    for (const column of columns) {
      const a = earlier[column]
      const b = row[column]
      if (same(a, b)) continue
      changed.push({
        rowId: row.id,
        name: nameOf(row, nameColumn) ?? nameOf(earlier, nameColumn),
        column,
        from: a ?? null,
        to: b ?? null,
      })
    }
  }
  const removed = from
    .filter((r) => !usedFrom.has(r.id))
    .map((r) => ({ rowId: r.id, name: nameOf(r, nameColumn) }))
  return { added, removed, changed }
}

const isRate = (v: unknown): v is { num: number; den: number; pct: number | null } =>
  typeof v === 'object' && v !== null && 'pct' in v && 'num' in v

/**
 * How each indicator moved: `to − from` for counts, sums and averages, percentage points for
 * a rate (null when either side has no denominator), null for a distribution.
 */
export function indicatorDeltas(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
): Record<string, IndicatorDelta> {
  const out: Record<string, IndicatorDelta> = {}
  for (const id of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const a = from[id] ?? null
    const b = to[id] ?? null
    let delta: number | null = null
    if (typeof a === 'number' && typeof b === 'number') delta = round1(b - a)
    else if (isRate(a) && isRate(b) && a.pct !== null && b.pct !== null)
      delta = round1(b.pct - a.pct)
    out[id] = { from: a, to: b, delta }
  }
  return out
}

/** To one decimal place (tenths), the precision every shown figure has. */
const round1 = (n: number) => Math.round(n * 10) / 10
