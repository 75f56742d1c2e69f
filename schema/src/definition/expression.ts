/**
 * @module definition/expression
 * Expressions of the template language (SPEC §7): what a condition compares.
 * - a literal: a finite number, a string, true/false;
 * - `{"col": id}`: the cell of a column as its type reads it; `{"col": id, "ifEmpty": 0}`:
 *   an empty cell reads as the literal (a cell holding unreadable text stays unknown);
 * - `{"add": [E…]}`, `{"mul": [E…]}`: sums and products of numbers;
 * - `{"today": true}`: today's date (`YYYY-MM-DD`), for 督查日期 not in the future (§2.2);
 *   the one expression beyond SPEC §7's list, which cannot express that rule without it.
 * Only data: nothing here is ever evaluated as code (see `definition/compileExpression`).
 */
import { z } from 'zod'
import { DEFINITION_LIMITS } from './limits'

export type Literal = number | string | boolean

export interface ColumnRef {
  col: string
  /** What an empty cell reads as (never applied to unreadable text, in a rule). */
  ifEmpty?: Literal
}
export interface AddExpression {
  add: Expression[]
}
export interface MulExpression {
  mul: Expression[]
}
export interface TodayExpression {
  today: true
}
export type Expression = Literal | ColumnRef | AddExpression | MulExpression | TodayExpression

/** A column id as definitions spell it. */
export const ColumnIdSchema = z
  .string()
  .max(DEFINITION_LIMITS.idLength)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, '列 id 只能由字母、数字和下划线组成，并以字母开头')

export const LiteralSchema: z.ZodType<Literal> = z.union([
  z.number(),
  z.string().max(DEFINITION_LIMITS.textLength),
  z.boolean(),
])

export const ColumnRefSchema = z.strictObject({
  col: ColumnIdSchema,
  ifEmpty: LiteralSchema.optional(),
})

const operands = (): z.ZodType<Expression[]> =>
  z.array(ExpressionSchema).min(1).max(DEFINITION_LIMITS.operands)

export const ExpressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.union([
    z.number(),
    z.string().max(DEFINITION_LIMITS.textLength),
    z.boolean(),
    ColumnRefSchema,
    z.strictObject({ add: operands() }),
    z.strictObject({ mul: operands() }),
    z.strictObject({ today: z.literal(true) }),
  ]),
)

export const isColumnRef = (e: Expression): e is ColumnRef => typeof e === 'object' && 'col' in e
export const isAdd = (e: Expression): e is AddExpression => typeof e === 'object' && 'add' in e
export const isMul = (e: Expression): e is MulExpression => typeof e === 'object' && 'mul' in e
export const isToday = (e: Expression): e is TodayExpression =>
  typeof e === 'object' && 'today' in e
