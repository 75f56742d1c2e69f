/**
 * @module consolidate/consolidateTemplate
 * The 汇总表 of any ledger or scoring template (SPEC §2.4, §7): from each child unit's rows,
 * the figures of the template's indicators per unit, plus the total — counts and sums added,
 * rates recomputed from the summed num/den, averages from the summed points, never averaged
 * — and, for indicators with a target, whether each unit and the total meet it. Every figure
 * lists the rows behind it (`drillDownTemplate`), from the same compiled conditions.
 * The built-ins' typed views are `ledgerIndicators` and `scoringSummary`.
 * Not for: which sheets count (the server's consolidation service).
 */
import {
  counted,
  type CompiledIndicators,
  type IndicatorRows,
  type IndicatorValues,
  type TargetsMet,
} from '../definition/compileIndicators'
import { compileTemplate } from '../definition/compileTemplate'
import { moveEnv } from '../definition/cellReader'
import { localToday } from '../rules/today'
import type { GridTemplate, Row } from '../templates/types'

export interface ConsolidateOptions {
  /** Count rows marked `_deleted` too (default false: a soft-deleted row is not counted). */
  includeDeleted?: boolean
  /** Today as `YYYY-MM-DD` for conditions that read `{"today": true}`; default the local date. */
  today?: string
}

/** One unit's (or the total's) figures, and the targets met when the template has any. */
export interface UnitFigures {
  values: IndicatorValues
  /** Per indicator with a target; null when the template sets none. */
  met: TargetsMet | null
}

export interface TemplateConsolidation {
  units: ({ unit: string } & UnitFigures)[]
  total: UnitFigures
}

/** Accumulated slots of one set of rows. */
function accumulate(
  ind: CompiledIndicators,
  rows: readonly Row[],
  { includeDeleted = false, today = localToday() }: ConsolidateOptions,
): Float64Array {
  const acc = new Float64Array(ind.width)
  const env = ind.env(today)
  for (const row of rows) {
    if (!counted(row, includeDeleted)) continue
    moveEnv(env, row)
    ind.see(env)
    ind.add(env, acc)
  }
  return acc
}

function figures(ind: CompiledIndicators, acc: Float64Array): UnitFigures {
  const values: IndicatorValues = {}
  const met: TargetsMet = {}
  for (const i of ind.list) {
    const value = i.value(acc)
    values[i.id] = value
    if (i.target) met[i.id] = i.met(value)
  }
  return { values, met: ind.hasTargets ? met : null }
}

/** The figures of one set of rows (one unit). */
export function templateFigures(
  template: GridTemplate,
  rows: readonly Row[],
  opts: ConsolidateOptions = {},
): UnitFigures {
  const ind = compileTemplate(template).indicators
  return figures(ind, accumulate(ind, rows, opts))
}

/** 汇总表: one entry per child unit (in the order given) plus the total. */
export function consolidateTemplate(
  template: GridTemplate,
  units: readonly { unit: string; rows: readonly Row[] }[],
  opts: ConsolidateOptions = {},
): TemplateConsolidation {
  const ind = compileTemplate(template).indicators
  const today = opts.today ?? localToday()
  const total = new Float64Array(ind.width)
  const perUnit = units.map(({ unit, rows }) => {
    const acc = accumulate(ind, rows, { ...opts, today })
    for (let i = 0; i < acc.length; i++) total[i]! += acc[i]!
    return { unit, ...figures(ind, acc) }
  })
  return { units: perUnit, total: figures(ind, total) }
}

/**
 * Adds up the figures of disjoint parts (township totals into a district): counts and sums
 * added, rates recomputed from the summed num/den. Averages cannot be merged from their
 * figures: a template with an `avg` indicator throws a RangeError (consolidate the rows).
 */
export function mergeTemplateFigures(
  template: GridTemplate,
  parts: readonly IndicatorValues[],
): UnitFigures {
  const ind = compileTemplate(template).indicators
  const acc = new Float64Array(ind.width)
  for (const part of parts) for (const i of ind.list) i.load(part[i.id] ?? null, acc)
  return figures(ind, acc)
}

/** The SPEC §6.2 JSON: `{units: [{unit, …figures, met?}], total: {…figures, met?}}`. */
export function consolidationJson(result: TemplateConsolidation): {
  units: Record<string, unknown>[]
  total: Record<string, unknown>
} {
  const flat = ({ values, met }: UnitFigures): Record<string, unknown> =>
    met === null ? { ...values } : { ...values, met }
  return {
    units: result.units.map((u) => ({ unit: u.unit, ...flat(u) })),
    total: flat(result.total),
  }
}

export interface TemplateDrillDownOptions extends ConsolidateOptions {
  /** For a distribution: only the rows of this value (`"3"`, `"良好"`). */
  value?: string | number
}

/**
 * The ids of the rows behind one figure (SPEC §2.4 "every number links back to the rows it
 * counts"): a count's rows, a sum's rows that add something, an average's rows with a value,
 * a rate's `num` and `den`, a distribution's rows `byValue` (or of one `value`). Throws a
 * RangeError with a Chinese message for an unknown indicator or value.
 */
export function drillDownTemplate(
  template: GridTemplate,
  rows: readonly Row[],
  indicatorId: string,
  { includeDeleted = false, today = localToday(), value }: TemplateDrillDownOptions = {},
): IndicatorRows {
  const ind = compileTemplate(template).indicators.byId.get(indicatorId)
  if (!ind) throw new RangeError(`未知的汇总指标：${indicatorId}`)
  if (value !== undefined && (ind.kind !== 'distribution' || !ind.keys.includes(String(value)))) {
    throw new RangeError(`「${ind.label}」没有取值「${String(value)}」`)
  }
  const indicators = compileTemplate(template).indicators
  const out = ind.emptyRows()
  const env = indicators.env(today)
  for (const row of rows) {
    if (!counted(row, includeDeleted)) continue
    moveEnv(env, row)
    indicators.see(env)
    ind.drill(env, out)
  }
  if (value !== undefined && 'byValue' in out) return { rowIds: out.byValue[String(value)]! }
  return out
}
