import {
  columnsOf,
  ledgerTemplate,
  scoringTemplate,
  type Column,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { planFillDown } from './fillDown'

const col = (id: string, template: GridTemplate = ledgerTemplate): Column =>
  columnsOf(template).find((c) => c.id === id)!

describe('planFillDown (Ctrl+D)', () => {
  it('copies the top row of a range into the rows below, column by column', () => {
    const rows: Row[] = [
      { id: 'a', category: '非公企业', employees: 30 },
      { id: 'b', category: '社会组织', employees: null },
      { id: 'c', employees: 30 },
    ]
    const updates = planFillDown(rows, [col('category'), col('employees')], null)
    expect(Object.fromEntries(updates)).toEqual({
      b: { category: '非公企业', employees: 30 },
      c: { category: '非公企业' },
    })
  })

  it('with one row selected copies the row above into it', () => {
    const above: Row = { id: 'a', grid: '第一网格', union: true }
    const updates = planFillDown([{ id: 'b', grid: null }], [col('grid'), col('union')], above)
    expect(updates.get('b')).toEqual({ grid: '第一网格', union: true })
  })

  it('does nothing on the first row and never writes 序号 or computed columns', () => {
    expect(planFillDown([{ id: 'a', grid: 'x' }], [col('grid')], null).size).toBe(0)
    const updates = planFillDown(
      [
        { id: 'a', site: 3, total: 3 },
        { id: 'b', site: null, total: null },
      ],
      [null, col('site', scoringTemplate), col('total', scoringTemplate)],
      null,
    )
    expect(updates.get('b')).toEqual({ site: 3 })
  })
})
