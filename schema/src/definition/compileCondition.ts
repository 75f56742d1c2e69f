/**
 * @module definition/compileCondition
 * Conditions compiled once — into the instructions of a `ConditionProgram`, or on their own
 * into a closure — in three-valued logic (SPEC §7): a comparison or `in` with an operand
 * that has no value is UNKNOWN; `all` is false if any part is
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
 *   ends unknown counts as false — so a row whose 从业人员数 is empty is counted neither by
 *   `>= 50` nor by `not >= 50`.
 */
import type { Row } from '../templates/types'
import { EMPTY, newEnv, type Env, type Value } from './cellReader'
import type { CompileContext } from './compileContext'
import {
  columnOperand,
  compileExpression,
  valueOf,
  type CompiledExpression,
} from './compileExpression'
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

/** What one instruction of a program does (see `ConditionProgram`). */
const enum Op {
  /** a: first part's index in `parts`, b: how many. */
  All,
  Any,
  /** a: the part's slot. */
  Not,
  /** a: the read slot. */
  Empty,
  Filled,
  /** a: the read slot, b: what EMPTY reads as (a constant), c: the literal (a constant). */
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  /** a: the read slot, b: what EMPTY reads as, c: the Set of values (a constant). */
  InColumn,
  /** c: a closure (a constant) for whatever has no instruction of its own. */
  Call,
}

const COMPARE_CODES: Record<CompareOp, Op> = {
  '==': Op.Eq,
  '!=': Op.Ne,
  '<': Op.Lt,
  '<=': Op.Le,
  '>': Op.Gt,
  '>=': Op.Ge,
}

/**
 * The conditions of a template's rules, or of its indicators, compiled into one flat list of
 * instructions: each distinct condition (the same JSON) once, its parts before it. Per row,
 * `run` reads the columns once (`CompileContext.readRow`) and works every condition out once
 * into `env.facts` in one loop, and the rules or indicators read their slots — so
 * 已建党组织, which seven ledger indicators test, is tested once per row, and no condition
 * calls another. The commonest conditions (a column against a literal, `in`, `empty`,
 * `all`/`any`/`not`) are instructions; anything else (`add`, `mul`, today, two columns)
 * is a compiled closure the loop calls.
 */
