/**
 * @module definition/rule
 * A rule of a template definition (SPEC §7): reported on `column` with `severity` and
 * `message` when `when` holds (absent: always) and `require` does not (absent: whenever
 * `when` holds). Conditions that are unknown (an empty or unreadable operand) keep a rule
 * silent. The message may show values: `{columnId}` (the cell), a name from `show` (an
 * expression, e.g. the sum of two columns), `{today}`, and in a 评分表 `{deductions}` (the
 * criteria scored below their max, "发展党员扣2分、党旗扣0.5分").
 */
import { z } from 'zod'
import { RuleIdSchema, SeveritySchema } from './check'
import { ConditionSchema } from './condition'
import { ColumnIdSchema, ExpressionSchema } from './expression'
import { DEFINITION_LIMITS } from './limits'

/** A name a message shows: `{sum}`. */
export const PlaceholderNameSchema = z
  .string()
  .max(DEFINITION_LIMITS.idLength)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, '名称只能由字母、数字和下划线组成，并以字母开头')

export const RuleSchema = z.strictObject({
  id: RuleIdSchema,
  column: ColumnIdSchema,
  severity: SeveritySchema,
  message: z.string().min(1, '不能为空').max(DEFINITION_LIMITS.messageLength),
  when: ConditionSchema.optional(),
  require: ConditionSchema.optional(),
  /** Expressions the message shows by name. */
  show: z.record(PlaceholderNameSchema, ExpressionSchema).optional(),
})
export type RuleDefinition = z.infer<typeof RuleSchema>
