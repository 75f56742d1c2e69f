/**
 * @module definition/compileExpression
 * An expression compiled once into a closure `(env) => value | null`, never evaluated as
 * code. `null` means "no value": in a rule an empty or unreadable operand makes `add`,
 * `mul` (and then the comparison) unknown; in an indicator an empty number adds 0 inside
 * `add` and `mul`. An empty yes/no cell reads as no (SPEC §6.1) unless `ifEmpty` says
 * otherwise.
 * Arithmetic results keep 15 significant digits, as spreadsheets do, so 0.1 + 0.2 is 0.3 and
 * 经费 ≥ 0.5% × 工资总额 holds exactly at the boundary: 0.005 × 1054 is 5.27, where binary
 * floating point gives 5.2700000000000005 and 5.27 元 would fall short of it.
 */
import { EMPTY, type Env, type Read, type Value } from './cellReader'
import type { CompileContext } from './compileContext'
import { isAdd, isColumnRef, isMul, isToday, type ColumnRef, type Expression } from './expression'

export type CompiledExpression = (env: Env) => Value | null

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/**
 * x rounded to 15 significant digits, exactly as `Number(x.toPrecision(15))` (ties away
 * from zero): the result of `add` and `mul`. The scaled rounding below is the same answer
 * without a string, except next to a tie, where the product's own rounding could tip it;
 * there, and outside 1e-7…1e15, toPrecision decides.
 */
export function tidy(x: number): number {
  const a = Math.abs(x)
  if (a === 0 || !Number.isFinite(a)) return x
  if (a < 1e-7 || a >= 1e15) return Number(x.toPrecision(15))
  const p = POW10[14 - Math.floor(Math.log10(a))]!
  const scaled = a * p
  const frac = scaled - Math.floor(scaled)
  if (frac > 0.4999 && frac < 0.5001) return Number(x.toPrecision(15))
  const r = Math.round(scaled) / p
  return x < 0 ? -r : r
}

export function compileExpression(e: Expression, ctx: CompileContext): CompiledExpression {
  if (typeof e !== 'object') return () => e
  if (isColumnRef(e)) {
    const { slot, whenEmpty } = columnOperand(e, ctx)
    return (env) => valueOf(env.reads[slot]!, whenEmpty)
  }
  if (isToday(e)) return (env) => env.today
  if (isAdd(e) || isMul(e)) {
    const parts = (isAdd(e) ? e.add : e.mul).map((p) => compileExpression(p, ctx))
    return isAdd(e)
      ? arithmetic(parts, 0, (a, b) => a + b, ctx)
      : arithmetic(parts, 1, (a, b) => a * b, ctx)
  }
  throw new Error('unknown expression')
}

/** A column as an operand: where its cell is read, and what an empty cell reads as. */
export interface ColumnOperand {
  slot: number
  /** The `ifEmpty` literal; else no for a yes/no column (SPEC §6.1), else null (no value). */
  whenEmpty: Value | null
}

export function columnOperand(e: ColumnRef, ctx: CompileContext): ColumnOperand {
  const whenEmpty = e.ifEmpty ?? (ctx.column(e.col).type === 'yesno' ? false : null)
  return { slot: ctx.slot(e.col), whenEmpty }
}

/**
 * A read cell as an operand's value: EMPTY reads as `whenEmpty`, UNREADABLE has no value
 * (in an indicator readers never answer UNREADABLE: what cannot be read is empty).
 */
export function valueOf(read: Read, whenEmpty: Value | null): Value | null {
  if (typeof read !== 'symbol') return read
  return read === EMPTY ? whenEmpty : null
}

function arithmetic(
  parts: CompiledExpression[],
  unit: number,
  op: (a: number, b: number) => number,
  ctx: CompileContext,
): CompiledExpression {
  if (ctx.mode === 'indicator') {
    return (env) => {
      let acc = unit
      for (let i = 0; i < parts.length; i++) {
        const v = parts[i]!(env)
        acc = op(acc, typeof v === 'number' ? v : 0)
      }
      return tidy(acc)
    }
  }
  return (env) => {
    let acc = unit
    for (let i = 0; i < parts.length; i++) {
      const v = parts[i]!(env)
      if (typeof v !== 'number') return null
      acc = op(acc, v)
    }
    return tidy(acc)
  }
}
