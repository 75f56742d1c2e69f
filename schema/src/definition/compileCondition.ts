/**
 * @module definition/compileCondition
 * A condition compiled once into a closure, in one of two logics (SPEC §7):
 * - in a rule, three-valued: a comparison or `in` with an empty or unreadable operand is
 *   UNKNOWN; `all` is false if any part is false, else unknown if any is; `any` is true if
 *   any part is true, else unknown if any is; `not` keeps unknown. A rule whose `when` or
 *   `require` is unknown stays silent (§2.1 "silent while one of them is empty").
 * - in an indicator, two-valued: a comparison or `in` with an empty operand is false, and
 *   `all`/`any`/`not` are plain boolean logic over that.
 * `empty` (nobody filled the cell) and `filled` (it holds a value its column reads) are
 * never unknown; unreadable text is neither in a rule, and empty in an indicator.
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

export type RuleCondition = (env: Env) => Tri
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

function compare(op: CompareOp, a: Value, b: Value): boolean {
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

/** A rule's condition: TRUE, FALSE or UNKNOWN. */
export function compileRuleCondition(c: Condition, ctx: CompileContext): RuleCondition {
  if (isAll(c)) {
    const parts = c.all.map((p) => compileRuleCondition(p, ctx))
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
    const parts = c.any.map((p) => compileRuleCondition(p, ctx))
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
    const inner = compileRuleCondition(c.not, ctx)
    return (env) => {
      const v = inner(env)
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE
    }
  }
  if (isPresence(c)) {
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

/** An indicator's condition: true or false, an empty operand making a comparison false. */
export function compileIndicatorCondition(c: Condition, ctx: CompileContext): IndicatorCondition {
  if (isAll(c)) {
    const parts = c.all.map((p) => compileIndicatorCondition(p, ctx))
    return (env) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i]!(env)) return false
      return true
    }
  }
  if (isAny(c)) {
    const parts = c.any.map((p) => compileIndicatorCondition(p, ctx))
    return (env) => {
      for (let i = 0; i < parts.length; i++) if (parts[i]!(env)) return true
      return false
    }
  }
  if (isNot(c)) {
    const inner = compileIndicatorCondition(c.not, ctx)
    return (env) => !inner(env)
  }
  if (isPresence(c)) {
    const read = presenceReader(c.left, ctx)
    return c.op === 'empty' ? (env) => read(env) === EMPTY : (env) => read(env) !== EMPTY
  }
  const left = compileExpression(c.left, ctx)
  if (isIn(c)) {
    const values = new Set<Value>(c.right)
    return (env) => {
      const a = left(env)
      return a !== null && values.has(a)
    }
  }
  const op = c.op
  if (typeof c.right !== 'object') {
    const test = against(op, c.right)
    return (env) => {
      const a = left(env)
      return a !== null && test(a)
    }
  }
  const right = compileExpression(c.right, ctx)
  return (env) => {
    const a = left(env)
    if (a === null) return false
    const b = right(env)
    return b !== null && compare(op, a, b)
  }
}
