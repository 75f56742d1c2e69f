/**
 * @module templates/columns
 * Column lists and lookups derived from a template, so callers never re-derive
 * "all columns of a scoring sheet" (leading + one score column per criterion + trailing).
 */
import { ledgerTemplate } from './ledger'
import { reportTemplate } from './report'
import { scoringTemplate } from './scoring'
import type { Column, GridTemplate, Template, TemplateKind } from './types'

/** Every column of a grid template, in display order. */
export function columnsOf(template: GridTemplate): Column[] {
  if (template.kind === 'ledger') return template.columns
  const criteria: Column[] = template.criteria.map((c) => ({
    id: c.id,
    label: c.label,
    group: c.group,
    type: 'score',
    min: 0,
    max: c.max,
    step: 0.5,
    width: 6,
  }))
  return [...template.leading, ...criteria, ...template.trailing]
}

/** Header text of a column as exports write it: label plus `(unit)`, or `(max分)` for scores. */
export function headerLabel(column: Column): string {
  if (column.unit) return `${column.label}(${column.unit})`
  if (column.type === 'score' && column.max !== undefined) return `${column.label}(${column.max}分)`
  return column.label
}

/** The built-in template for a kind. */
export function builtinTemplate(kind: TemplateKind): Template {
  if (kind === 'ledger') return ledgerTemplate
  if (kind === 'scoring') return scoringTemplate
  return reportTemplate
}
