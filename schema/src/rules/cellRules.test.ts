/**
 * Cell checks (SPEC §6.1): `required`, `type`, `range`, `option`, `score-range` — each
 * fires on a value that breaks it and is silent on one that doesn't.
 */
import { describe, expect, it } from 'vitest'
import { parseCell } from '../parse/cell'
import { columnsOf } from '../templates/columns'
import { ledgerTemplate } from '../templates/ledger'
import { scoringTemplate } from '../templates/scoring'
import type { CellValue, Column } from '../templates/types'
import { checkCell } from './cellRules'

const ledger = (id: string): Column => ledgerTemplate.columns.find((c) => c.id === id)!
const scoring = (id: string): Column => columnsOf(scoringTemplate).find((c) => c.id === id)!
const ruleOf = (column: Column, value: CellValue) => checkCell(column, value)?.rule ?? null

describe('required', () => {
  it('fires on an empty required column, silent when filled or not required', () => {
    for (const id of ['name', 'category', 'employees', 'orgForm']) {
      const p = checkCell(ledger(id), null)
      expect(p).toMatchObject({ rule: 'required', severity: 'error' })
      expect(checkCell(ledger(id), '  ')?.rule).toBe('required')
    }
    expect(checkCell(ledger('name'), null)!.message).toBe('「组织名称」为必填项，不能为空')
    expect(ruleOf(ledger('name'), '某公司')).toBeNull()
    expect(ruleOf(ledger('industry'), null)).toBeNull()
    expect(ruleOf(ledger('members'), null)).toBeNull()
  })
})

describe('type', () => {
  it('reports text in a count column with the text it could not read', () => {
    const value = parseCell(ledger('employees'), '十二')
    expect(checkCell(ledger('employees'), value)).toEqual({
      rule: 'type',
      severity: 'error',
      message: '「从业人员数」应填写数字，无法识别「十二」',
    })
    expect(ruleOf(ledger('employees'), 12)).toBeNull()
  })
  it('reports unreadable yes/no, money, scores and dates', () => {
    expect(ruleOf(ledger('union'), parseCell(ledger('union'), '也许'))).toBe('type')
    expect(ruleOf(ledger('union'), true)).toBeNull()
    expect(ruleOf(ledger('union'), false)).toBeNull()
    expect(ruleOf(ledger('payroll'), '很多')).toBe('type')
    expect(ruleOf(scoring('meetings'), '满分')).toBe('type')
    expect(ruleOf(scoring('date'), parseCell(scoring('date'), '下周一'))).toBe('type')
    expect(ruleOf(scoring('date'), '2026/3/5')).toBe('type')
    expect(ruleOf(scoring('date'), '2026-02-30')).toBe('type')
    expect(ruleOf(scoring('date'), '2026-03-05')).toBeNull()
    expect(ruleOf(ledger('name'), true)).toBe('type')
  })
})

describe('range', () => {
  it('counts must be whole numbers ≥ 0', () => {
    expect(checkCell(ledger('members'), -1)).toEqual({
      rule: 'range',
      severity: 'error',
      message: '「正式党员数」应为不小于0的整数，现为「-1」',
    })
    expect(ruleOf(ledger('employees'), 3.5)).toBe('range')
    expect(ruleOf(ledger('secretaryTrainingDays'), -2)).toBe('range')
    expect(ruleOf(ledger('employees'), 0)).toBeNull()
    expect(ruleOf(ledger('employees'), 12000)).toBeNull()
  })
  it('星级 is 1–5', () => {
    expect(checkCell(ledger('stars'), 6)?.message).toBe('「星级」应为1至5的整数，现为「6」')
    expect(ruleOf(ledger('stars'), 0)).toBe('range')
    expect(ruleOf(ledger('stars'), 2.5)).toBe('range')
    expect(ruleOf(ledger('stars'), 1)).toBeNull()
    expect(ruleOf(ledger('stars'), 5)).toBeNull()
    expect(ruleOf(ledger('stars'), null)).toBeNull()
  })
  it('money is ≥ 0', () => {
    expect(checkCell(ledger('partyFunds'), -5)?.message).toBe(
      '「年度党建经费」不能为负数，现为「-5」',
    )
    expect(ruleOf(ledger('partyFunds'), 0)).toBeNull()
    expect(ruleOf(ledger('payroll'), 1234.56)).toBeNull()
  })
})

describe('score-range', () => {
  it('each score is 0…max in steps of 0.5', () => {
    const meetings = scoring('meetings') // max 10
    expect(checkCell(meetings, 10.5)).toEqual({
      rule: 'score-range',
      severity: 'error',
      message: '「三会一课与组织生活」得分应在0至10分之间、以0.5分为单位，现为「10.5」',
    })
    expect(ruleOf(meetings, -0.5)).toBe('score-range')
    expect(ruleOf(meetings, 7.3)).toBe('score-range')
    expect(ruleOf(meetings, 0)).toBeNull()
    expect(ruleOf(meetings, 7.5)).toBeNull()
    expect(ruleOf(meetings, 10)).toBeNull()
    expect(ruleOf(scoring('site'), 3.5)).toBe('score-range')
  })
})

describe('option', () => {
  it('fires on a value that is not an option and lists the allowed ones', () => {
    const value = parseCell(ledger('category'), '国有企业')
    expect(checkCell(ledger('category'), value)).toEqual({
      rule: 'option',
      severity: 'error',
      message:
        '「组织类别」应为以下之一：非公企业、社会组织、个体工商户、专业市场；「国有企业」不在其中',
    })
    expect(ruleOf(ledger('orgForm'), '区域党支部覆盖')).toBeNull()
    expect(ruleOf(ledger('orgForm'), parseCell(ledger('orgForm'), '1+N'))).toBeNull()
  })
})

describe('columns without a type check', () => {
  it('accepts any text in text, credit-code, phone and computed columns', () => {
    expect(ruleOf(ledger('creditCode'), 'ABC')).toBeNull()
    expect(ruleOf(ledger('phone'), '12345')).toBeNull()
    expect(ruleOf(ledger('note'), '任意文字')).toBeNull()
    expect(ruleOf(scoring('total'), 88)).toBeNull()
  })
})
