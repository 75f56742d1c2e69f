/**
 * @module definition/compileIndicators
 * A template's indicators compiled once into accumulators (SPEC §7, §2.4): each indicator
 * owns a few slots of one Float64Array per unit — a count, a sum in exact whole units (分
 * for money, thousandths of a point for scores), a rate's num and den, one count per
 * distribution value, an average's sum and n — so a unit is one pass over its rows, the
 * total is the slot-wise sum of the units (rates recomputed from summed num/den, never
 * averaged), and drill-down runs the very same conditions row by row.
 * Not for: the JSON shapes callers get (see `consolidate/consolidateTemplate`).
 */
import { divideHalfUp, makeRate, type Rate } from '../consolidate/rate'
import type { GridTemplate, Row } from '../templates/types'
import { optionsOf, sumScale, type Env, type Value } from './cellReader'
import { CompileContext } from './compileContext'
import { compare, compileIndicatorCondition, type IndicatorCondition } from './compileCondition'
import { compileExpression, type CompiledExpression } from './compileExpression'
import type { IndicatorDefinition, IndicatorKind, Target } from './indicator'

/** A figure: a count or sum, a rate, a distribution `{"<value>": n}`, or an average (null: none). */
export type IndicatorValue = number | Rate | Record<string, number> | null
/** Every figure of one unit (or of the total), by indicator id, in definition order. */
export type IndicatorValues = Record<string, IndicatorValue>
/** Per indicator with a target: met, not met, or null (no figure, e.g. a rate of 0/0). */
export type TargetsMet = Record<string, boolean | null>

/** Which rows a figure counts: one list, a rate's two, or one list per distribution value. */
export type IndicatorRows =
  { rowIds: string[] } | { num: string[]; den: string[] } | { byValue: Record<string, string[]> }

export interface CompiledIndicator {
  readonly id: string
  readonly label: string
  readonly kind: IndicatorKind
  readonly target: Target | undefined
  /** A distribution's value keys, in order (`"1"` … `"5"`, or the grades). */
  readonly keys: readonly string[]
  /** Adds the env's row to the slots. */
  add(env: Env, acc: Float64Array): void
  /** The figure of accumulated slots. */
  value(acc: Float64Array): IndicatorValue
  /** Adds a finished figure back into slots (merging already consolidated parts). */
  load(value: IndicatorValue, acc: Float64Array): void
  /** Whether the figure meets the target (null: no figure). */
  met(value: IndicatorValue): boolean | null
  /** The rows behind the figure, one row at a time. */
  drill(env: Env, rows: IndicatorRows): void
  emptyRows(): IndicatorRows
}

export interface CompiledIndicators {
  readonly list: readonly CompiledIndicator[]
  readonly byId: ReadonlyMap<string, CompiledIndicator>
  /** Slots per unit. */
  readonly width: number
  readonly hasTargets: boolean
}

const always = (): boolean => true

export function compileIndicators(template: GridTemplate): CompiledIndicators {
  const ctx = new CompileContext(template, 'indicator')
  const scoring = template.kind === 'scoring' ? template : null
  let offset = 0
  const list: CompiledIndicator[] = []
  for (const def of template.indicators) {
    const where: IndicatorCondition =
      'where' in def && def.where ? compileIndicatorCondition(def.where, ctx) : always
    const o = offset
    let ind: CompiledIndicator
    switch (def.kind) {
      case 'count':
        ind = countIndicator(def, o, where)
        offset += 1
        break
      case 'sum':
      case 'avg': {
        const value = compileExpression({ col: def.col }, ctx)
        const scale = sumScale(ctx.column(def.col))
        ind =
          def.kind === 'sum'
            ? sumIndicator(def, o, where, value, scale)
            : avgIndicator(def, o, where, value, scale)
        offset += def.kind === 'sum' ? 1 : 2
        break
      }
      case 'rate': {
        const num = compileIndicatorCondition(def.num, ctx)
        const den = def.den ? compileIndicatorCondition(def.den, ctx) : always
        ind = rateIndicator(def, o, num, den)
        offset += 2
        break
      }
      case 'distribution': {
        const column = ctx.column(def.col)
        const values: readonly Value[] = def.values ?? optionsOf(column, scoring) ?? []
        ind = distributionIndicator(def, o, where, compileExpression({ col: def.col }, ctx), values)
        offset += values.length
        break
      }
    }
    list.push(ind)
  }
  return {
    list,
    byId: new Map(list.map((i) => [i.id, i])),
    width: offset,
    hasTargets: list.some((i) => i.target !== undefined),
  }
}

function base(def: IndicatorDefinition, keys: readonly string[] = []) {
  const target = def.target
  return {
    id: def.id,
    label: def.label,
    kind: def.kind,
    target,
    keys,
    met(value: IndicatorValue): boolean | null {
      if (!target) return null
      const x = value !== null && typeof value === 'object' ? (value as Rate).pct : value
      return typeof x === 'number' ? compare(target.op, x, target.value) : null
    },
  }
}

