/**
 * @module definition/compileTemplate
 * A template compiled once — per template object, cached — into what validation and the
 * 汇总 run: its columns, its rules and named checks as row rules, its cross-row `unique`
 * checks, and its indicators as accumulators. Everything that takes a template
 * (`validateRow`, `SheetValidator`, `consolidateTemplate`, drill-down, exports and header
 * matching through `columnsOf`) goes through here, so a district's template and the built-in
 * ones run the same code. Rules and indicators compile on first use, each on its own, so a
 * summary never pays for (or trips over) rules it does not run.
 * Compiling trusts the definition: validate untrusted JSON first (`validateDefinition`,
 * `templateFromDocument`). Nothing is ever evaluated as code: no `eval`, no `new Function`.
 */
import { checkCell } from '../rules/cellRules'
import { columnsOf } from '../templates/columns'
import type { Column, Finding, GridTemplate, Row } from '../templates/types'
import type { Env } from './cellReader'
import { compileIndicators, type CompiledIndicators } from './compileIndicators'
import {
  compileRules,
  type CompiledRule,
  type CompiledRules,
  type UniqueCheck,
} from './compileRules'

export class CompiledTemplate {
  readonly template: GridTemplate
  /** Every column in display order (a scoring sheet's criteria as score columns). */
  readonly columns: readonly Column[]
  #rules: CompiledRules | undefined
  #indicators: CompiledIndicators | undefined

  constructor(template: GridTemplate) {
    this.template = template
    this.columns = columnsOf(template)
  }

  #compiledRules(): CompiledRules {
    return (this.#rules ??= compileRules(this.template))
  }

  /** The definition's rules, in order. */
  get rules(): readonly CompiledRule[] {
    return this.#compiledRules().rules
  }

  /** The per-row named checks (`creditCode`, `phone`), in order. */
  get checks(): readonly CompiledRule[] {
    return this.#compiledRules().checks
  }

  /** Every per-row rule in report order: the rules, then the checks. */
  get rowRules(): readonly CompiledRule[] {
    const { rules, checks } = this.#compiledRules()
    return checks.length === 0 ? rules : [...rules, ...checks]
  }

  /** The cross-row `unique` checks. */
  get uniques(): readonly UniqueCheck[] {
    return this.#compiledRules().uniques
  }

  get indicators(): CompiledIndicators {
    return (this.#indicators ??= compileIndicators(this.template))
  }

  /**
   * Findings of one row on its own: the cell checks in column order (`required`, `type`,
   * `range`, `option`, `score-range`), then the rules, then the named checks.
   */
  validateRow(row: Row, today: string): Finding[] {
    const findings: Finding[] = []
    const rowId = row.id
    for (const column of this.columns) {
      const p = checkCell(column, row[column.id])
      if (p) {
        findings.push({
          rowId,
          column: column.id,
          rule: p.rule,
          severity: p.severity,
          message: p.message,
        })
      }
    }
    const { rules, checks, see } = this.#compiledRules()
    const env = see(row, today)
    report(rules, env, findings)
    report(checks, env, findings)
    return findings
  }
}

function report(rules: readonly CompiledRule[], env: Env, findings: Finding[]): void {
  for (const rule of rules) {
    const message = rule.evaluate(env)
    if (message !== null) {
      const { id, column, severity } = rule
      findings.push({ rowId: env.row.id, column, rule: id, severity, message })
    }
  }
}

const cache = new WeakMap<GridTemplate, CompiledTemplate>()

/** The compiled form of a template, made once per template object. */
export function compileTemplate(template: GridTemplate): CompiledTemplate {
  let compiled = cache.get(template)
  if (!compiled) {
    compiled = new CompiledTemplate(template)
    cache.set(template, compiled)
  }
  return compiled
}
