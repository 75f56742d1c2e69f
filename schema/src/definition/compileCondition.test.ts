/**
 * The condition and expression language of SPEC §7, operator by operator, in both places a
 * condition runs: in a rule (three-valued: an empty or unreadable operand makes a comparison,
 * `add` and `mul` unknown) and in an indicator (an empty number adds 0, unreadable text is
 * empty, a condition left unknown counts as false). Also `ifEmpty`, `empty`/`filled`,
 * yes/no cells, dates, money in 分 and the 15-digit arithmetic.
 */
import { describe, expect, it } from 'vitest'
import type { Column, GridTemplate, Row } from '../templates/types'
import { newEnv } from './cellReader'
import {
  compileCondition,
  compileIndicatorCondition,
  compileRuleCondition,
  FALSE,
  TRUE,
  UNKNOWN,
  type Tri,
} from './compileCondition'
import { CompileContext } from './compileContext'
import { compileExpression, tidy } from './compileExpression'
import type { Condition } from './condition'
import type { Expression } from './expression'
import { defineTemplate } from './validateDefinition'

const columns: Column[] = [
  { id: 'n', label: '人数', type: 'integer', min: 0 },
  { id: 'k', label: '党员数', type: 'integer', min: 0 },
  { id: 'm', label: '经费', type: 'money', min: 0 },
  { id: 'p', label: '工资', type: 'money', min: 0 },
  { id: 'o', label: '类别', type: 'option', options: ['甲', '乙', '丙'] },
  { id: 'y', label: '有工会', type: 'yesno' },
  { id: 'd', label: '日期', type: 'date' },
  { id: 't', label: '名称', type: 'text' },
  { id: 'a', label: '佐证', type: 'attachment' },
]
const template: GridTemplate = defineTemplate(
  { kind: 'ledger', id: 'ops', name: '运算', version: 1 },
  { columns },
)
const ruleCtx = new CompileContext(template, 'rule')
const indicatorCtx = new CompileContext(template, 'indicator')
const TODAY = '2026-03-05'

const row = (cells: Omit<Row, 'id'> = {}): Row => ({ id: 'r', ...cells }) as Row
/** The condition's value in a rule. */
const inRule = (c: Condition, cells: Omit<Row, 'id'> = {}): Tri =>
  compileRuleCondition(c, ruleCtx)(newEnv(row(cells), TODAY))
/** The condition's three-valued value under indicator readings, before UNKNOWN counts false. */
const triInIndicator = (c: Condition, cells: Omit<Row, 'id'> = {}): Tri =>
  compileCondition(c, indicatorCtx)(newEnv(row(cells), TODAY))
/** Whether an indicator counts the row. */
const counts = (c: Condition, cells: Omit<Row, 'id'> = {}): boolean =>
  compileIndicatorCondition(c, indicatorCtx)(newEnv(row(cells), TODAY))
const value = (e: Expression, cells: Omit<Row, 'id'> = {}, ctx = ruleCtx) => {
  const compiled = compileExpression(e, ctx)
  return compiled(ctx.env(row(cells), TODAY))
}

const cmp = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: Expression, right: Expression) =>
  ({ op, left, right }) as Condition

