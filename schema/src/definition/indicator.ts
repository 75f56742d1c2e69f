/**
 * @module definition/indicator
 * Indicators of the 汇总表 (SPEC §7, §2.4), each computed per child unit and for the total:
 * - `count`: rows where `where` holds (every row without it);
 * - `sum`: of the number column `col` over rows where `where` holds;
 * - `rate`: `{num, den, pct}`, `num` counted only among the rows where `den` holds
 *   (`den` absent: every row), `pct` exact, half up, one decimal;
 * - `distribution`: `{"<value>": n}` for each of `values` (absent: the column's options);
 * - `avg`: of `col` over the rows that have a value (and where `where` holds), one decimal.
 * In an indicator an empty (or unreadable) number adds 0 inside `add`/`mul`, a comparison
 * with an empty operand is unknown, and a condition that ends unknown counts as false
 * (`definition/compileCondition`). An optional target (`{"op": ">=", "value": 98}`, on the
 * rate's `pct`) adds `met: true | false | null` per unit and total.
 */
import { z } from 'zod'
import { COMPARE_OPS, ConditionSchema } from './condition'
import { ColumnIdSchema, LiteralSchema } from './expression'
import { DEFINITION_LIMITS } from './limits'

export const INDICATOR_KINDS = ['count', 'sum', 'rate', 'distribution', 'avg'] as const
export type IndicatorKind = (typeof INDICATOR_KINDS)[number]

export const TargetSchema = z.strictObject({ op: z.enum(COMPARE_OPS), value: z.number() })
export type Target = z.infer<typeof TargetSchema>

export const IndicatorIdSchema = z
  .string()
  .max(DEFINITION_LIMITS.idLength)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, '指标 id 只能由字母、数字和下划线组成，并以字母开头')

const base = {
  id: IndicatorIdSchema,
  label: z.string().min(1, '不能为空').max(DEFINITION_LIMITS.labelLength),
  target: TargetSchema.optional(),
}

export const IndicatorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('count'), where: ConditionSchema.optional() }),
  z.strictObject({
    ...base,
    kind: z.literal('sum'),
    col: ColumnIdSchema,
    where: ConditionSchema.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('rate'),
    num: ConditionSchema,
    den: ConditionSchema.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('distribution'),
    col: ColumnIdSchema,
    values: z.array(LiteralSchema).min(1).max(DEFINITION_LIMITS.options).optional(),
    where: ConditionSchema.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('avg'),
    col: ColumnIdSchema,
    where: ConditionSchema.optional(),
  }),
])
export type IndicatorDefinition = z.infer<typeof IndicatorSchema>
