/**
 * @module definition/compileCondition
 * A condition compiled once into a closure, in three-valued logic (SPEC §7): a comparison
 * or `in` with an operand that has no value is UNKNOWN; `all` is false if any part is
 * false, else unknown if any is; `any` is true if any part is true, else unknown if any
 * is; `not` keeps unknown. `empty` (nobody filled the cell) and `filled` (it holds a value
 * its column reads) are never unknown.
 * The two places a condition runs differ only in what has a value, which the context's
 * mode decides (`definition/cellReader`, `definition/compileExpression`) — and in what
 * UNKNOWN means at the end:
 * - in a rule, an empty or unreadable operand has no value, so `add`, `mul` and every
 *   comparison over it are unknown, and a rule whose `when` or `require` is unknown stays
 *   silent (§2.1 "silent while one of them is empty");
 * - in an indicator, unreadable text reads as empty and an empty number adds 0 inside
 *   `add`/`mul`; a comparison with an empty operand is still unknown, and a condition that
 *   ends unknown counts as false (`compileIndicatorCondition`) — so a row whose 从业人员数
 *   is empty is counted neither by `>= 50` nor by `not >= 50`.
 */
import { EMPTY, type Env, type Value } from './cellReader'
import type { CompileContext } from './compileContext'
import { compileExpression, type CompiledExpression } from './compileExpression'
import { isAll, isAny, isIn, isNot, isPresence, type CompareOp, type Condition } from './condition'
import { isColumnRef, type Expression } from './expression'

export const FALSE = 0
export const TRUE = 1
export const UNKNOWN = 2
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN

/** A compiled condition: TRUE, FALSE or UNKNOWN. */
export type TriCondition = (env: Env) => Tri
/** An indicator's condition: only TRUE counts. */
export type IndicatorCondition = (env: Env) => boolean

type Test = (a: Value) => boolean

/** `a op b` for a fixed right-hand side. */
function against(op: CompareOp, b: Value): Test {
  const n = b as number
  switch (op) {
    case '==':
      return (a) => a === b
    case '!=':
      return (a) => a !== b
    case '<':
      return (a) => (a as number) < n
    case '<=':
      return (a) => (a as number) <= n
    case '>':
      return (a) => (a as number) > n
    case '>=':
      return (a) => (a as number) >= n
  }
}

/** `a op b`: numbers by value, dates as `YYYY-MM-DD` strings, the rest by identity. */
export function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return (a as number) < (b as number)
    case '<=':
      return (a as number) <= (b as number)
    case '>':
      return (a as number) > (b as number)
    case '>=':
      return (a as number) >= (b as number)
  }
}

/** The cell reader behind `empty` / `filled` (its operand is a column). */
function presenceReader(left: Expression, ctx: CompileContext) {
  if (!isColumnRef(left)) throw new Error('empty/filled take a column')
  return ctx.reader(left.col)
}

/** A condition in three-valued logic, under the context's mode (rule or indicator). */
export function compileCondition(c: Condition, ctx: CompileContext): TriCondition {
  if (isAll(c)) {
    const parts = c.all.map((p) => compileCondition(p, ctx))
    return (env) => {
      let unknown = false
      for (let i = 0; i < parts.length; i++) {
        const v = parts[i]!(env)
        if (v === FALSE) return FALSE
        if (v === UNKNOWN) unknown = true
      }
      return unknown ? UNKNOWN : TRUE
    }
  }
  if (isAny(c)) {
    const parts = c.any.map((p) => compileCondition(p, ctx))
    return (env) => {
      let unknown = false
      for (let i = 0; i < parts.length; i++) {
        const v = parts[i]!(env)
        if (v === TRUE) return TRUE
        if (v === UNKNOWN) unknown = true
      }
      return unknown ? UNKNOWN : FALSE
    }
  }
  if (isNot(c)) {
    const inner = compileCondition(c.not, ctx)
    return (env) => {
      const v = inner(env)
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE
    }
  }
  if (isPresence(c)) {
    // Unreadable text is neither empty nor filled (in an indicator it reads as empty).
    const read = presenceReader(c.left, ctx)
    return c.op === 'empty'
      ? (env) => (read(env) === EMPTY ? TRUE : FALSE)
      : (env) => (typeof read(env) === 'symbol' ? FALSE : TRUE)
  }
  const left = compileExpression(c.left, ctx)
  if (isIn(c)) {
    const values = new Set<Value>(c.right)
    return (env) => {
      const a = left(env)
      return a === null ? UNKNOWN : values.has(a) ? TRUE : FALSE
    }
  }
  const op = c.op
  if (typeof c.right !== 'object') {
    const test = against(op, c.right)
    return (env) => {
      const a = left(env)
      return a === null ? UNKNOWN : test(a) ? TRUE : FALSE
    }
  }
  const right: CompiledExpression = compileExpression(c.right, ctx)
  return (env) => {
    const a = left(env)
    if (a === null) return UNKNOWN
    const b = right(env)
    if (b === null) return UNKNOWN
    return compare(op, a, b) ? TRUE : FALSE
  }
}

/** A rule's condition (the context in rule mode): TRUE, FALSE or UNKNOWN. */
export function compileRuleCondition(c: Condition, ctx: CompileContext): TriCondition {
  if (ctx.mode !== 'rule') throw new Error('compileRuleCondition needs a rule context')
  return compileCondition(c, ctx)
}

/** An indicator's condition (the context in indicator mode): UNKNOWN counts as false. */
export function compileIndicatorCondition(c: Condition, ctx: CompileContext): IndicatorCondition {
  if (ctx.mode !== 'indicator') {
    throw new Error('compileIndicatorCondition needs an indicator context')
  }
  const tri = compileCondition(c, ctx)
  return (env) => tri(env) === TRUE
}