describe('comparisons', () => {
  it('every operator on numbers: below, equal, above the right-hand side', () => {
    const table: [string, [Tri, Tri, Tri]][] = [
      ['==', [FALSE, TRUE, FALSE]],
      ['!=', [TRUE, FALSE, TRUE]],
      ['<', [TRUE, FALSE, FALSE]],
      ['<=', [TRUE, TRUE, FALSE]],
      ['>', [FALSE, FALSE, TRUE]],
      ['>=', [FALSE, TRUE, TRUE]],
    ]
    for (const [op, expected] of table) {
      const c = cmp(op as never, { col: 'n' }, 50)
      expect(
        [49, 50, 51].map((n) => inRule(c, { n })),
        op,
      ).toEqual(expected)
      // Two columns: the same answers.
      const cols = cmp(op as never, { col: 'n' }, { col: 'k' })
      expect(
        [49, 50, 51].map((n) => inRule(cols, { n, k: 50 })),
        `${op} cols`,
      ).toEqual(expected)
      expect(
        [49, 50, 51].map((n) => counts(c, { n })),
        `${op} indicator`,
      ).toEqual(expected.map((t) => t === TRUE))
    }
  })

  it('a literal on the left compares the same way', () => {
    expect(inRule(cmp('<', 30, { col: 'n' }), { n: 31 })).toBe(TRUE)
    expect(inRule(cmp('<', 30, { col: 'n' }), { n: 30 })).toBe(FALSE)
  })

  it('in a rule, an empty, blank or unreadable operand makes every comparison unknown', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>='] as const) {
      for (const n of [undefined, null, '', '  ', '十二', true]) {
        const cells: Omit<Row, 'id'> = n === undefined ? {} : { n }
        expect(inRule(cmp(op, { col: 'n' }, 5), cells), `${op} ${String(n)}`).toBe(UNKNOWN)
        expect(inRule(cmp(op, 5, { col: 'n' }), cells), `${op} ${String(n)} right`).toBe(UNKNOWN)
        expect(inRule(cmp(op, { col: 'k' }, { col: 'n' }), { ...cells, k: 3 })).toBe(UNKNOWN)
      }
    }
  })

  it('in an indicator, such a comparison is unknown too, and the row is not counted', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>='] as const) {
      for (const n of [null, '', '十二']) {
        expect(triInIndicator(cmp(op, { col: 'n' }, 5), { n }), op).toBe(UNKNOWN)
        expect(counts(cmp(op, { col: 'n' }, 5), { n }), op).toBe(false)
      }
    }
  })

  it('a number outside its column’s range is still a number in a rule, and empty in an indicator', () => {
    // −3 employees has its own `range` finding; the rule still sees −3.
    expect(inRule(cmp('<', { col: 'n' }, 0), { n: -3 })).toBe(TRUE)
    expect(triInIndicator(cmp('<', { col: 'n' }, 0), { n: -3 })).toBe(UNKNOWN)
    expect(counts({ op: 'empty', left: { col: 'n' } }, { n: 2.5 })).toBe(true)
  })

  it('dates compare as YYYY-MM-DD, also with today', () => {
    const before = cmp('<', { col: 'd' }, '2026-03-05')
    expect(inRule(before, { d: '2026-03-04' })).toBe(TRUE)
    expect(inRule(before, { d: '2026-03-05' })).toBe(FALSE)
    expect(inRule(before, { d: '2025-12-31' })).toBe(TRUE)
    const notFuture = cmp('<=', { col: 'd' }, { today: true })
    expect(inRule(notFuture, { d: TODAY })).toBe(TRUE)
    expect(inRule(notFuture, { d: '2026-03-06' })).toBe(FALSE)
    // Not a real date (30 February, or another spelling kept as text): unknown.
    expect(inRule(notFuture, { d: '2026-02-30' })).toBe(UNKNOWN)
    expect(inRule(notFuture, { d: '2026/3/5' })).toBe(UNKNOWN)
  })

  it('options: == / != on the stored option; text that is no option is unknown', () => {
    expect(inRule(cmp('==', { col: 'o' }, '甲'), { o: '甲' })).toBe(TRUE)
    expect(inRule(cmp('!=', { col: 'o' }, '甲'), { o: '乙' })).toBe(TRUE)
    expect(inRule(cmp('==', { col: 'o' }, '甲'), { o: '丁' })).toBe(UNKNOWN)
    expect(counts(cmp('!=', { col: 'o' }, '甲'), { o: '丁' })).toBe(false)
  })

  it('text and attachment columns compare trimmed strings; blank text is empty', () => {
    expect(inRule(cmp('==', { col: 't' }, '张三'), { t: '张三' })).toBe(TRUE)
    expect(inRule(cmp('==', { col: 't' }, '张三'), { t: '   ' })).toBe(UNKNOWN)
    expect(inRule(cmp('!=', { col: 'a' }, 'x'), { a: 'ab12,cd34' })).toBe(TRUE)
  })

  it('yes/no: an empty cell reads as no; 是 kept as text is unreadable', () => {
    const yes = cmp('==', { col: 'y' }, true)
    const no = cmp('==', { col: 'y' }, false)
    expect(inRule(yes, { y: true })).toBe(TRUE)
    expect(inRule(no, {})).toBe(TRUE)
    expect(inRule(no, { y: '' })).toBe(TRUE)
    expect(inRule(yes, { y: '是' })).toBe(UNKNOWN)
    expect(counts(yes, { y: '是' })).toBe(false)
    expect(counts(no, {})).toBe(true)
    // ifEmpty overrides "empty is no".
    expect(inRule(cmp('==', { col: 'y', ifEmpty: true }, true), {})).toBe(TRUE)
  })
})

