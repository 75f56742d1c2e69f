/**
 * @module definition/compileRules
 * A template's rules and named checks compiled once into row rules (`RowRule`, the shape
 * validation runs): every rule of the definition in order, then the per-row checks
 * (`creditCode` → `credit-code-invalid`, `phone` → `phone-invalid`, in order), and apart
 * from them the cross-row `unique` checks, which need the whole sheet
 * (`validate/SheetValidator`). A rule fires when `when` is TRUE and `require` is FALSE;
 * UNKNOWN keeps it silent.
 */
import { normalizeText } from '../parse/normalize'
import { isIsoDate } from '../rules/cellRules'
import { creditCodeRule, validCreditCodeOf } from '../rules/creditCodeRule'
import { phoneRule } from '../rules/phone'
import type { RowRule } from '../rules/rule'
import { deductionsOf } from '../scoring/computeScore'
import type { Column, GridTemplate, Row, Severity } from '../templates/types'
import { moveEnv, type Env } from './cellReader'
import { checkRuleId, checkSeverity, type CheckDefinition } from './check'
import { CompileContext } from './compileContext'
import { ConditionProgram, FALSE, TRUE } from './compileCondition'
import { compileExpression } from './compileExpression'
import { compileMessage, shown, showColumn, type Render } from './messageTemplate'
import type { RuleDefinition } from './rule'

/** A rule ready to run: `evaluate` is the fast path validation uses (one env per row). */
export interface CompiledRule extends RowRule {
  /** The finding's message for the env's row (from `CompiledRules.see`), or null. */
  evaluate(env: Env): string | null
}

/** A cross-row check: rows whose key repeats one earlier in the sheet are flagged. */
export interface UniqueCheck {
  id: string
  severity: Severity
  column: string
  /** The comparable form of the row's cell, or undefined when it takes no part. */
  keyOf(row: Row): string | undefined
  message(key: string): string
}

export interface CompiledRules {
  rules: CompiledRule[]
  checks: CompiledRule[]
  uniques: UniqueCheck[]
  /**
   * The env of `row` with every rule's conditions worked out: what `evaluate` reads. One env
   * is reused from call to call (validating 10,000 rows allocates none): it holds `row` until
   * the next call.
   */
  see(row: Row, today: string): Env
}

export function compileRules(template: GridTemplate): CompiledRules {
  const ctx = new CompileContext(template, 'rule')
  const program = new ConditionProgram(ctx)
  let scratch: Env | null = null
  const see = (row: Row, today: string): Env => {
    // Made on first use, once every rule is compiled and the program has its final size.
    const env = (scratch ??= program.env(row, today))
    moveEnv(env, row)
    env.today = today
    program.run(env)
    return env
  }
  return {
    rules: template.rules.map((rule) => compileRule(rule, ctx, program, see, template)),
    checks: template.checks.flatMap((c) => (c.check === 'unique' ? [] : [rowCheck(c, ctx)])),
    uniques: template.checks.flatMap((c) => (c.check === 'unique' ? [uniqueCheck(c, ctx)] : [])),
    see,
  }
}

function compileRule(
  rule: RuleDefinition,
  ctx: CompileContext,
  program: ConditionProgram,
  see: (row: Row, today: string) => Env,
  template: GridTemplate,
): CompiledRule {
  const when = rule.when ? program.add(rule.when) : -1
  const require = rule.require ? program.add(rule.require) : -1
  const show = new Map<string, Render>()
  for (const [name, e] of Object.entries(rule.show ?? {})) {
    const value = compileExpression(e, ctx)
    show.set(name, (env) => shown(value(env)))
  }
  const render = compileMessage(rule.message, (name) => {
    const fromShow = show.get(name)
    if (fromShow) return fromShow
    if (ctx.has(name)) return showColumn(name, ctx.reader(name))
    if (name === 'today') return (env) => env.today
    if (name === 'deductions' && template.kind === 'scoring') {
      return (env) => deductionsOf(template, env.row).join('、')
    }
    throw new Error(`unknown placeholder {${name}}`)
  })
  const evaluate = (env: Env): string | null => {
    if (when >= 0 && env.facts[when] !== TRUE) return null
    if (require >= 0 && env.facts[require] !== FALSE) return null
    return render(env)
  }
  return {
    id: rule.id,
    severity: rule.severity,
    column: rule.column,
    evaluate,
    check: (row, c) => evaluate(see(row, c.today)),
  }
}

/** `creditCode` and `phone`: the algorithms in `rules/`, under the check's id and severity. */
function rowCheck(check: CheckDefinition, ctx: CompileContext): CompiledRule {
  const column = ctx.column(check.column)
  const inner =
    check.check === 'creditCode' ? creditCodeRule(column.id) : phoneRule(column.id, column.label)
  return {
    id: checkRuleId(check, column.type),
    severity: checkSeverity(check),
    column: column.id,
    evaluate: (env) => inner.check(env.row, undefined as never),
    check: (row, c) => inner.check(row, c),
  }
}

function uniqueCheck(check: CheckDefinition, ctx: CompileContext): UniqueCheck {
  const column = ctx.column(check.column)
  const keyOf = uniqueKey(column)
  const creditCode = column.type === 'creditCode'
  return {
    id: checkRuleId(check, column.type),
    severity: checkSeverity(check),
    column: column.id,
    keyOf: (row) => keyOf(row[column.id]),
    message: (key) =>
      creditCode
        ? `统一社会信用代码「${key}」与本表前面的一行重复`
        : `「${column.label}」「${key}」与本表前面的一行重复`,
  }
}

/**
 * What two cells must share to repeat each other: a credit code compared after normalising,
 * and only when valid (an invalid one has its own finding); text after 全角→半角 and trimming;
 * a phone number also without spaces and dashes (0471-1234567 is 0471 1234567); numbers,
 * dates and options as they are.
 */
function uniqueKey(column: Column): (v: unknown) => string | undefined {
  switch (column.type) {
    case 'creditCode':
      return validCreditCodeOf
    case 'phone':
      return (v) => {
        const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : ''
        const key = normalizeText(t).replace(/[\s-]+/g, '')
        return key === '' ? undefined : key
      }
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined)
    case 'date':
      return (v) => (isIsoDate(v) ? v : undefined)
    case 'option': {
      const options = new Set(column.options ?? [])
      return (v) => (typeof v === 'string' && options.has(v) ? v : undefined)
    }
    default:
      return (v) => {
        if (typeof v !== 'string') return undefined
        const key = normalizeText(v)
        return key === '' ? undefined : key
      }
  }
}
