/**
 * A district's own template, end to end through the compiled form (SPEC §7): the §7 example
 * (科技人员数 and a rule about it), a copy of the built-in ledger with 50 changed to 30, when
 * and require in every combination, message placeholders, the named checks on columns of the
 * district's choosing, and every indicator kind with targets, totals, merging and drill-down.
 */
import { describe, expect, it } from 'vitest'
import {
  consolidateTemplate,
  consolidationJson,
  drillDownTemplate,
  mergeTemplateFigures,
  templateFigures,
} from '../consolidate/consolidateTemplate'
import { ledgerTemplate } from '../templates/ledger'
import { ledgerRules } from '../templates/ledgerRules'
import type { Column, Finding, LedgerTemplate, Row } from '../templates/types'
import { techDefinition } from '../test/definitions'
import { goodLedgerRow, validCode } from '../test/rows'
import { validateSheet } from '../validate/SheetValidator'
import { validateRow } from '../validate/validateRow'
import type { Condition } from './condition'
import type { IndicatorDefinition } from './indicator'
import type { RuleDefinition } from './rule'
import { defineTemplate } from './validateDefinition'

const TODAY = '2026-03-05'
const ruleFindings = (template: LedgerTemplate, row: Row, rule: string): Finding[] =>
  validateRow(template, row, { today: TODAY }).filter((f) => f.rule === rule)

/** The SPEC §7 example: a 科技人员数 column and a rule on it. */
const techTemplate = defineTemplate(
  { kind: 'ledger', id: 'tech', name: '科技企业台账', version: 1 },
  techDefinition,
)

describe('a district’s rule (the SPEC §7 example)', () => {
  const tech = (cells: Partial<Row>): Row =>
    goodLedgerRow({ industry: '信息技术', techStaff: 40, members: 0, probationary: 0, ...cells })

  it('fires on a 30+ tech company without members, on the column it names', () => {
    expect(ruleFindings(techTemplate, tech({}), 'tech30-no-member')).toEqual([
      {
        rowId: 'r1',
        column: 'members',
        rule: 'tech30-no-member',
        severity: 'warning',
        message: '30人以上科技企业应有党员',
      },
    ])
  })

  it('is silent with a member, below 30, in another industry, or while a compared cell is empty', () => {
    for (const cells of [
      { members: 1 },
      { probationary: 1 },
      { techStaff: 29 },
      { industry: '制造业' },
      { techStaff: null },
      // No ifEmpty: an empty 预备党员数 leaves the sum unknown, so the rule stays silent.
      { probationary: null },
      { members: '三' },
    ]) {
      expect(
        ruleFindings(techTemplate, tech(cells), 'tech30-no-member'),
        JSON.stringify(cells),
      ).toEqual([])
    }
  })

  it('the new column is a column like the others: its own range check', () => {
    const findings = validateRow(techTemplate, tech({ techStaff: -1 }), { today: TODAY })
    expect(findings.find((f) => f.column === 'techStaff')?.rule).toBe('range')
  })
})

describe('a threshold changed in a copy of the built-in ledger (50 → 30)', () => {
  const rules: RuleDefinition[] = ledgerRules.map((r) =>
    r.id !== 'over50-no-member'
      ? r
      : {
          ...r,
          id: 'over30-no-member',
          message: '30人以上企业应有党员',
          when: JSON.parse(JSON.stringify(r.when).replace('"right":50', '"right":30')),
        },
  )
  const copy = defineTemplate(
    { kind: 'ledger', id: 'shanghai', name: '上海台账', version: 1 },
    { columns: ledgerTemplate.columns, checks: ledgerTemplate.checks, rules },
  )
  const row = goodLedgerRow({ employees: 35, members: 0, probationary: 0, orgForm: '未建立' })

  it('fires where the built-in stays silent', () => {
    expect(ruleFindings(copy, row, 'over30-no-member').map((f) => f.message)).toEqual([
      '30人以上企业应有党员',
    ])
    expect(ruleFindings(ledgerTemplate, row, 'over50-no-member')).toEqual([])
    expect(
      ruleFindings(ledgerTemplate, { ...row, employees: 50 }, 'over50-no-member'),
    ).toHaveLength(1)
  })
})

