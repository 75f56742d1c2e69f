/**
 * @module definition/definition
 * A template definition per kind (SPEC §7) — the JSON a district saves — and the template
 * documents built from one:
 * - ledger: `columns`, `checks`, `rules`, `indicators`;
 * - scoring: the columns are `leading` + one score column per criterion + `trailing`, plus
 *   `grades` (highest first) and `rectificationFreeGrade` (grades at or above it need no
 *   整改要求/整改期限), and the same `checks`, `rules`, `indicators`.
 * `checks`, `rules` and `indicators` may be left out (none). These schemas check the
 * shape only; `validateDefinition` adds the limits and every cross-reference.
 */
import { z } from 'zod'
import { CheckSchema } from './check'
import { ColumnSchema, CriterionSchema, GradeBandSchema } from './column'
import { IndicatorSchema } from './indicator'
import { DEFINITION_LIMITS as L } from './limits'
import { RuleSchema } from './rule'

export const DEFINITION_KINDS = ['ledger', 'scoring'] as const
export type DefinitionKind = (typeof DEFINITION_KINDS)[number]

const common = {
  checks: z.array(CheckSchema).max(L.checks).default([]),
  rules: z.array(RuleSchema).max(L.rules).default([]),
  indicators: z.array(IndicatorSchema).max(L.indicators).default([]),
}

export const LedgerDefinitionSchema = z.strictObject({
  columns: z.array(ColumnSchema).min(1).max(L.columns),
  ...common,
})
export type LedgerDefinition = z.output<typeof LedgerDefinitionSchema>

export const ScoringDefinitionSchema = z.strictObject({
  /** Columns before the criteria: org, creditCode, team, inspector, date. */
  leading: z.array(ColumnSchema).max(L.columns),
  criteria: z.array(CriterionSchema).min(1).max(L.columns),
  /** Columns after the criteria: total, grade, problems, rectification, deadline. */
  trailing: z.array(ColumnSchema).max(L.columns),
  grades: z.array(GradeBandSchema).min(1).max(L.grades),
  rectificationFreeGrade: z.string().max(L.labelLength),
  ...common,
})
export type ScoringDefinition = z.output<typeof ScoringDefinitionSchema>

export type Definition = LedgerDefinition | ScoringDefinition
export type DefinitionOf<K extends DefinitionKind> = K extends 'ledger'
  ? LedgerDefinition
  : ScoringDefinition

export const DEFINITION_SCHEMAS = {
  ledger: LedgerDefinitionSchema,
  scoring: ScoringDefinitionSchema,
} as const

/** A template's id: `ledger`, `fiveStar`, or one a district's template gets. */
export const TemplateIdSchema = z
  .string()
  .max(L.idLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, '表样 id 只能由字母、数字和 _ - 组成')

const meta = {
  id: TemplateIdSchema,
  name: z.string().min(1, '不能为空').max(L.labelLength),
  version: z.number().int().positive(),
}

export const LedgerTemplateSchema = LedgerDefinitionSchema.extend({
  kind: z.literal('ledger'),
  ...meta,
})
export const ScoringTemplateSchema = ScoringDefinitionSchema.extend({
  kind: z.literal('scoring'),
  ...meta,
})

/**
 * A template as it is stored and sent (SPEC §7 `GET /api/templates/:id`): its id, kind,
 * name and version beside the definition, which `templateFromDocument` validates.
 */
export const TemplateDocumentSchema = z.strictObject({
  ...meta,
  kind: z.enum(DEFINITION_KINDS),
  unitId: z.string().max(L.idLength).nullable().optional(),
  definition: z.unknown(),
})
export type TemplateDocument = z.infer<typeof TemplateDocumentSchema>