describe('in', () => {
  const c: Condition = { op: 'in', left: { col: 'o' }, right: ['甲', '乙'] }
  it('holds for a listed value, not for another, unknown without a value', () => {
    expect(inRule(c, { o: '乙' })).toBe(TRUE)
    expect(inRule(c, { o: '丙' })).toBe(FALSE)
    expect(inRule(c, {})).toBe(UNKNOWN)
    expect(inRule(c, { o: '丁' })).toBe(UNKNOWN)
    expect(counts(c, {})).toBe(false)
  })
  it('on numbers, compared by value', () => {
    const n: Condition = { op: 'in', left: { col: 'n' }, right: [1, 2, 3] }
    expect(inRule(n, { n: 2 })).toBe(TRUE)
    expect(inRule(n, { n: 4 })).toBe(FALSE)
    expect(inRule(n, { n: '2' })).toBe(UNKNOWN)
  })
})

describe('empty and filled', () => {
  const empty: Condition = { op: 'empty', left: { col: 'n' } }
  const filled: Condition = { op: 'filled', left: { col: 'n' } }
  it('are never unknown: a value is filled, nothing is empty, unreadable text is neither (in a rule)', () => {
    const cases: [Omit<Row, 'id'>, Tri, Tri][] = [
      [{ n: 3 }, FALSE, TRUE],
      [{ n: 0 }, FALSE, TRUE],
      [{}, TRUE, FALSE],
      [{ n: null }, TRUE, FALSE],
      [{ n: ' ' }, TRUE, FALSE],
      [{ n: '十二' }, FALSE, FALSE],
    ]
    for (const [cells, e, f] of cases) {
      expect(inRule(empty, cells), JSON.stringify(cells)).toBe(e)
      expect(inRule(filled, cells), JSON.stringify(cells)).toBe(f)
    }
  })
  it('in an indicator, unreadable text counts as empty', () => {
    expect(counts(empty, { n: '十二' })).toBe(true)
    expect(counts(filled, { n: '十二' })).toBe(false)
    expect(triInIndicator(empty, {})).toBe(TRUE)
  })
  it('a yes/no cell nobody filled is empty even though it reads as no', () => {
    expect(inRule({ op: 'empty', left: { col: 'y' } }, {})).toBe(TRUE)
    expect(inRule({ op: 'filled', left: { col: 'y' } }, { y: false })).toBe(TRUE)
  })
})

describe('all, any, not: three-valued logic', () => {
  const T: Condition = cmp('==', 1, 1)
  const F: Condition = cmp('==', 1, 2)
  const U: Condition = cmp('==', { col: 'n' }, 1) // n is left empty
  const name = new Map<Condition, string>([
    [T, 'T'],
    [F, 'F'],
    [U, 'U'],
  ])
  const atoms = [T, F, U]
  const tri = (s: string): Tri => (s === 'T' ? TRUE : s === 'F' ? FALSE : UNKNOWN)

  it('all: false wins, then unknown', () => {
    const table = {
      TT: 'T',
      TF: 'F',
      TU: 'U',
      FT: 'F',
      FF: 'F',
      FU: 'F',
      UT: 'U',
      UF: 'F',
      UU: 'U',
    }
    for (const a of atoms) {
      for (const b of atoms) {
        const key = `${name.get(a)}${name.get(b)}` as keyof typeof table
        expect(inRule({ all: [a, b] }), key).toBe(tri(table[key]))
        expect(triInIndicator({ all: [a, b] }), key).toBe(tri(table[key]))
      }
    }
  })

  it('any: true wins, then unknown', () => {
    const table = {
      TT: 'T',
      TF: 'T',
      TU: 'T',
      FT: 'T',
      FF: 'F',
      FU: 'U',
      UT: 'T',
      UF: 'U',
      UU: 'U',
    }
    for (const a of atoms) {
      for (const b of atoms) {
        const key = `${name.get(a)}${name.get(b)}` as keyof typeof table
        expect(inRule({ any: [a, b] }), key).toBe(tri(table[key]))
      }
    }
  })

  it('not keeps unknown', () => {
    expect(inRule({ not: T })).toBe(FALSE)
    expect(inRule({ not: F })).toBe(TRUE)
    expect(inRule({ not: U })).toBe(UNKNOWN)
    expect(inRule({ not: { not: U } })).toBe(UNKNOWN)
  })

  it('in an indicator, only a condition that ends true counts: not(unknown) is not counted', () => {
    expect(counts({ not: F })).toBe(true)
    expect(counts({ not: U })).toBe(false)
    expect(counts({ any: [U, F] })).toBe(false)
    expect(counts({ any: [U, T] })).toBe(true)
    expect(counts({ all: [T, U] })).toBe(false)
    // A row whose 人数 is empty is counted neither by "≥ 50" nor by "not ≥ 50".
    const big = cmp('>=', { col: 'n' }, 50)
    expect([counts(big), counts({ not: big })]).toEqual([false, false])
    expect([counts(big, { n: 60 }), counts({ not: big }, { n: 60 })]).toEqual([true, false])
  })

  it('a single part is the part itself', () => {
    for (const a of atoms) {
      expect(inRule({ all: [a] })).toBe(inRule(a))
      expect(inRule({ any: [a] })).toBe(inRule(a))
    }
  })
})

