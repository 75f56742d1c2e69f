// The two-row merged header shared by the xlsx and PDF writers.
import { describe, expect, it } from 'vitest'
import { columnsOf, headerLabel } from '../templates/columns'
import { ledgerTemplate } from '../templates/ledger'
import { headerLayout } from './headerLayout'

describe('headerLayout', () => {
  it('merges consecutive columns of a group and spans ungrouped columns over both rows', () => {
    const cells = headerLayout([
      { label: '组织名称' },
      { label: '从业人员数', group: '人员' },
      { label: '正式党员数', group: '人员' },
      { label: '星级' },
      { label: '工会', group: '群团组织' },
    ])
    expect(cells).toEqual([
      { text: '组织名称', row: 0, col: 0, colSpan: 1, rowSpan: 2 },
      { text: '人员', row: 0, col: 1, colSpan: 2, rowSpan: 1 },
      { text: '星级', row: 0, col: 3, colSpan: 1, rowSpan: 2 },
      { text: '群团组织', row: 0, col: 4, colSpan: 1, rowSpan: 1 },
      { text: '从业人员数', row: 1, col: 1, colSpan: 1, rowSpan: 1 },
      { text: '正式党员数', row: 1, col: 2, colSpan: 1, rowSpan: 1 },
      { text: '工会', row: 1, col: 4, colSpan: 1, rowSpan: 1 },
    ])
  })

  it('covers every ledger column exactly once in each header row', () => {
    const columns = columnsOf(ledgerTemplate)
    const cells = headerLayout(columns.map((c) => ({ label: headerLabel(c), group: c.group })))
    for (const row of [0, 1] as const) {
      const covered = new Array(columns.length).fill(0)
      for (const cell of cells) {
        if (cell.row > row || cell.row + cell.rowSpan - 1 < row) continue
        for (let c = cell.col; c < cell.col + cell.colSpan; c++) covered[c] += 1
      }
      expect(covered.every((n) => n === 1)).toBe(true)
    }
    expect(cells.filter((c) => c.row === 0).map((c) => c.text)).toContain('六有')
  })
})
