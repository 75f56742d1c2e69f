/**
 * @module templates/builtins
 * The built-in templates by id: 网格台账 `ledger`, 督查评分表 `scoring`, 调研报告 `report`
 * (SPEC §7), and 五星级党组织评定表 `fiveStar` — a 评分表 only data could give.
 */
import { fiveStarTemplate } from './fiveStar'
import { ledgerTemplate } from './ledger'
import { reportTemplate } from './report'
import { scoringTemplate } from './scoring'
import type { Template, TemplateKind } from './types'

/** Every built-in template, by id. */
export const BUILTIN_TEMPLATES: ReadonlyMap<string, Template> = new Map<string, Template>([
  ['ledger', ledgerTemplate],
  ['scoring', scoringTemplate],
  ['report', reportTemplate],
  ['fiveStar', fiveStarTemplate],
])

/** The built-in template for a kind. */
export function builtinTemplate(kind: TemplateKind): Template {
  if (kind === 'ledger') return ledgerTemplate
  if (kind === 'scoring') return scoringTemplate
  return reportTemplate
}

/** A built-in template by id, or undefined. */
export function builtinTemplateById(id: string): Template | undefined {
  return BUILTIN_TEMPLATES.get(id)
}
