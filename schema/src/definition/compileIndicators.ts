/**
 * @module definition/compileIndicators
 * A template's indicators compiled once into accumulators (SPEC §7, §2.4): each indicator
 * owns a few slots of one Float64Array per unit — a count, a sum in exact whole units (分
 * for money, thousandths of a point for scores), a rate's num and den, one count per
 * distribution value, an average's sum and n — so a unit is one pass over its rows, the
 * total is the slot-wise sum of the units (rates recomputed from summed num/den, never
 * averaged), and drill-down runs the very same conditions row by row. Per row, the
 * indicators' conditions are worked out once (`ConditionProgram`: each distinct condition
 * once, however many indicators test it) and one loop adds the row to every indicator.
 * Not for: the JSON shapes callers get (see `consolidate/consolidateTemplate`).
 */
import { divideHalfUp, makeRate, type Rate } from '../consolidate/rate'
import type { GridTemplate, Row } from '../templates/types'
import { optionsOf, sumScale, type Env, type Value } from './cellReader'
import { CompileContext } from './compileContext'
import { compare, ConditionProgram, TRUE } from './compileCondition'
import { columnOperand, valueOf, type ColumnOperand } from './compileExpression'
import type { Condition } from './condition'
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
  /** The figure of accumulated slots. */
  value(acc: Float64Array): IndicatorValue
  /** Adds a finished figure back into slots (merging already consolidated parts). */
  load(value: IndicatorValue, acc: Float64Array): void
  /** Whether the figure meets the target (null: no figure). */
  met(value: IndicatorValue): boolean | null
  /** The rows behind the figure, one row at a time (after `CompiledIndicators.see`). */
  drill(env: Env, rows: IndicatorRows): void
  emptyRows(): IndicatorRows
}

export interface CompiledIndicators {
  readonly list: readonly CompiledIndicator[]
  readonly byId: ReadonlyMap<string, CompiledIndicator>
  /** Slots per unit. */
  readonly width: number
  readonly hasTargets: boolean
  /** An env for these indicators (`moveEnv` it from row to row). */
  env(today: string): Env
  /** Works out the indicators' conditions for the env's row: before `add` and `drill`. */
  see(env: Env): void
  /** Adds the env's row (after `see`) to every indicator's slots, in one loop. */
  add(env: Env, acc: Float64Array): void
}

/** What adding a row does for one indicator (see `Accumulate`). */
const enum Adds {
  Count,
  Sum,
  Avg,
  Rate,
  Distribution,
}

/**
 * How every indicator adds a row, as parallel arrays run by one loop (`add`), so a row costs
 * no call per indicator: what it does, its condition (`where`, or a rate's `den`), its second
 * slot (a rate's `num`, or the read slot of the column summed or counted), where its slots
 * start, the scale of a sum, a distribution's value → slot.
 */
class Accumulate {
  readonly kind: Adds[] = []
  readonly when: number[] = []
  readonly slot: number[] = []
  readonly at: number[] = []
  readonly scale: number[] = []
  readonly values: (ReadonlyMap<Value, number> | null)[] = []
  readonly whenEmpty: (Value | null)[] = []

  push(
    kind: Adds,
    when: number,
    slot: number,
    at: number,
    extra: { scale?: number; values?: ReadonlyMap<Value, number>; whenEmpty?: Value | null } = {},
  ): void {
    this.kind.push(kind)
    this.when.push(when)
    this.slot.push(slot)
    this.at.push(at)
    this.scale.push(extra.scale ?? 1)
    this.values.push(extra.values ?? null)
    this.whenEmpty.push(extra.whenEmpty ?? null)
  }

  /** The loop, over typed copies of the arrays. */
  compile(): (env: Env, acc: Float64Array) => void {
    const kind = Uint8Array.from(this.kind)
    const when = Int32Array.from(this.when)
    const slot = Int32Array.from(this.slot)
    const at = Int32Array.from(this.at)
    const scale = Float64Array.from(this.scale)
    const values = [...this.values]
    const whenEmpty = [...this.whenEmpty]
    return (env, acc) => {
      const f = env.facts
      const reads = env.reads
      for (let i = 0; i < kind.length; i++) {
        const w = when[i]!
        if (w !== ALWAYS && f[w] !== TRUE) continue
        const o = at[i]!
        switch (kind[i]) {
          case Adds.Count:
            acc[o]! += 1
            break
          case Adds.Rate:
            acc[o + 1]! += 1
            if (f[slot[i]!] === TRUE) acc[o]! += 1
            break
          case Adds.Sum:
          case Adds.Avg: {
            // In an indicator a number column reads a number or EMPTY (which adds 0).
            const v = reads[slot[i]!]
            if (typeof v !== 'number') break
            acc[o]! += Math.round(v * scale[i]!)
            if (kind[i] === Adds.Avg) acc[o + 1]! += 1
            break
          }
          case Adds.Distribution: {
            const v = valueOf(reads[slot[i]!]!, whenEmpty[i]!)
            const k = v === null ? undefined : values[i]!.get(v)
            if (k !== undefined) acc[o + k]! += 1
            break
          }
        }
      }
    }
  }
}

/** A condition slot of the row's facts, or ALWAYS when the indicator has none. */
const ALWAYS = -1
/** Whether the row passes the condition in `slot` (UNKNOWN counts as false). */
const passes = (env: Env, slot: number): boolean => slot === ALWAYS || env.facts[slot] === TRUE

