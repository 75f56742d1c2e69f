/**
 * @module templates/types
 * The shapes every template is made of: columns, criteria, sheets' plain rows and the
 * findings rules produce. Templates are data (a district may add a column or a
 * criterion), so each shape is a zod schema first and a TypeScript type second.
 * Not for: parsing cell text (see `parse/`) or the rules themselves (see `rules/`).
 */
import { z } from 'zod'

/** A stored cell value, exactly as it sits in the Yjs row map (SPEC §6.3). */
export type CellValue = string | number | boolean | null

/** One sheet row as plain data: the stable row id plus column id → value. */
export type Row = { id: string; [columnId: string]: CellValue }

export type Severity = 'error' | 'warning'

/** What a rule reports: one row, one column, one rule id, a Chinese message. */
export interface Finding {
  rowId: string
  column: string
  rule: string
  severity: Severity
  message: string
}

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
])
export type ColumnType = z.infer<typeof ColumnTypeSchema>

export const ColumnSchema = z.object({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, '列 id 只能由字母、数字和下划线组成'),
  label: z.string().min(1),
  /** Top-level grouped header (人员, 党组织, 六有 …); absent for a single-level header. */
  group: z.string().optional(),
  type: ColumnTypeSchema,
  required: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  /** Other spellings accepted for an option value: alias → canonical option. */
  optionAliases: z.record(z.string(), z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Steps for scores (0.5). */
  step: z.number().positive().optional(),
  /** Unit shown after the label in exports, e.g. `元` gives 年度党建经费(元). */
  unit: z.string().optional(),
  /** Suggested width in characters for grids and exports. */
  width: z.number().int().positive().optional(),
})
export type Column = z.infer<typeof ColumnSchema>

/** One scoring criterion: a score column with its max points, grouped under a category. */
export const CriterionSchema = z.object({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  label: z.string().min(1),
  group: z.string().min(1),
  max: z.number().positive(),
})
export type Criterion = z.infer<typeof CriterionSchema>

/** Grade bands, highest first: a total ≥ `min` gets `grade`. */
export const GradeBandSchema = z.object({ grade: z.string().min(1), min: z.number() })
export type GradeBand = z.infer<typeof GradeBandSchema>

export const LedgerTemplateSchema = z.object({
  kind: z.literal('ledger'),
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  columns: z.array(ColumnSchema).min(1),
})
export type LedgerTemplate = z.infer<typeof LedgerTemplateSchema>

export const ScoringTemplateSchema = z.object({
  kind: z.literal('scoring'),
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  /** Columns before the criteria: org, creditCode, team, inspector, date. */
  leading: z.array(ColumnSchema),
  criteria: z.array(CriterionSchema).min(1),
  /** Columns after the criteria: total, grade, problems, rectification, deadline. */
  trailing: z.array(ColumnSchema),
  grades: z.array(GradeBandSchema).min(1),
  /** Grades at or above this one do not need 整改要求/整改期限. */
  rectificationFreeGrade: z.string(),
})
export type ScoringTemplate = z.infer<typeof ScoringTemplateSchema>

export const ReportSectionSchema = z.object({
  id: z.string(),
  label: z.string(),
})
export const ReportTemplateSchema = z.object({
  kind: z.literal('report'),
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  /** Meta fields: title 标题, surveyUnit 调研单位, surveyDate 调研时间. */
  fields: z.array(ColumnSchema),
  /** Rich-text sections, each a top-level Y.XmlFragment named by its id. */
  sections: z.array(ReportSectionSchema).min(1),
})
export type ReportTemplate = z.infer<typeof ReportTemplateSchema>

export const TemplateSchema = z.discriminatedUnion('kind', [
  LedgerTemplateSchema,
  ScoringTemplateSchema,
  ReportTemplateSchema,
])
export type Template = z.infer<typeof TemplateSchema>
export type TemplateKind = Template['kind']
export type GridTemplate = LedgerTemplate | ScoringTemplate
