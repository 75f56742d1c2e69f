/**
 * @module rules/rulesFor
 * Which row rules apply to a template: its cross-field rules (ledger or scoring) plus
 * the rules that follow from column types (`credit-code-invalid` on every credit-code
 * column, `phone-invalid` on every phone column). Templates are data, so the list is
 * derived, and cached per template object because validation runs it for every row.
 *
 * FROZEN REFERENCE (bench/consolidate): a copy of the hand-written code the template
 * language replaced (schema at commit 0d0c316), kept unchanged so the benchmark can time
 * the data-defined built-ins against it in the same run (after checking that both give
 * the same findings and figures). Not used by the product; do not edit.
 */
import { columnsOf, creditCodeRule, phoneRule, type GridTemplate } from '@taizhang/schema'
import { ledgerRules } from './ledgerRules'
import type { RowRule } from './rule'
import { scoringRules } from './scoringRules'

const cache = new WeakMap<GridTemplate, readonly RowRule[]>()

/** The per-row rules of a template (cross-row rules such as duplicates excluded). */
export function rulesFor(template: GridTemplate): readonly RowRule[] {
  let rules = cache.get(template)
  if (!rules) {
    const byType: RowRule[] = []
    for (const column of columnsOf(template)) {
      if (column.type === 'creditCode') byType.push(creditCodeRule(column.id))
      if (column.type === 'phone') byType.push(phoneRule(column.id))
    }
    const cross = template.kind === 'ledger' ? ledgerRules : scoringRules(template)
    rules = [...cross, ...byType]
    cache.set(template, rules)
  }
  return rules
}