describe('when and require', () => {
  const columns: Column[] = [
    { id: 'n', label: '人数', type: 'integer', min: 0 },
    { id: 'y', label: '有工会', type: 'yesno' },
    { id: 't', label: '名称', type: 'text' },
  ]
  const big: Condition = { op: '>=', left: { col: 'n' }, right: 10 }
  const union: Condition = { op: '==', left: { col: 'y' }, right: true }
  const make = (rules: Omit<RuleDefinition, 'column' | 'severity'>[]) =>
    defineTemplate(
      { kind: 'ledger', id: 'wr', name: '条件', version: 1 },
      { columns, rules: rules.map((r) => ({ column: 'n', severity: 'warning', ...r })) },
    )
  /** The rules that fired (cell checks such as `type` for unreadable text left out). */
  const fired = (template: LedgerTemplate, row: Partial<Row>) =>
    validateRow(template, { id: 'x', ...row } as Row, { today: TODAY })
      .map((f) => f.rule)
      .filter((rule) => rule !== 'type')

  it('neither: always reported', () => {
    expect(fired(make([{ id: 'a', message: '总是' }]), {})).toEqual(['a'])
  })
  it('when only: reported whenever when holds, silent when it is false or unknown', () => {
    const t = make([{ id: 'a', message: '大', when: big }])
    expect(fired(t, { n: 12 })).toEqual(['a'])
    expect(fired(t, { n: 2 })).toEqual([])
    expect(fired(t, {})).toEqual([])
  })
  it('require only: reported when require is false, not when true or unknown', () => {
    const t = make([{ id: 'a', message: '应有工会', require: union }])
    expect(fired(t, { y: false })).toEqual(['a'])
    // An empty yes/no reads as no.
    expect(fired(t, {})).toEqual(['a'])
    expect(fired(t, { y: true })).toEqual([])
    expect(fired(t, { y: '是的' })).toEqual([])
  })
  it('both: when true and require false; anything unknown keeps it silent', () => {
    const t = make([{ id: 'a', message: '大的应有工会', when: big, require: union }])
    expect(fired(t, { n: 12, y: false })).toEqual(['a'])
    expect(fired(t, { n: 12, y: true })).toEqual([])
    expect(fired(t, { n: 2, y: false })).toEqual([])
    expect(fired(t, { n: '十二', y: false })).toEqual([])
  })
  it('rules report in definition order, after the cell checks', () => {
    const t = make([
      { id: 'b', message: '二' },
      { id: 'a', message: '一' },
    ])
    expect(fired(t, { n: -1 })).toEqual(['range', 'b', 'a'])
  })
})

describe('messages', () => {
  const template = defineTemplate(
    { kind: 'ledger', id: 'msg', name: '消息', version: 1 },
    {
      columns: [
        { id: 'n', label: '人数', type: 'integer', min: 0 },
        { id: 'k', label: '党员数', type: 'integer', min: 0 },
        { id: 'y', label: '有工会', type: 'yesno' },
      ],
      rules: [
        {
          id: 'm',
          column: 'k',
          severity: 'error',
          message: '人数{n}，党员{k}，合计{sum}，工会{y}，{today}，{1+N}与{}照写',
          show: { sum: { add: [{ col: 'n' }, { col: 'k' }] } },
        },
      ],
    },
  )
  const message = (cells: Partial<Row>) =>
    validateRow(template, { id: 'x', ...cells } as Row, { today: TODAY }).find(
      (f) => f.rule === 'm',
    )?.message

  it('fills cells, shown expressions and today; yes/no as 是/否; other braces stay', () => {
    expect(message({ n: 12, k: 3, y: true })).toBe(
      '人数12，党员3，合计15，工会是，2026-03-05，{1+N}与{}照写',
    )
  })

  it('shows unreadable text as typed, and nothing for what has no value', () => {
    expect(message({ n: '十二', y: false })).toBe(
      '人数十二，党员，合计，工会否，2026-03-05，{1+N}与{}照写',
    )
  })
})