describe('expressions', () => {
  it('add and mul over filled numbers', () => {
    expect(value({ add: [{ col: 'n' }, { col: 'k' }, 1] }, { n: 2, k: 3 })).toBe(6)
    expect(value({ mul: [{ col: 'n' }, 0.5] }, { n: 7 })).toBe(3.5)
    expect(value({ add: [{ mul: [2, { col: 'n' }] }, 1] }, { n: 4 })).toBe(9)
  })

  it('in a rule, one empty or unreadable operand leaves no value', () => {
    expect(value({ add: [{ col: 'n' }, { col: 'k' }] }, { n: 2 })).toBeNull()
    expect(value({ mul: [{ col: 'm' }, 0.005] }, { m: '一千' })).toBeNull()
    expect(inRule(cmp('>=', { add: [{ col: 'n' }, { col: 'k' }] }, 1), { n: 2 })).toBe(UNKNOWN)
  })

  it('ifEmpty: an empty cell reads as the literal, unreadable text stays unknown', () => {
    const sum: Expression = {
      add: [
        { col: 'n', ifEmpty: 0 },
        { col: 'k', ifEmpty: 0 },
      ],
    }
    expect(value(sum, { n: 2 })).toBe(2)
    expect(value(sum, {})).toBe(0)
    expect(value(sum, { n: 2, k: '三' })).toBeNull()
    expect(value({ col: 'o', ifEmpty: '甲' }, {})).toBe('甲')
    expect(inRule(cmp('==', { col: 'o', ifEmpty: '甲' }, '甲'), { o: '丁' })).toBe(UNKNOWN)
  })

  it('in an indicator, an empty (or unreadable) number adds 0 inside add and mul', () => {
    expect(value({ add: [{ col: 'n' }, { col: 'k' }] }, { n: 2 }, indicatorCtx)).toBe(2)
    expect(value({ add: [{ col: 'n' }, { col: 'k' }] }, { k: '三' }, indicatorCtx)).toBe(0)
    expect(value({ mul: [0.005, { col: 'p' }] }, {}, indicatorCtx)).toBe(0)
    expect(counts(cmp('>=', { add: [{ col: 'n' }, { col: 'k' }] }, 1), { k: 1 })).toBe(true)
    expect(counts(cmp('>=', { add: [{ col: 'n' }, { col: 'k' }] }, 1), {})).toBe(false)
  })

  it('money is read in whole 分; arithmetic keeps 15 significant digits', () => {
    expect(value({ col: 'm' }, { m: 12.3456 })).toBe(12.35)
    // 经费 ≥ 0.5% × 工资总额 exactly at the boundary.
    // 经费 ≥ 0.5% × 工资总额 exactly at the boundary: 0.005 × 1054 is 5.2700000000000005
    // in binary floating point, which would put 5.27 below it.
    const funds = cmp('>=', { col: 'm' }, { mul: [0.005, { col: 'p' }] })
    expect(0.005 * 1054).not.toBe(5.27)
    expect(inRule(funds, { m: 5.27, p: 1054 })).toBe(TRUE)
    expect(inRule(funds, { m: 5.26, p: 1054 })).toBe(FALSE)
    expect(counts(funds, { m: 5.27, p: 1054 })).toBe(true)
    expect(value({ mul: [0.005, 1054] })).toBe(5.27)
    expect(value({ add: [0.1, 0.2] })).toBe(0.3)
  })

  it('tidy rounds to 15 significant digits like toPrecision, ties included', () => {
    for (const x of [0.1 + 0.2, 1000.01 * 200, 4999.995 * 0.005, 123456.785, -2.675, 1e-9, 3e20]) {
      expect(tidy(x), String(x)).toBe(Number(x.toPrecision(15)))
    }
    expect(tidy(0)).toBe(0)
  })

  it('today reads the date validation runs with', () => {
    expect(value({ today: true })).toBe(TODAY)
  })
})

describe('contexts', () => {
  it('a rule condition needs a rule context and an indicator condition an indicator one', () => {
    expect(() => compileRuleCondition(cmp('==', 1, 1), indicatorCtx)).toThrow()
    expect(() => compileIndicatorCondition(cmp('==', 1, 1), ruleCtx)).toThrow()
  })
})