export class ConditionProgram {
  readonly ctx: CompileContext
  readonly #slots = new Map<string, number>()
  readonly #op: Op[] = []
  readonly #a: number[] = []
  readonly #b: number[] = []
  readonly #c: number[] = []
  readonly #parts: number[] = []
  readonly #constants: unknown[] = []
  /** The instructions as typed arrays, made on the first run after a change. */
  #sealed: {
    op: Uint8Array
    a: Int32Array
    b: Int32Array
    c: Int32Array
    parts: Int32Array
    constants: readonly unknown[]
  } | null = null

  constructor(ctx: CompileContext) {
    this.ctx = ctx
  }

  /** The slot holding `c`'s value, compiling it and its parts the first time. */
  add(c: Condition): number {
    const key = JSON.stringify(c)
    let slot = this.#slots.get(key)
    if (slot === undefined) {
      slot = this.#compile(c)
      this.#slots.set(key, slot)
    }
    return slot
  }

  /** A fresh env for this program (compile everything first: the env is sized now). */
  env(row: Row, today: string): Env {
    return newEnv(row, today, this.ctx.width, new Uint8Array(this.#op.length))
  }

  /** Reads the env's row and works out every condition into `env.facts`. */
  run(env: Env): void {
    this.ctx.readRow(env)
    const { op, a, b, c, parts, constants: k } = (this.#sealed ??= this.#seal())
    const reads = env.reads
    const f = env.facts
    for (let i = 0; i < op.length; i++) {
      let v: Tri
      switch (op[i]) {
        case Op.All: {
          v = TRUE
          for (let j = a[i]!, end = j + b[i]!; j < end; j++) {
            const x = f[parts[j]!]
            if (x === FALSE) {
              v = FALSE
              break
            }
            if (x === UNKNOWN) v = UNKNOWN
          }
          break
        }
        case Op.Any: {
          v = FALSE
          for (let j = a[i]!, end = j + b[i]!; j < end; j++) {
            const x = f[parts[j]!]
            if (x === TRUE) {
              v = TRUE
              break
            }
            if (x === UNKNOWN) v = UNKNOWN
          }
          break
        }
        case Op.Not: {
          const x = f[a[i]!]
          v = x === UNKNOWN ? UNKNOWN : x === TRUE ? FALSE : TRUE
          break
        }
        case Op.Empty:
          v = reads[a[i]!] === EMPTY ? TRUE : FALSE
          break
        case Op.Filled:
          // Unreadable text is neither empty nor filled (in an indicator it reads as empty).
          v = typeof reads[a[i]!] === 'symbol' ? FALSE : TRUE
          break
        case Op.InColumn: {
          const x = valueOf(reads[a[i]!]!, k[b[i]!] as Value | null)
          v = x === null ? UNKNOWN : (k[c[i]!] as Set<Value>).has(x) ? TRUE : FALSE
          break
        }
        case Op.Call:
          v = (k[c[i]!] as TriCondition)(env)
          break
        default: {
          const x = valueOf(reads[a[i]!]!, k[b[i]!] as Value | null)
          if (x === null) {
            v = UNKNOWN
            break
          }
          const y = k[c[i]!] as number
          const o = op[i]
          const holds =
            o === Op.Eq
              ? x === y
              : o === Op.Ne
                ? x !== y
                : o === Op.Lt
                  ? (x as number) < y
                  : o === Op.Le
                    ? (x as number) <= y
                    : o === Op.Gt
                      ? (x as number) > y
                      : (x as number) >= y
          v = holds ? TRUE : FALSE
        }
      }
      f[i] = v
    }
  }

  #seal() {
    return {
      op: Uint8Array.from(this.#op),
      a: Int32Array.from(this.#a),
      b: Int32Array.from(this.#b),
      c: Int32Array.from(this.#c),
      parts: Int32Array.from(this.#parts),
      constants: [...this.#constants],
    }
  }

  #constant(value: unknown): number {
    this.#constants.push(value)
    return this.#constants.length - 1
  }

  #emit(op: Op, a = 0, b = 0, c = 0): number {
    this.#sealed = null
    this.#op.push(op)
    this.#a.push(a)
    this.#b.push(b)
    this.#c.push(c)
    return this.#op.length - 1
  }

  #compile(c: Condition): number {
    const ctx = this.ctx
    if (isAll(c) || isAny(c)) {
      const slots = (isAll(c) ? c.all : c.any).map((p) => this.add(p))
      const start = this.#parts.length
      this.#parts.push(...slots)
      return this.#emit(isAll(c) ? Op.All : Op.Any, start, slots.length)
    }
    if (isNot(c)) return this.#emit(Op.Not, this.add(c.not))
    if (isPresence(c)) {
      if (!isColumnRef(c.left)) throw new Error('empty/filled take a column')
      return this.#emit(c.op === 'empty' ? Op.Empty : Op.Filled, ctx.slot(c.left.col))
    }
    if (isColumnRef(c.left) && (isIn(c) || typeof c.right !== 'object')) {
      const { slot, whenEmpty } = columnOperand(c.left, ctx)
      const empty = this.#constant(whenEmpty)
      if (isIn(c)) return this.#emit(Op.InColumn, slot, empty, this.#constant(new Set(c.right)))
      return this.#emit(COMPARE_CODES[c.op], slot, empty, this.#constant(c.right))
    }
    return this.#emit(Op.Call, 0, 0, this.#constant(this.#closure(c)))
  }

  /** A condition the instructions do not cover, as a closure over its compiled operands. */
  #closure(c: Condition): TriCondition {
    const ctx = this.ctx
    if (isIn(c)) {
      const values = new Set<Value>(c.right)
      const left = compileExpression(c.left, ctx)
      return (env) => {
        const a = left(env)
        return a === null ? UNKNOWN : values.has(a) ? TRUE : FALSE
      }
    }
    const { op } = c as { op: CompareOp }
    const left = compileExpression((c as { left: Expression }).left, ctx)
    const right: CompiledExpression = compileExpression((c as { right: Expression }).right, ctx)
    return (env) => {
      const a = left(env)
      if (a === null) return UNKNOWN
      const b = right(env)
      if (b === null) return UNKNOWN
      return compare(op, a, b) ? TRUE : FALSE
    }
  }
}

/** One condition on its own, in three-valued logic under the context's mode. */
export function compileCondition(c: Condition, ctx: CompileContext): TriCondition {
  const program = new ConditionProgram(ctx)
  const slot = program.add(c)
  return (env) => {
    const own = program.env(env.row, env.today)
    program.run(own)
    return own.facts[slot] as Tri
  }
}

/** A rule's condition on its own (the context in rule mode): TRUE, FALSE or UNKNOWN. */
export function compileRuleCondition(c: Condition, ctx: CompileContext): TriCondition {
  if (ctx.mode !== 'rule') throw new Error('compileRuleCondition needs a rule context')
  return compileCondition(c, ctx)
}

/** An indicator's condition on its own (the context in indicator mode): UNKNOWN counts as false. */
export function compileIndicatorCondition(c: Condition, ctx: CompileContext): IndicatorCondition {
  if (ctx.mode !== 'indicator') {
    throw new Error('compileIndicatorCondition needs an indicator context')
  }
  const tri = compileCondition(c, ctx)
  return (env) => tri(env) === TRUE
}
