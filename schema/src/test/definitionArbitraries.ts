/**
 * @module test/definitionArbitraries
 * fast-check generators for the template language's property tests: well-typed random
 * definitions (a ledger over a fixed pool of columns of every type, and a 评分表 with random
 * criteria and grades), random conditions and expressions up to a given depth, random
 * rules and indicators with targets, and random rows whose cells are valid, empty, blank,
 * out of range or unreadable. Tests only.
 */
import fc from 'fast-check'
import type { Column, Criterion, GradeBand } from '../definition/column'
import type { CompareOp, Condition } from '../definition/condition'
import type { LedgerDefinition, ScoringDefinition } from '../definition/definition'
import type { Expression } from '../definition/expression'
import type { IndicatorDefinition } from '../definition/indicator'
import type { RuleDefinition } from '../definition/rule'
import type { CellValue, Row } from '../templates/types'

const OPS: CompareOp[] = ['==', '!=', '<', '<=', '>', '>=']
export const OPTIONS = ['甲', '乙', '丙']
const DATES = ['2026-03-04', '2026-03-05', '2026-03-06', '2025-12-31']

/** The columns a generated ledger has: at least one of every kind conditions distinguish. */
export const POOL: Column[] = [
  { id: 'n1', label: '人数', type: 'integer', min: 0 },
  { id: 'n2', label: '星级', type: 'integer', min: 1, max: 5 },
  { id: 'm1', label: '经费', type: 'money', min: 0 },
  { id: 'm2', label: '工资', type: 'money', min: 0 },
  { id: 'o1', label: '类别', type: 'option', options: OPTIONS },
  { id: 'y1', label: '有工会', type: 'yesno' },
  { id: 'd1', label: '日期', type: 'date' },
  { id: 't1', label: '名称', type: 'text' },
]

/** Which columns hold numbers, dates, options …, for a definition's columns. */
export interface Shape {
  number: string[]
  date: string[]
  option: { id: string; options: string[] }[]
  yesno: string[]
  text: string[]
  all: string[]
}

const ledgerShape: Shape = {
  number: ['n1', 'n2', 'm1', 'm2'],
  date: ['d1'],
  option: [{ id: 'o1', options: OPTIONS }],
  yesno: ['y1'],
  text: ['t1'],
  all: POOL.map((c) => c.id),
}

const numberLiteral = fc.oneof(
  fc.integer({ min: -3, max: 120 }),
  fc.constantFrom(0.005, 0.5, 2.5, 1.25, 1000.01, 200000.02),
)

function numberExpression(shape: Shape, depth: number): fc.Arbitrary<Expression> {
  const col = fc.constantFrom(...shape.number)
  const leaf = fc.oneof(
    numberLiteral,
    col.map((c): Expression => ({ col: c })),
    fc.tuple(col, numberLiteral).map(([c, n]): Expression => ({ col: c, ifEmpty: n })),
  )
  if (depth <= 1) return leaf
  const inner = numberExpression(shape, depth - 1)
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((add): Expression => ({ add })),
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((mul): Expression => ({ mul })),
  )
}

const dateExpression = (shape: Shape): fc.Arbitrary<Expression> =>
  fc.oneof(
    fc.constantFrom(...shape.date).map((c): Expression => ({ col: c })),
    fc.constant<Expression>({ today: true }),
    fc.constantFrom(...DATES),
  )

