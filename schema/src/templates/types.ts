/**
 * @module templates/types
 * The shapes every template is made of: sheets' plain rows, the findings rules produce,
 * and the templates themselves — a ledger or scoring template is its definition (SPEC §7,
 * `definition/`) plus id, name and version; the 调研报告 has fields and sections.
 * Not for: parsing cell text (see `parse/`) or the rules themselves (see `definition/`).
 */
import { z } from 'zod'
import { ColumnSchema } from '../definition/column'
import { LedgerTemplateSchema, ScoringTemplateSchema } from '../definition/definition'

export {
  ColumnSchema,
  ColumnTypeSchema,
  CriterionSchema,
  GradeBandSchema,
  type Column,
  type ColumnType,
  type Criterion,
  type GradeBand,
} from '../definition/column'
export { LedgerTemplateSchema, ScoringTemplateSchema }

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

export type LedgerTemplate = z.output<typeof LedgerTemplateSchema>
export type ScoringTemplate = z.output<typeof ScoringTemplateSchema>

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
