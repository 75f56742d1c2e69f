// How a stored value reads as text (SPEC §5, §6.3): one plain reading for the grid and the
// panels, and the export's reading on top of it, per column type.
import { describe, expect, it } from 'vitest'
import { ledgerTemplate } from '../templates/ledger'
import type { Column } from '../templates/types'
import { exportText, exportValue, valueText } from './cellText'

const column = (id: string): Column => ledgerTemplate.columns.find((c) => c.id === id)!

describe('valueText', () => {
  it('reads empty as nothing, yes/no as 是/否, numbers and kept text as they are', () => {
    expect(valueText(null)).toBe('')
    expect(valueText(undefined)).toBe('')
    expect(valueText('')).toBe('')
    expect(valueText(true)).toBe('是')
    expect(valueText(false)).toBe('否')
    expect(valueText(1850000.5)).toBe('1850000.5')
    expect(valueText('十二')).toBe('十二')
  })
})

describe('exportValue / exportText', () => {
  it('keeps numbers of number columns as numbers and writes 是/否 for a yes/no 1/0', () => {
    expect(exportValue(column('payroll'), 1850000.5)).toBe(1850000.5)
    expect(exportValue(column('union'), 1)).toBe('是')
    expect(exportValue(column('union'), 0)).toBe('否')
    expect(exportValue(column('union'), true)).toBe('是')
    expect(exportValue(column('name'), 12)).toBe('12')
    expect(exportValue(column('employees'), '十二')).toBe('十二')
    expect(exportValue(column('name'), '')).toBeNull()
  })

  it('agrees with valueText wherever the column type does not change the reading', () => {
    const values = [null, '', true, false, 0, 7, 12.5, '甲公司', '=1+1']
    for (const id of ['name', 'employees', 'payroll', 'orgForm', 'note']) {
      for (const v of values) expect(exportText(column(id), v)).toBe(valueText(v))
    }
  })
})
