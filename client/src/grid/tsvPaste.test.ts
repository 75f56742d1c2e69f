import { columnsOf, ledgerTemplate, scoringTemplate, type Column } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { displayText } from './cellText'
import { copyMatrix, parseTsv, planPaste, toTsv } from './tsvPaste'

const ledger = columnsOf(ledgerTemplate)
const byId = (id: string): Column => ledger.find((c) => c.id === id)!

describe('parseTsv', () => {
  it('reads an Excel/WPS block with a quoted multi-line cell and a trailing line break', () => {
    const text = '甲公司\t12\t"第一行\r\n第二行"\r\n乙协会\t３０\t"说""好"的"\r\n'
    expect(parseTsv(text)).toEqual([
      ['甲公司', '12', '第一行\r\n第二行'],
      ['乙协会', '３０', '说"好"的'],
    ])
  })

  it('keeps empty cells and gives nothing for empty text', () => {
    expect(parseTsv('a\t\tc\n')).toEqual([['a', '', 'c']])
    expect(parseTsv('')).toEqual([])
  })

  it('round-trips what copy writes', () => {
    const matrix = [
      ['名称', '备注'],
      ['甲', '多行\n文字'],
      ['乙\t丙', '引号"'],
    ]
    expect(parseTsv(toTsv(matrix))).toEqual(matrix)
  })
})

describe('planPaste', () => {
  const columns = ['name', 'employees', 'members', 'orgForm', 'union'].map(byId)
  const target = { rowIds: ['r1', 'r2'], columns, row: 0, col: 0 }

  it('parses every cell for its column: 全角 digits, 是/否, option aliases', () => {
    const plan = planPaste(
      [
        ['甲公司', '１２', '3', '1+N', '是'],
        ['乙公司', '８人', '', '单独组建', '×'],
      ],
      target,
    )
    expect(plan.updates.get('r1')).toEqual({
      name: '甲公司',
      employees: 12,
      members: 3,
      orgForm: '区域党支部覆盖',
      union: true,
    })
    expect(plan.updates.get('r2')).toEqual({
      name: '乙公司',
      employees: 8,
      members: null,
      orgForm: '单独组建',
      union: false,
    })
    expect(plan.newRows).toEqual([])
  })

  it('keeps text that cannot be read, so it stays visible and gets marked', () => {
    const plan = planPaste([['丙公司', '很多', '两个', '其他方式', '也许']], target)
    expect(plan.updates.get('r1')).toEqual({
      name: '丙公司',
      employees: '很多',
      members: '两个',
      orgForm: '其他方式',
      union: '也许',
    })
  })

  it('adds rows when the paste runs past the last row, and starts at the target cell', () => {
    const plan = planPaste([['5'], ['6'], ['7']], { ...target, row: 1, col: 1 })
    expect(Object.fromEntries(plan.updates)).toEqual({ r2: { employees: 5 } })
    expect(plan.newRows).toEqual([{ employees: 6 }, { employees: 7 }])
  })

  it('skips cells right of the last column and on columns that take no input', () => {
    const withIndex = [null, ...columns]
    const plan = planPaste([['x', '甲', '1', '2', '挂靠组建', '否', '多余']], {
      ...target,
      columns: withIndex,
    })
    expect(plan.updates.get('r1')).toEqual({
      name: '甲',
      employees: 1,
      members: 2,
      orgForm: '挂靠组建',
      union: false,
    })
    expect(plan.skipped).toBe(2)
  })

  it('never writes computed columns (总分, 等次)', () => {
    const scoring = columnsOf(scoringTemplate).filter((c) =>
      ['site', 'total', 'grade'].includes(c.id),
    )
    const plan = planPaste([['2.5', '99', '优秀']], {
      rowIds: ['r1'],
      columns: scoring,
      row: 0,
      col: 0,
    })
    expect(plan.updates.get('r1')).toEqual({ site: 2.5 })
    expect(plan.skipped).toBe(2)
  })

  it('fills the whole selected range with a single pasted value, as Excel does', () => {
    const plan = planPaste([['３']], { ...target, col: 1, fillRows: 2, fillCols: 2 })
    expect(Object.fromEntries(plan.updates)).toEqual({
      r1: { employees: 3, members: 3 },
      r2: { employees: 3, members: 3 },
    })
  })

  it('reads dates in the forms people type', () => {
    const date = columnsOf(scoringTemplate).find((c) => c.id === 'date')!
    const plan = planPaste([['2026年3月5日'], ['2026/3/6']], {
      rowIds: ['a', 'b'],
      columns: [date],
      row: 0,
      col: 0,
    })
    expect(plan.updates.get('a')).toEqual({ date: '2026-03-05' })
    expect(plan.updates.get('b')).toEqual({ date: '2026-03-06' })
  })
})

describe('copyMatrix', () => {
  it('writes what the cells show and leaves out 序号', () => {
    const matrix = copyMatrix(
      [
        { id: 'r1', name: '甲', union: true, payroll: 1200000 },
        { id: 'r2', name: null, union: false, payroll: null },
      ],
      [null, byId('name'), byId('union'), byId('payroll')],
      displayText,
    )
    expect(matrix).toEqual([
      ['甲', '是', '1,200,000'],
      ['', '否', ''],
    ])
  })
})
