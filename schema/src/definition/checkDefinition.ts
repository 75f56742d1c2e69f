/**
 * @module definition/checkDefinition
 * The save-time checks of a definition whose shape zod has accepted (SPEC §7): ids
 * unique, every referenced column exists, operators fit the column types (`<` and `add`
 * take numbers, dates compare as dates, `in` on an option column lists its options),
 * option values exist, conditions and `add`/`mul` nest at most 16 deep (operands that nest
 * nothing — literals, columns, today — add no level), message placeholders resolve.
 * Every issue names its place (`rules[2].when.left.col`: 列「techStaf」不存在). The walk
 * recurses only as deep as the nesting limit, which `scanJson` has already bounded.
 * Not for: the shape itself (zod, `definition/definition`).
 */
import { isIsoDate } from '../rules/cellRules'
import { CHECK_COLUMN_TYPES, checkRuleId } from './check'
import { criterionColumn, type Column } from './column'
import { ORDER_OPS, isAll, isAny, isIn, isNot, isPresence, type Condition } from './condition'
import type { Definition, DefinitionKind, ScoringDefinition } from './definition'
import { isAdd, isColumnRef, isMul, isToday, type Expression, type Literal } from './expression'
import type { DefinitionIssue } from './issue'
import { DEFINITION_LIMITS } from './limits'
import { BUILTIN_PLACEHOLDERS, placeholders } from './messageTemplate'

/** Issues reported at most; a definition with more is wrong enough to fix these first. */
export const MAX_ISSUES = 100

/** Rule ids the cell checks use (SPEC §6.1); a rule may not take them. */
const CELL_RULE_IDS = new Set(['type', 'required', 'range', 'option', 'score-range'])
/** Keys every unit's figures already have. */
const RESERVED_INDICATOR_IDS = new Set(['unit', 'met'])

const COLUMN_TYPE_NAMES: Record<string, string> = {
  text: '文字',
  longText: '长文字',
  integer: '整数',
  money: '金额',
  option: '选项',
  yesno: '是否',
  date: '日期',
  creditCode: '统一社会信用代码',
  phone: '电话',
  score: '分数',
  computed: '计算',
  attachment: '附件',
}

/** What an expression is, as far as operators care. */
type Kind = 'number' | 'boolean' | 'date' | 'text' | 'option' | 'string'
interface Typed {
  kind: Kind
  /** How messages name it: 列「组织类别」, 「国企」, 「add」的结果. */
  what: string
  options?: readonly string[]
  literal?: Literal
}

const KIND_NAMES: Record<Kind, string> = {
  number: '数字',
  boolean: '是否值',
  date: '日期',
  text: '文字',
  option: '选项',
  string: '文字',
}

const isReservedId = (id: string): boolean => id === 'id' || id in Object.prototype

/** The issues of a definition that passed its zod schema, at most `MAX_ISSUES`. */
export function checkDefinition(kind: DefinitionKind, def: Definition): DefinitionIssue[] {
  return new Checker(kind, def).run()
}

class Checker {
  readonly issues: DefinitionIssue[] = []
  readonly columns = new Map<string, Column>()
  readonly kind: DefinitionKind
  readonly def: Definition
  readonly scoring: ScoringDefinition | null

  constructor(kind: DefinitionKind, def: Definition) {
    this.kind = kind
    this.def = def
    this.scoring = kind === 'scoring' ? (def as ScoringDefinition) : null
  }

