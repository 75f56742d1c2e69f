/**
 * @module definition/column
 * Columns of a template definition: their types, options, ranges and layout, and the
 * scoring criteria and grade bands a 评分表 adds. Each shape is a zod schema first and a
 * TypeScript type second, because a district writes these (SPEC §7) and a definition is
 * hostile input: every string and list has a bound.
 * Not for: reading cell text (see `parse/`) or what a cell means in a condition (see
 * `definition/cellReader`).
 */
import { z } from 'zod'
import { ColumnIdSchema } from './expression'
import { DEFINITION_LIMITS } from './limits'

/**
 * How a column's cell text is read and stored:
 * - text / longText: trimmed string
 * - integer: whole number ≥ min (counts, days, stars)
 * - money: number ≥ 0 (元), thousands separators allowed
 * - option: one of `options` (after aliases)
 * - yesno: boolean (是/否, 有/无, √/×, true/false, 1/0)
 * - date: `YYYY-MM-DD` (also 2026年3月5日, 2026/3/5)
 * - creditCode, phone: normalised strings checked by their own rules
 * - score: number 0…max in steps of `step`
 * - computed: filled by the template (总分, 等次), never typed
 * - attachment: attachment ids (hex sha256) joined by `,` (SPEC §10), trimmed text
 */
export const ColumnTypeSchema = z.enum([
  'text',
  'longText',
  'integer',
  'money',
  'option',
  'yesno',
  'date',
  'creditCode',
  'phone',
  'score',
  'computed',
  'attachment',
])
export type ColumnType = z.infer<typeof ColumnTypeSchema>

const text = (max: number = DEFINITION_LIMITS.textLength) => z.string().max(max)
const label = () => z.string().min(1, '不能为空').max(DEFINITION_LIMITS.labelLength)

export const ColumnSchema = z.strictObject({
  id: ColumnIdSchema,
  label: label(),
  /** Top-level grouped header (人员, 党组织, 六有 …); absent for a single-level header. */
  group: label().optional(),
  type: ColumnTypeSchema,
  required: z.boolean().optional(),
  options: z.array(text().min(1, '不能为空')).max(DEFINITION_LIMITS.options).optional(),
  /** Other spellings accepted for an option value: alias → canonical option. */
  optionAliases: z
    .record(text().min(1, '不能为空'), text())
    .refine((r) => Object.keys(r).length <= DEFINITION_LIMITS.options, {
      message: `最多${DEFINITION_LIMITS.options}个别名`,
    })
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Steps for scores (0.5). */
  step: z.number().positive().optional(),
  /** Unit shown after the label in exports, e.g. `元` gives 年度党建经费(元). */
  unit: text(16).optional(),
  /** Suggested width in characters for grids and exports. */
  width: z.number().int().positive().max(200).optional(),
  /** false: the column starts empty in the next period's sheet (SPEC §8); default true. */
  carry: z.boolean().optional(),
  /** Stays in view while the grid scrolls sideways. */
  pinned: z.boolean().optional(),
})
export type Column = z.infer<typeof ColumnSchema>

/** One scoring criterion: a score column with its max points, grouped under a category. */
export const CriterionSchema = z.strictObject({
  id: ColumnIdSchema,
  label: label(),
  group: label(),
  max: z.number().positive().max(1000),
})
export type Criterion = z.infer<typeof CriterionSchema>

/** Grade bands, highest first: a total ≥ `min` gets `grade`. */
export const GradeBandSchema = z.strictObject({
  grade: z.string().min(1, '不能为空').max(DEFINITION_LIMITS.labelLength),
  min: z.number(),
})
export type GradeBand = z.infer<typeof GradeBandSchema>

/** The score column a criterion stands for (0…max in steps of 0.5). */
export function criterionColumn(c: Criterion): Column {
  return {
    id: c.id,
    label: c.label,
    group: c.group,
    type: 'score',
    min: 0,
    max: c.max,
    step: 0.5,
    width: 6,
  }
}