describe('named checks on columns of the district’s choosing', () => {
  const template = defineTemplate(
    { kind: 'ledger', id: 'checks', name: '检查', version: 1 },
    {
      columns: [
        { id: 'name', label: '组织名称', type: 'text' },
        { id: 'code', label: '信用代码', type: 'creditCode' },
        { id: 'office', label: '办公电话', type: 'phone' },
      ],
      checks: [
        { check: 'creditCode', column: 'code', severity: 'warning' },
        { check: 'phone', column: 'office', id: 'office-phone' },
        { check: 'unique', column: 'name' },
        { check: 'unique', column: 'code' },
        { check: 'unique', column: 'office', severity: 'warning' },
      ],
    },
  )
  const rows: Row[] = [
    { id: 'a', name: '甲公司', code: validCode(1), office: '0471-1234567' },
    { id: 'b', name: ' 甲公司 ', code: validCode(1).toLowerCase(), office: '0471 1234567' },
    { id: 'c', name: '乙公司', code: '12345', office: '12345' },
    { id: 'd', name: '', code: '12345', office: '' },
  ]
  const findings = validateSheet(template, rows, { today: TODAY })
  const of = (rowId: string) => findings.filter((f) => f.rowId === rowId)

  it('creditCode and phone under their ids, severities and the column’s label', () => {
    expect(of('c').map((f) => [f.rule, f.severity, f.column])).toEqual([
      ['credit-code-invalid', 'warning', 'code'],
      ['office-phone', 'warning', 'office'],
    ])
    expect(of('c')[1]!.message).toMatch(/^办公电话「12345」/)
  })

  it('unique flags every occurrence after the first, compared after normalising', () => {
    expect(of('a')).toEqual([])
    expect(of('b').map((f) => [f.rule, f.severity, f.column, f.message])).toEqual([
      ['duplicate', 'error', 'name', '「组织名称」「甲公司」与本表前面的一行重复'],
      [
        'credit-code-duplicate',
        'error',
        'code',
        `统一社会信用代码「${validCode(1)}」与本表前面的一行重复`,
      ],
      ['duplicate', 'warning', 'office', '「办公电话」「04711234567」与本表前面的一行重复'],
    ])
  })

  it('empty cells and invalid credit codes are never duplicates', () => {
    expect(of('d').map((f) => f.rule)).toEqual(['credit-code-invalid'])
  })
})