  add(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message })
  }

  run(): DefinitionIssue[] {
    this.checkColumns()
    if (this.scoring) this.checkGrades(this.scoring)
    const checkIds = this.checkChecks()
    this.checkRules(checkIds)
    this.checkIndicators()
    return this.issues
  }

  // ---- columns ------------------------------------------------------------------

  listedColumns(): { column: Column; path: string }[] {
    if (!this.scoring) {
      return (this.def as { columns: Column[] }).columns.map((column, i) => ({
        column,
        path: `columns[${i}]`,
      }))
    }
    const s = this.scoring
    return [
      ...s.leading.map((column, i) => ({ column, path: `leading[${i}]` })),
      ...s.criteria.map((c, i) => ({ column: criterionColumn(c), path: `criteria[${i}]` })),
      ...s.trailing.map((column, i) => ({ column, path: `trailing[${i}]` })),
    ]
  }

  checkColumns(): void {
    const listed = this.listedColumns()
    if (listed.length > DEFINITION_LIMITS.columns) {
      this.add(
        'criteria',
        `列数（含评分项）最多${DEFINITION_LIMITS.columns}列，现有${listed.length}列`,
      )
    }
    const labels = new Set<string>()
    for (const { column: c, path } of listed) {
      if (this.columns.has(c.id)) this.add(`${path}.id`, `列 id「${c.id}」重复`)
      else if (isReservedId(c.id)) this.add(`${path}.id`, `列 id「${c.id}」是保留名，请换一个`)
      else this.columns.set(c.id, c)
      if (labels.has(c.label)) this.add(`${path}.label`, `列名「${c.label}」重复`)
      labels.add(c.label)
      this.checkOptions(c, path)
      if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
        this.add(`${path}.min`, '最小值不能大于最大值')
      }
      if (c.type === 'computed') {
        if (!this.scoring) {
          this.add(`${path}.type`, '台账不能有计算列（计算列只用于评分表的总分、等次）')
        } else if (c.id !== 'total' && c.id !== 'grade') {
          this.add(`${path}.id`, '计算列只能是 total（总分）或 grade（等次）')
        }
      }
    }
  }

  checkOptions(c: Column, path: string): void {
    if (c.type !== 'option') {
      if (c.options !== undefined) this.add(`${path}.options`, '只有选项列可以设选项')
      return
    }
    const options = c.options ?? []
    if (options.length === 0) this.add(`${path}.options`, '选项列至少需要一个选项')
    const seen = new Set<string>()
    options.forEach((o, j) => {
      if (seen.has(o)) this.add(`${path}.options[${j}]`, `选项「${o}」重复`)
      seen.add(o)
    })
    for (const [alias, target] of Object.entries(c.optionAliases ?? {})) {
      if (!seen.has(target)) {
        this.add(`${path}.optionAliases[${JSON.stringify(alias)}]`, `「${target}」不是本列的选项`)
      }
    }
  }

  checkGrades(s: ScoringDefinition): void {
    const names = new Set<string>()
    s.grades.forEach((band, i) => {
      if (names.has(band.grade)) this.add(`grades[${i}].grade`, `等次「${band.grade}」重复`)
      names.add(band.grade)
      if (i > 0 && band.min >= s.grades[i - 1]!.min) {
        this.add(`grades[${i}].min`, '等次应按分数线从高到低排列')
      }
    })
    if (!names.has(s.rectificationFreeGrade)) {
      this.add('rectificationFreeGrade', `等次「${s.rectificationFreeGrade}」不在 grades 中`)
    }
  }

  // ---- checks and rules ---------------------------------------------------------

  /** Returns the rule ids the checks' findings carry. */
  checkChecks(): Map<string, string> {
    const ids = new Map<string, string>()
    const seen = new Set<string>()
    this.def.checks.forEach((check, i) => {
      const path = `checks[${i}]`
      const column = this.columns.get(check.column)
      if (!column) {
        this.add(`${path}.column`, `列「${check.column}」不存在`)
        return
      }
      const allowed = CHECK_COLUMN_TYPES[check.check]
      if (!allowed.has(column.type)) {
        const names = [...allowed].map((t) => COLUMN_TYPE_NAMES[t]).join('、')
        this.add(
          `${path}.column`,
          `「${check.check}」检查只能用于${names}列，列「${column.label}」是${COLUMN_TYPE_NAMES[column.type]}列`,
        )
      }
      const key = `${check.check}\u0000${check.column}`
      if (seen.has(key)) this.add(path, `列「${column.label}」上已有「${check.check}」检查`)
      seen.add(key)
      const id = checkRuleId(check, column.type)
      if (CELL_RULE_IDS.has(id)) this.add(`${path}.id`, `规则 id「${id}」是单元格检查的保留名`)
      ids.set(id, check.check)
    })
    return ids
  }

  checkRules(checkIds: Map<string, string>): void {
    const seen = new Set<string>()
    this.def.rules.forEach((rule, i) => {
      const path = `rules[${i}]`
      const key = `${rule.id}\u0000${rule.column}`
      if (seen.has(key)) this.add(`${path}.id`, `规则「${rule.id}」在列「${rule.column}」上重复`)
      seen.add(key)
      if (CELL_RULE_IDS.has(rule.id)) {
        this.add(`${path}.id`, `规则 id「${rule.id}」是单元格检查的保留名`)
      } else if (checkIds.has(rule.id)) {
        this.add(`${path}.id`, `规则 id「${rule.id}」已被「${checkIds.get(rule.id)}」检查使用`)
      }
      if (!this.columns.has(rule.column)) this.add(`${path}.column`, `列「${rule.column}」不存在`)
      if (rule.when) this.condition(rule.when, `${path}.when`, 1)
      if (rule.require) this.condition(rule.require, `${path}.require`, 1)
      const show = Object.entries(rule.show ?? {})
      if (show.length > DEFINITION_LIMITS.shown) {
        this.add(`${path}.show`, `最多${DEFINITION_LIMITS.shown}项`)
      }
      for (const [name, e] of show.slice(0, DEFINITION_LIMITS.shown)) {
        this.expression(e, `${path}.show.${name}`, 1)
      }
      const builtins: readonly string[] = BUILTIN_PLACEHOLDERS[this.kind]
      for (const name of placeholders(rule.message)) {
        if (rule.show && Object.hasOwn(rule.show, name)) continue
        if (this.columns.has(name) || builtins.includes(name)) continue
        this.add(
          `${path}.message`,
          `占位符「{${name}}」不存在：可用列 id、show 中的名称或 ${builtins.map((b) => `{${b}}`).join('、')}`,
        )
      }
    })
  }

  // ---- indicators ---------------------------------------------------------------

  checkIndicators(): void {
    const ids = new Set<string>()
    this.def.indicators.forEach((ind, i) => {
      const path = `indicators[${i}]`
      if (ids.has(ind.id)) this.add(`${path}.id`, `指标 id「${ind.id}」重复`)
      else if (RESERVED_INDICATOR_IDS.has(ind.id) || isReservedId(ind.id)) {
        this.add(`${path}.id`, `指标 id「${ind.id}」是保留名，请换一个`)
      }
      ids.add(ind.id)
      if ('where' in ind && ind.where) this.condition(ind.where, `${path}.where`, 1)
      if (ind.target) {
        if (ind.kind === 'distribution') this.add(`${path}.target`, '分布类指标不能设目标')
        else if (ind.kind === 'rate' && (ind.target.value < 0 || ind.target.value > 100)) {
          this.add(`${path}.target.value`, '比率的目标是百分数，应在0到100之间')
        }
      }
      switch (ind.kind) {
        case 'sum':
        case 'avg': {
          const t = this.columnType(ind.col, `${path}.col`)
          if (t && t.kind !== 'number') {
            const what = ind.kind === 'sum' ? '求和' : '平均'
            this.add(`${path}.col`, `「${what}」只能用于数字列，${t.what}是${KIND_NAMES[t.kind]}`)
          }
          break
        }
        case 'rate':
          this.condition(ind.num, `${path}.num`, 1)
          if (ind.den) this.condition(ind.den, `${path}.den`, 1)
          break
        case 'distribution':
          this.distribution(ind.col, ind.values, path)
          break
      }
    })
  }

  distribution(col: string, values: readonly Literal[] | undefined, path: string): void {
    const t = this.columnType(col, `${path}.col`)
    if (!t) return
    if (values === undefined) {
      if (!t.options) this.add(`${path}.values`, `${t.what}没有选项，请列出要统计的取值`)
      return
    }
    const keys = new Set<string>()
    values.forEach((v, j) => {
      const at = `${path}.values[${j}]`
      const key = String(v)
      if (keys.has(key)) this.add(at, `取值「${key}」重复`)
      else if (key === '__proto__') this.add(at, `取值「${key}」不能使用`)
      keys.add(key)
      this.fits(t, v, at)
    })
  }

  // ---- conditions and expressions -------------------------------------------------

  tooDeep(path: string, depth: number): boolean {
    if (depth <= DEFINITION_LIMITS.depth) return false
    this.add(path, `嵌套超过${DEFINITION_LIMITS.depth}层`)
    return true
  }

  condition(c: Condition, path: string, depth: number): void {
    if (this.tooDeep(path, depth)) return
    if (isAll(c)) c.all.forEach((p, j) => this.condition(p, `${path}.all[${j}]`, depth + 1))
    else if (isAny(c)) c.any.forEach((p, j) => this.condition(p, `${path}.any[${j}]`, depth + 1))
    else if (isNot(c)) this.condition(c.not, `${path}.not`, depth + 1)
    else if (isPresence(c)) {
      if (!isColumnRef(c.left) || c.left.ifEmpty !== undefined) {
        this.add(`${path}.left`, `「${c.op}」只能用于列，如 {"col": "instructor"}`)
      } else {
        this.columnType(c.left.col, `${path}.left.col`)
      }
    } else if (isIn(c)) {
      const left = this.expression(c.left, `${path}.left`, depth + 1)
      if (left) c.right.forEach((v, j) => this.fits(left, v, `${path}.right[${j}]`))
    } else {
      const left = this.expression(c.left, `${path}.left`, depth + 1)
      const right = this.expression(c.right, `${path}.right`, depth + 1)
      if (!left || !right) return
      if (ORDER_OPS.has(c.op)) this.ordered(c.op, left, right, path)
      else this.comparable(c.op, left, right, path)
    }
  }

  /** `<` `<=` `>` `>=`: two numbers, or two dates (a date literal as `YYYY-MM-DD`). */
  ordered(op: string, left: Typed, right: Typed, path: string): void {
    const orderable = (t: Typed): boolean =>
      t.kind === 'number' || t.kind === 'date' || t.kind === 'string'
    for (const [side, t] of [
      ['left', left],
      ['right', right],
    ] as const) {
      if (!orderable(t)) {
        this.add(`${path}.${side}`, `「${op}」只能比较数字或日期，${t.what}是${KIND_NAMES[t.kind]}`)
        return
      }
    }
    const isNumber = (t: Typed): boolean => t.kind === 'number'
    if (isNumber(left) !== isNumber(right)) {
      this.add(
        `${path}.right`,
        `「${op}」两边应同为数字或同为日期：${left.what}是${KIND_NAMES[left.kind]}，${right.what}是${KIND_NAMES[right.kind]}`,
      )
      return
    }
    if (isNumber(left)) return
    for (const [side, t] of [
      ['left', left],
      ['right', right],
    ] as const) {
      if (t.kind === 'string' && !isIsoDate(t.literal)) {
        this.add(`${path}.${side}`, `「${String(t.literal)}」不是 YYYY-MM-DD 格式的日期`)
      }
    }
  }

  /** `==` `!=`: the same kind on both sides; a literal must be a value the other side can hold. */
  comparable(op: string, left: Typed, right: Typed, path: string): void {
    if (right.literal !== undefined) return this.fits(left, right.literal, `${path}.right`)
    if (left.literal !== undefined) return this.fits(right, left.literal, `${path}.left`)
    const family = (t: Typed): string =>
      t.kind === 'option' || t.kind === 'string' ? 'text' : t.kind
    if (family(left) !== family(right)) {
      this.add(
        `${path}.right`,
        `「${op}」两边类型不一致：${left.what}是${KIND_NAMES[left.kind]}，${right.what}是${KIND_NAMES[right.kind]}`,
      )
    }
  }

  /** Whether a literal is a value of `t` (a number for a number column, an option of its options …). */
  fits(t: Typed, v: Literal, path: string): void {
    switch (t.kind) {
      case 'number':
        if (typeof v !== 'number') this.add(path, `应为数字：${t.what}是数字`)
        return
      case 'boolean':
        if (typeof v !== 'boolean') this.add(path, `应为 true 或 false：${t.what}是是否值`)
        return
      case 'date':
        if (typeof v !== 'string' || !isIsoDate(v)) {
          this.add(path, `「${String(v)}」不是 YYYY-MM-DD 格式的日期`)
        }
        return
      case 'option':
        if (typeof v !== 'string' || !t.options!.includes(v)) {
          this.add(path, `「${String(v)}」不是${t.what}的选项`)
        }
        return
      case 'text':
      case 'string':
        if (typeof v !== 'string') this.add(path, `应为文字：${t.what}是文字`)
        return
    }
  }

  /** The kind of a column's values, or null (with an issue) when it does not exist. */
  columnType(id: string, path: string): Typed | null {
    const c = this.columns.get(id)
    if (!c) {
      this.add(path, `列「${id}」不存在`)
      return null
    }
    const what = `列「${c.label}」`
    switch (c.type) {
      case 'integer':
      case 'money':
      case 'score':
        return { kind: 'number', what }
      case 'yesno':
        return { kind: 'boolean', what }
      case 'date':
        return { kind: 'date', what }
      case 'option':
        return { kind: 'option', what, options: c.options ?? [] }
      case 'computed':
        if (c.id === 'total') return { kind: 'number', what }
        if (c.id === 'grade' && this.scoring) {
          return { kind: 'option', what, options: this.scoring.grades.map((g) => g.grade) }
        }
        return { kind: 'text', what }
      default:
        return { kind: 'text', what }
    }
  }

  /** Operands that nest nothing (literals, columns, today) add no level of their own. */
  expression(e: Expression, path: string, depth: number): Typed | null {
    if (typeof e === 'number') return { kind: 'number', what: String(e), literal: e }
    if (typeof e === 'boolean') return { kind: 'boolean', what: String(e), literal: e }
    if (typeof e === 'string') return { kind: 'string', what: `「${e}」`, literal: e }
    if (isToday(e)) return { kind: 'date', what: '今天' }
    if (isColumnRef(e)) {
      const t = this.columnType(e.col, `${path}.col`)
      if (t && e.ifEmpty !== undefined) this.fits(t, e.ifEmpty, `${path}.ifEmpty`)
      return t
    }
    if (isAdd(e) || isMul(e)) {
      if (this.tooDeep(path, depth)) return null
      const name = isAdd(e) ? 'add' : 'mul'
      const parts = isAdd(e) ? e.add : e.mul
      parts.forEach((p, j) => {
        const at = `${path}.${name}[${j}]`
        const t = this.expression(p, at, depth + 1)
        if (t && t.kind !== 'number') {
          this.add(at, `「${name}」只能对数字运算，${t.what}是${KIND_NAMES[t.kind]}`)
        }
      })
      return { kind: 'number', what: `「${name}」的结果` }
    }
    return null
  }
}
