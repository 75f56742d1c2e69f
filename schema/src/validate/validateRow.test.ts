/**
 * validateRow: the cell checks of every column plus the template's per-row rules, on
 * rows as they come out of parseCell (the way the grid and the importer store them).
 */
import { describe, expect, it } from 'vitest'
import { parseCell } from '../parse/cell'
import { ledgerTemplate } from '../templates/ledger'
import type { Row } from '../templates/types'
import { goodLedgerRow, validCode } from '../test/rows'
import { validateRow } from './validateRow'

const today = '2026-03-05'

/** A row as typed: every cell through parseCell. */
function typed(cells: Record<string, unknown>, id = 'typed'): Row {
  const row: Row = { id }
  for (const column of ledgerTemplate.columns) row[column.id] = parseCell(column, cells[column.id])
  return row
}

describe('validateRow (ledger)', () => {
  it('a good row has no findings', () => {
    expect(validateRow(ledgerTemplate, goodLedgerRow(), { today })).toEqual([])
  })

  it('a row typed the way cadres type it parses clean', () => {
    const row = typed({
      name: ' 某某商贸有限公司 ',
      creditCode: validCode(7).toLowerCase(),
      category: '非公企业',
      phone: '０４７１－６５４３２１０',
      employees: '３５人',
      members: '3',
      probationary: '0',
      orgForm: '单独组建',
      secretaryTrainingDays: '10天',
      union: '√',
      hasSite: '有',
      hasFlag: '是',
      stars: '５',
      partyFunds: '5,000元',
      payroll: '1，000，000',
    })
    expect(validateRow(ledgerTemplate, row, { today })).toEqual([])
    expect(row).toMatchObject({
      employees: 35,
      union: true,
      stars: 5,
      partyFunds: 5000,
      payroll: 1e6,
    })
  })

  it('reports unreadable text as `type` on its cell, never dropping it', () => {
    const row = typed({
      name: '某公司',
      category: '非公企业',
      employees: '十二',
      orgForm: '未建立',
      instructor: '张伟',
    })
    expect(row.employees).toBe('十二')
    expect(validateRow(ledgerTemplate, row, { today })).toEqual([
      {
        rowId: 'typed',
        column: 'employees',
        rule: 'type',
        severity: 'error',
        message: '「从业人员数」应填写数字，无法识别「十二」',
      },
    ])
  })

  it('reports cell findings in column order, then the cross-field rules', () => {
    const row = goodLedgerRow({
      id: 'bad',
      name: null,
      category: '国企',
      employees: 5,
      members: 4,
      probationary: 2,
      stars: 7,
      secretaryTrainingDays: 3,
      phone: '123',
      creditCode: 'ABC',
    })
    const found = validateRow(ledgerTemplate, row, { today }).map((f) => [
      f.column,
      f.rule,
      f.severity,
    ])
    expect(found).toEqual([
      ['name', 'required', 'error'],
      ['category', 'option', 'error'],
      ['stars', 'range', 'error'],
      ['members', 'members-exceed-employees', 'error'],
      ['secretaryTrainingDays', 'training-below-7-days', 'warning'],
      ['creditCode', 'credit-code-invalid', 'error'],
      ['phone', 'phone-invalid', 'warning'],
    ])
  })

  it('does not report duplicates: that needs the whole sheet', () => {
    const a = validateRow(ledgerTemplate, goodLedgerRow({ id: 'a' }), { today })
    const b = validateRow(ledgerTemplate, goodLedgerRow({ id: 'b' }), { today })
    expect([...a, ...b]).toEqual([])
  })
})