export function compileIndicators(template: GridTemplate): CompiledIndicators {
  const ctx = new CompileContext(template, 'indicator')
  const program = new ConditionProgram(ctx)
  const condition = (c: Condition | undefined): number => (c ? program.add(c) : ALWAYS)
  const scoring = template.kind === 'scoring' ? template : null
  let offset = 0
  const list: CompiledIndicator[] = []
  const adds = new Accumulate()
  for (const def of template.indicators) {
    const where = condition('where' in def ? def.where : undefined)
    const o = offset
    let ind: CompiledIndicator
    switch (def.kind) {
      case 'count':
        ind = countIndicator(def, o, where)
        adds.push(Adds.Count, where, 0, o)
        offset += 1
        break
      case 'sum':
      case 'avg': {
        const value = columnOperand({ col: def.col }, ctx)
        const scale = sumScale(ctx.column(def.col))
        ind =
          def.kind === 'sum'
            ? sumIndicator(def, o, where, value, scale)
            : avgIndicator(def, o, where, value, scale)
        adds.push(def.kind === 'sum' ? Adds.Sum : Adds.Avg, where, value.slot, o, { scale })
        offset += def.kind === 'sum' ? 1 : 2
        break
      }
      case 'rate': {
        const num = condition(def.num)
        const den = condition(def.den)
        ind = rateIndicator(def, o, num, den)
        adds.push(Adds.Rate, den, num, o)
        offset += 2
        break
      }
      case 'distribution': {
        const column = ctx.column(def.col)
        const values: readonly Value[] = def.values ?? optionsOf(column, scoring) ?? []
        const operand = columnOperand({ col: def.col }, ctx)
        ind = distributionIndicator(def, o, where, operand, values)
        adds.push(Adds.Distribution, where, operand.slot, o, {
          values: new Map(values.map((v, i) => [v, i])),
          whenEmpty: operand.whenEmpty,
        })
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
    env: (today) => program.env({ id: '' }, today),
    see: (env) => program.run(env),
    add: adds.compile(),
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

function countIndicator(def: IndicatorDefinition, o: number, where: number): CompiledIndicator {
  return {
    ...base(def),
    value: (acc) => acc[o]!,
    load(value, acc) {
      acc[o]! += value as number
    },
    drill(env, rows) {
      if (passes(env, where)) (rows as { rowIds: string[] }).rowIds.push(env.row.id)
    },
    emptyRows: oneList,
  }
}

function sumIndicator(
  def: IndicatorDefinition,
  o: number,
  where: number,
  { slot }: ColumnOperand,
  scale: number,
): CompiledIndicator {
  // In an indicator a number column reads a number or EMPTY (which adds 0).
  const scaled = (env: Env): number => {
    const v = env.reads[slot]
    return typeof v === 'number' ? Math.round(v * scale) : 0
  }
  return {
    ...base(def),
    value: (acc) => acc[o]! / scale,
    load(v, acc) {
      acc[o]! += Math.round((v as number) * scale)
    },
    // The rows that add something.
    drill(env, rows) {
      if (passes(env, where) && scaled(env) !== 0) {
        ;(rows as { rowIds: string[] }).rowIds.push(env.row.id)
      }
    },
    emptyRows: oneList,
  }
}

function avgIndicator(
  def: IndicatorDefinition,
  o: number,
  where: number,
  { slot }: ColumnOperand,
  scale: number,
): CompiledIndicator {
  return {
    ...base(def),
    // Sum / n rounded half up to one decimal, exactly.
    value: (acc) =>
      acc[o + 1] === 0 ? null : divideHalfUp(acc[o]! * 10, acc[o + 1]! * scale) / 10,
    load() {
      throw new RangeError(`平均值指标「${def.label}」不能由各部分的结果合并，请从各行重新计算`)
    },
    drill(env, rows) {
      if (passes(env, where) && typeof env.reads[slot] === 'number') {
        ;(rows as { rowIds: string[] }).rowIds.push(env.row.id)
      }
    },
    emptyRows: oneList,
  }
}

function rateIndicator(
  def: IndicatorDefinition,
  o: number,
  num: number,
  den: number,
): CompiledIndicator {
  return {
    ...base(def),
    value: (acc) => makeRate(acc[o]!, acc[o + 1]!),
    load(value, acc) {
      const rate = value as Rate
      acc[o]! += rate.num
      acc[o + 1]! += rate.den
    },
    drill(env, rows) {
      if (!passes(env, den)) return
      const r = rows as { num: string[]; den: string[] }
      r.den.push(env.row.id)
      if (passes(env, num)) r.num.push(env.row.id)
    },
    emptyRows: () => ({ num: [], den: [] }),
  }
}

function distributionIndicator(
  def: IndicatorDefinition,
  o: number,
  where: number,
  { slot: read, whenEmpty }: ColumnOperand,
  values: readonly Value[],
): CompiledIndicator {
  const keys = values.map(String)
  const index = new Map<Value, number>(values.map((v, i) => [v, i]))
  const slot = (env: Env): number => {
    if (!passes(env, where)) return -1
    const v = valueOf(env.reads[read]!, whenEmpty)
    return v === null ? -1 : (index.get(v) ?? -1)
  }
  return {
    ...base(def, keys),
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