function atom(shape: Shape, depth: number): fc.Arbitrary<Condition> {
  const op = fc.constantFrom(...OPS)
  const eq = fc.constantFrom<CompareOp>('==', '!=')
  const option = fc.constantFrom(...shape.option)
  return fc.oneof(
    fc
      .tuple(op, numberExpression(shape, depth), numberExpression(shape, depth))
      .map(([o, left, right]): Condition => ({ op: o, left, right })),
    fc
      .tuple(op, dateExpression(shape), dateExpression(shape))
      .map(([o, left, right]): Condition => ({ op: o, left, right })),
    option.chain((c) =>
      fc.oneof(
        fc
          .tuple(
            eq,
            fc.constantFrom(...c.options),
            fc.option(fc.constantFrom(...c.options), { nil: undefined }),
          )
          .map(([o, v, ifEmpty]): Condition => ({
            op: o,
            left: ifEmpty === undefined ? { col: c.id } : { col: c.id, ifEmpty },
            right: v,
          })),
        fc
          .subarray(c.options, { minLength: 1 })
          .map((right): Condition => ({ op: 'in', left: { col: c.id }, right })),
      ),
    ),
    fc
      .tuple(
        eq,
        fc.constantFrom(...shape.yesno),
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
      )
      .map(([o, c, v, ifEmpty]): Condition => ({
        op: o,
        left: ifEmpty === undefined ? { col: c } : { col: c, ifEmpty },
        right: v,
      })),
    fc
      .tuple(eq, fc.constantFrom(...shape.text), fc.constantFrom('张三', '李四', ''))
      .map(([o, c, v]): Condition => ({ op: o, left: { col: c }, right: v })),
    fc
      .tuple(
        fc.constantFrom(...shape.number),
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
      )
      .map(([c, right]): Condition => ({ op: 'in', left: { col: c }, right })),
    fc
      .tuple(fc.constantFrom<'empty' | 'filled'>('empty', 'filled'), fc.constantFrom(...shape.all))
      .map(([o, c]): Condition => ({ op: o, left: { col: c } })),
  )
}

/** A random well-typed condition nesting at most `depth` levels. */
export function condition(shape: Shape, depth: number): fc.Arbitrary<Condition> {
  if (depth <= 1) return atom(shape, 1)
  const inner = condition(shape, depth - 1)
  return fc.oneof(
    { weight: 3, arbitrary: atom(shape, Math.min(depth - 1, 3)) },
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((all): Condition => ({ all })),
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((any): Condition => ({ any })),
    inner.map((not): Condition => ({ not })),
  )
}

function rule(shape: Shape, i: number): fc.Arbitrary<RuleDefinition> {
  const placeholders = fc.subarray([...shape.all, 'today', 's'], { maxLength: 3 })
  return fc
    .record({
      when: fc.option(condition(shape, 4), { nil: undefined }),
      require: fc.option(condition(shape, 4), { nil: undefined }),
      severity: fc.constantFrom<'error' | 'warning'>('error', 'warning'),
      column: fc.constantFrom(...shape.all),
      names: placeholders,
      s: numberExpression(shape, 2),
    })
    .map(({ when, require, severity, column, names, s }) => ({
      id: `r${i}`,
      column,
      severity,
      message: `规则${i}` + names.map((n) => `〔${n}={${n}}〕`).join(''),
      ...(when ? { when } : {}),
      ...(require ? { require } : {}),
      ...(names.includes('s') ? { show: { s } } : {}),
    }))
}

const target = fc.option(
  fc.record({ op: fc.constantFrom(...OPS), value: fc.constantFrom(0, 1, 2, 50, 98, 100) }),
  { nil: undefined },
)

function indicator(shape: Shape, i: number): fc.Arbitrary<IndicatorDefinition> {
  const where = fc.option(condition(shape, 3), { nil: undefined })
  const id = `i${i}`
  const label = `指标${i}`
  const withTarget = <T extends object>(d: T, t: { op: CompareOp; value: number } | undefined) =>
    t ? { ...d, target: t } : d
  return fc.oneof(
    fc
      .tuple(where, target)
      .map(([w, t]) =>
        withTarget({ id, label, kind: 'count' as const, ...(w ? { where: w } : {}) }, t),
      ),
    fc
      .tuple(fc.constantFrom(...shape.number), where, target)
      .map(([col, w, t]) =>
        withTarget({ id, label, kind: 'sum' as const, col, ...(w ? { where: w } : {}) }, t),
      ),
    fc
      .tuple(fc.constantFrom(...shape.number), where, target)
      .map(([col, w, t]) =>
        withTarget({ id, label, kind: 'avg' as const, col, ...(w ? { where: w } : {}) }, t),
      ),
    fc
      .tuple(condition(shape, 3), fc.option(condition(shape, 3), { nil: undefined }), target)
      .map(([num, den, t]) =>
        withTarget({ id, label, kind: 'rate' as const, num, ...(den ? { den } : {}) }, t),
      ),
    fc.tuple(fc.constantFrom(...shape.option), where).map(([c, w]) => ({
      id,
      label,
      kind: 'distribution' as const,
      col: c.id,
      ...(w ? { where: w } : {}),
    })),
    fc.tuple(fc.constantFrom(...shape.number), where).map(([col, w]) => ({
      id,
      label,
      kind: 'distribution' as const,
      col,
      values: [0, 1, 2, 3, 4, 5],
      ...(w ? { where: w } : {}),
    })),
  )
}

