/**
 * @module definition/condition
 * Conditions of the template language (SPEC §7): `{"all": [C…]}`, `{"any": [C…]}`,
 * `{"not": C}`; comparisons `{"op": "==" | "!=" | "<" | "<=" | ">" | ">=", "left": E,
 * "right": E}`; `{"op": "in", "left": E, "right": [literals]}`; `{"op": "empty" | "filled",
 * "left": {"col": id}}`. What they mean — three-valued in a rule, two-valued in an
 * indicator — is `definition/compileCondition`; which column types they take is checked by
 * `definition/checkDefinition`.
 */
import { z } from 'zod'
import { ExpressionSchema, LiteralSchema, type Expression, type Literal } from './expression'
import { DEFINITION_LIMITS } from './limits'

export const COMPARE_OPS = ['==', '!=', '<', '<=', '>', '>='] as const
export type CompareOp = (typeof COMPARE_OPS)[number]
/** The comparisons that order their operands: numbers, or dates as `YYYY-MM-DD`. */
export const ORDER_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>='])

export interface AllCondition {
  all: Condition[]
}
export interface AnyCondition {
  any: Condition[]
}
export interface NotCondition {
  not: Condition
}
export interface CompareCondition {
  op: CompareOp
  left: Expression
  right: Expression
}
export interface InCondition {
  op: 'in'
  left: Expression
  right: Literal[]
}
export interface PresenceCondition {
  /** `empty`: nobody filled the cell; `filled`: it holds a value its column can read. */
  op: 'empty' | 'filled'
  left: Expression
}
export type Condition =
  AllCondition | AnyCondition | NotCondition | CompareCondition | InCondition | PresenceCondition

const list = (): z.ZodType<Condition[]> =>
  z.array(ConditionSchema).min(1).max(DEFINITION_LIMITS.operands)

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: list() }),
    z.strictObject({ any: list() }),
    z.strictObject({ not: ConditionSchema }),
    z.discriminatedUnion('op', [
      z.strictObject({ op: z.enum(COMPARE_OPS), left: ExpressionSchema, right: ExpressionSchema }),
      z.strictObject({
        op: z.literal('in'),
        left: ExpressionSchema,
        right: z.array(LiteralSchema).min(1).max(DEFINITION_LIMITS.options),
      }),
      z.strictObject({ op: z.enum(['empty', 'filled']), left: ExpressionSchema }),
    ]),
  ]),
)

export const isAll = (c: Condition): c is AllCondition => 'all' in c
export const isAny = (c: Condition): c is AnyCondition => 'any' in c
export const isNot = (c: Condition): c is NotCondition => 'not' in c
export const isIn = (c: Condition): c is InCondition => 'op' in c && c.op === 'in'
export const isPresence = (c: Condition): c is PresenceCondition =>
  'op' in c && (c.op === 'empty' || c.op === 'filled')