describe('indicators of a district’s template', () => {
  const columns: Column[] = [
    { id: 'n', label: '人数', type: 'integer', min: 0 },
    { id: 'm', label: '经费', type: 'money', min: 0 },
    { id: 'o', label: '类别', type: 'option', options: ['甲', '乙'] },
    { id: 'y', label: '有工会', type: 'yesno' },
  ]
  const big: Condition = { op: '>=', left: { col: 'n' }, right: 10 }
  const indicators: IndicatorDefinition[] = [
    { id: 'count', label: '总数', kind: 'count', target: { op: '>=', value: 3 } },
    { id: 'bigCount', label: '大单位数', kind: 'count', where: big },
    { id: 'people', label: '人数合计', kind: 'sum', col: 'n' },
    { id: 'money', label: '经费合计', kind: 'sum', col: 'm', where: big },
    {
      id: 'unionRate',
      label: '大单位工会率',
      kind: 'rate',
      den: big,
      num: { op: '==', left: { col: 'y' }, right: true },
      target: { op: '>=', value: 50 },
    },
    { id: 'kinds', label: '类别分布', kind: 'distribution', col: 'o' },
    { id: 'sizes', label: '人数分布', kind: 'distribution', col: 'n', values: [5, 10] },
    { id: 'avgPeople', label: '平均人数', kind: 'avg', col: 'n', target: { op: '<', value: 10 } },
  ]
  const template = defineTemplate(
    { kind: 'ledger', id: 'ind', name: '指标', version: 1 },
    { columns, indicators },
  )
  const u1: Row[] = [
    { id: 'a', n: 10, m: 0.1, o: '甲', y: true },
    { id: 'b', n: 12, m: 0.2, o: '乙' },
    { id: 'c', n: 5, m: 100, o: '甲', y: true },
    { id: 'z', n: 1000, _deleted: true },
  ]
  const u2: Row[] = [
    { id: 'd', n: '十', m: 1, o: '丙' },
    { id: 'e', n: 1, y: true },
  ]

  it('count, sum, rate, distribution and avg per unit, with the targets met', () => {
    expect(templateFigures(template, u1)).toEqual({
      values: {
        count: 3,
        bigCount: 2,
        people: 27,
        money: 0.3,
        unionRate: { num: 1, den: 2, pct: 50 },
        kinds: { 甲: 2, 乙: 1 },
        sizes: { '5': 1, '10': 1 },
        avgPeople: 9,
      },
      met: { count: true, unionRate: true, avgPeople: true },
    })
  })

  it('the total adds the units and recomputes rates and averages; no figure meets nothing', () => {
    const result = consolidateTemplate(template, [
      { unit: '一', rows: u1 },
      { unit: '二', rows: u2 },
      { unit: '三', rows: [] },
    ])
    expect(result.units[1]!.values).toMatchObject({
      count: 2,
      people: 1,
      unionRate: { num: 0, den: 0, pct: null },
      kinds: { 甲: 0, 乙: 0 },
      avgPeople: 1,
    })
    expect(result.units[1]!.met).toEqual({ count: false, unionRate: null, avgPeople: true })
    expect(result.units[2]!.values.avgPeople).toBeNull()
    expect(result.units[2]!.met!.avgPeople).toBeNull()
    expect(result.total.values).toMatchObject({
      count: 5,
      people: 28,
      unionRate: { num: 1, den: 2, pct: 50 },
      avgPeople: 7,
    })
    const json = consolidationJson(result)
    expect(json.units[0]).toMatchObject({ unit: '一', count: 3, met: { count: true } })
    expect(json.total.met).toEqual({ count: true, unionRate: true, avgPeople: true })
  })

  it('without targets there is no met at all', () => {
    const plain = defineTemplate(
      { kind: 'ledger', id: 'plain', name: '无目标', version: 1 },
      { columns, indicators: [{ id: 'count', label: '总数', kind: 'count' }] },
    )
    const json = consolidationJson(consolidateTemplate(plain, [{ unit: '一', rows: u1 }]))
    expect(json.units[0]).toEqual({ unit: '一', count: 3 })
    expect('met' in json.total).toBe(false)
  })

  it('drill-down lists the rows behind each figure', () => {
    const rows = [...u1, ...u2]
    expect(drillDownTemplate(template, rows, 'bigCount')).toEqual({ rowIds: ['a', 'b'] })
    expect(drillDownTemplate(template, rows, 'people')).toEqual({ rowIds: ['a', 'b', 'c', 'e'] })
    expect(drillDownTemplate(template, rows, 'unionRate')).toEqual({ num: ['a'], den: ['a', 'b'] })
    expect(drillDownTemplate(template, rows, 'kinds')).toEqual({
      byValue: { 甲: ['a', 'c'], 乙: ['b'] },
    })
    expect(drillDownTemplate(template, rows, 'kinds', { value: '乙' })).toEqual({ rowIds: ['b'] })
    expect(drillDownTemplate(template, rows, 'avgPeople')).toEqual({
      rowIds: ['a', 'b', 'c', 'e'],
    })
    expect(drillDownTemplate(template, rows, 'count', { includeDeleted: true })).toEqual({
      rowIds: ['a', 'b', 'c', 'z', 'd', 'e'],
    })
    expect(() => drillDownTemplate(template, rows, 'nope')).toThrow('未知的汇总指标：nope')
    expect(() => drillDownTemplate(template, rows, 'kinds', { value: '丙' })).toThrow('没有取值')
  })

  it('merging finished figures adds counts and recomputes rates; an average cannot be merged', () => {
    const countsOnly = defineTemplate(
      { kind: 'ledger', id: 'merge', name: '合并', version: 1 },
      { columns, indicators: indicators.filter((i) => i.kind !== 'avg') },
    )
    const parts = [u1, u2].map((rows) => templateFigures(countsOnly, rows).values)
    expect(mergeTemplateFigures(countsOnly, parts)).toEqual(
      templateFigures(countsOnly, [...u1, ...u2]),
    )
    expect(() => mergeTemplateFigures(template, parts)).toThrow(RangeError)
  })
})