const rulesAndIndicators = (shape: Shape) =>
  fc.record({
    rules: fc
      .integer({ min: 0, max: 6 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rule(shape, i)))),
    indicators: fc
      .integer({ min: 0, max: 6 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => indicator(shape, i)))),
  })

/** A random, valid ledger definition over `POOL`. */
export const ledgerDefinition: fc.Arbitrary<LedgerDefinition> = rulesAndIndicators(ledgerShape).map(
  ({ rules, indicators }) => ({ columns: POOL, checks: [], rules, indicators }),
)

const criteriaArb: fc.Arbitrary<Criterion[]> = fc
  .uniqueArray(fc.constantFrom('c1', 'c2', 'c3'), { minLength: 1, maxLength: 3 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.constantFrom(5, 10, 20).map((max) => ({ id, label: `项${id}`, group: '组', max })),
      ),
    ),
  )

const GRADES: GradeBand[] = [
  { grade: '好', min: 20 },
  { grade: '中', min: 10 },
  { grade: '差', min: 0 },
]

/** A random, valid 评分表 definition: criteria c1…c3, computed total and grade. */
export const scoringDefinition: fc.Arbitrary<ScoringDefinition> = criteriaArb.chain((criteria) => {
  const shape: Shape = {
    number: [...criteria.map((c) => c.id), 'total'],
    date: ['date'],
    option: [{ id: 'grade', options: GRADES.map((g) => g.grade) }],
    yesno: ['y1'],
    text: ['problems'],
    all: ['org', 'date', 'y1', ...criteria.map((c) => c.id), 'total', 'grade', 'problems'],
  }
  return rulesAndIndicators(shape).map(({ rules, indicators }) => ({
    leading: [
      { id: 'org', label: '组织名称', type: 'text' as const },
      { id: 'date', label: '日期', type: 'date' as const },
      { id: 'y1', label: '是否', type: 'yesno' as const },
    ],
    criteria,
    trailing: [
      { id: 'total', label: '总分', type: 'computed' as const },
      { id: 'grade', label: '等次', type: 'computed' as const },
      { id: 'problems', label: '存在问题', type: 'longText' as const },
    ],
    grades: GRADES,
    rectificationFreeGrade: '中',
    checks: [],
    rules: rules.map((r) => ({
      ...r,
      message: r.message + (r.id === 'r0' ? '〔{deductions}〕' : ''),
    })),
    indicators,
  }))
})

/** Cell values of every sort: valid, empty, blank, out of range, of the wrong type. */
const cellValue: fc.Arbitrary<CellValue | undefined> = fc.oneof(
  fc.constantFrom(null, undefined, '', '  '),
  fc.integer({ min: -3, max: 120 }),
  fc.constantFrom(0, 1, 3, 5, 6, 2.5, 0.5, 1000.01, 200000.02, 4999.995, -0.001),
  fc.constantFrom(...OPTIONS, '丁', '张三', '李四', '12人', '五分'),
  fc.constantFrom(...DATES, '2026-02-30', '2026/3/5'),
  fc.boolean(),
)

/** Random rows over the given column ids (`r0`, `r1` … as ids; some soft-deleted). */
export const rows = (columns: readonly string[], maxLength = 25): fc.Arbitrary<Row[]> =>
  fc
    .array(
      fc.tuple(
        fc.tuple(...columns.map(() => cellValue)),
        fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      ),
      { maxLength },
    )
    .map((list) =>
      list.map(([cells, deleted], i) => {
        const row: Row = { id: `r${i}` }
        columns.forEach((c, j) => {
          const v = cells[j]
          if (v !== undefined) row[c] = v
        })
        if (deleted) row._deleted = true
        return row
      }),
    )