const oneList = (): IndicatorRows => ({ rowIds: [] })

function countIndicator(
  def: IndicatorDefinition,
  o: number,
  where: IndicatorCondition,
): CompiledIndicator {
  return {
    ...base(def),
    add(env, acc) {
      if (where(env)) acc[o]! += 1
    },
    value: (acc) => acc[o]!,
    load(value, acc) {
      acc[o]! += value as number
    },
    drill(env, rows) {
      if (where(env)) (rows as { rowIds: string[] }).rowIds.push(env.row.id)
    },
    emptyRows: oneList,
  }
}

function sumIndicator(
  def: IndicatorDefinition,
  o: number,
  where: IndicatorCondition,
  value: CompiledExpression,
  scale: number,
): CompiledIndicator {
  const scaled = (env: Env): number => {
    const v = value(env)
    return typeof v === 'number' ? Math.round(v * scale) : 0
  }
  return {
    ...base(def),
    add(env, acc) {
      if (where(env)) acc[o]! += scaled(env)
    },
    value: (acc) => acc[o]! / scale,
    load(v, acc) {
      acc[o]! += Math.round((v as number) * scale)
    },
    // The rows that add something.
    drill(env, rows) {
      if (where(env) && scaled(env) !== 0) (rows as { rowIds: string[] }).rowIds.push(env.row.id)
    },
    emptyRows: oneList,
  }
}

function avgIndicator(
  def: IndicatorDefinition,
  o: number,
  where: IndicatorCondition,
  value: CompiledExpression,
  scale: number,
): CompiledIndicator {
  return {
    ...base(def),
    add(env, acc) {
      if (!where(env)) return
      const v = value(env)
      if (typeof v !== 'number') return
      acc[o]! += Math.round(v * scale)
      acc[o + 1]! += 1
    },
    // Sum / n rounded half up to one decimal, exactly.
    value: (acc) =>
      acc[o + 1] === 0 ? null : divideHalfUp(acc[o]! * 10, acc[o + 1]! * scale) / 10,
    load() {
      throw new RangeError(`平均值指标「${def.label}」不能由各部分的结果合并，请从各行重新计算`)
    },
    drill(env, rows) {
      if (where(env) && typeof value(env) === 'number') {
        ;(rows as { rowIds: string[] }).rowIds.push(env.row.id)
      }
    },
    emptyRows: oneList,
  }
}

function rateIndicator(
  def: IndicatorDefinition,
  o: number,
  num: IndicatorCondition,
  den: IndicatorCondition,
): CompiledIndicator {
  return {
    ...base(def),
    add(env, acc) {
      if (!den(env)) return
      acc[o + 1]! += 1
      if (num(env)) acc[o]! += 1
    },
    value: (acc) => makeRate(acc[o]!, acc[o + 1]!),
    load(value, acc) {
      const rate = value as Rate
      acc[o]! += rate.num
      acc[o + 1]! += rate.den
    },
    drill(env, rows) {
      if (!den(env)) return
      const r = rows as { num: string[]; den: string[] }
      r.den.push(env.row.id)
      if (num(env)) r.num.push(env.row.id)
    },
    emptyRows: () => ({ num: [], den: [] }),
  }
}

function distributionIndicator(
  def: IndicatorDefinition,
  o: number,
  where: IndicatorCondition,
  value: CompiledExpression,
  values: readonly Value[],
): CompiledIndicator {
  const keys = values.map(String)
  const index = new Map<Value, number>(values.map((v, i) => [v, i]))
  const slot = (env: Env): number => {
    if (!where(env)) return -1
    const v = value(env)
    return v === null ? -1 : (index.get(v) ?? -1)
  }
  return {
    ...base(def, keys),
    add(env, acc) {
      const i = slot(env)
      if (i >= 0) acc[o + i]! += 1
    },
    value: (acc) => Object.fromEntries(keys.map((k, i) => [k, acc[o + i]!])),
    load(value, acc) {
      const counts = value as Record<string, number>
      keys.forEach((k, i) => (acc[o + i]! += counts[k] ?? 0))
    },
    drill(env, rows) {
      const i = slot(env)
      if (i >= 0)
        (rows as { byValue: Record<string, string[]> }).byValue[keys[i]!]!.push(env.row.id)
    },
    emptyRows: () => ({ byValue: Object.fromEntries(keys.map((k) => [k, [] as string[]])) }),
  }
}

/** Whether a row takes part (soft-deleted rows do not, unless asked). */
export const counted = (row: Row, includeDeleted: boolean): boolean =>
  includeDeleted || row._deleted !== true
