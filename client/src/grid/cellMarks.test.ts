import type { Finding } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { cellKey, changedRows, indexConflicts, indexFindings, sameMark } from './cellMarks'

const finding = (
  rowId: string,
  column: string,
  severity: 'error' | 'warning',
  message: string,
): Finding => ({
  rowId,
  column,
  rule: 'x',
  severity,
  message,
})

describe('cell marks', () => {
  it('marks a cell with its worst severity and lists errors first', () => {
    const index = indexFindings([
      finding('r1', 'members', 'warning', '50人以上企业应有党员'),
      finding('r1', 'members', 'error', '党员人数不能超过从业人员数'),
      finding('r2', 'phone', 'warning', '联系电话格式不对'),
    ])
    expect(index.get(cellKey('r1', 'members'))).toEqual({
      severity: 'error',
      messages: ['党员人数不能超过从业人员数', '50人以上企业应有党员'],
    })
    expect(index.get(cellKey('r2', 'phone'))?.severity).toBe('warning')
  })

  it('marks only unresolved conflicts', () => {
    const index = indexConflicts([
      { rowId: 'r1', column: 'name', values: [], resolved: false },
      { rowId: 'r2', column: 'name', values: [], resolved: true },
    ])
    expect([...index]).toEqual([cellKey('r1', 'name')])
  })

  it('finds the rows whose marks changed (to redraw only those)', () => {
    const before = indexFindings([
      finding('r1', 'a', 'error', 'x'),
      finding('r2', 'a', 'warning', 'y'),
    ])
    const after = indexFindings([
      finding('r2', 'a', 'warning', 'y'),
      finding('r3', 'b', 'error', 'z'),
    ])
    expect([...changedRows(before, after, sameMark)].sort()).toEqual(['r1', 'r3'])
    const changedMessage = indexFindings([finding('r2', 'a', 'warning', 'y2')])
    expect([...changedRows(after, changedMessage, sameMark)].sort()).toEqual(['r2', 'r3'])
    expect([...changedRows(new Set([cellKey('r9', 'a')]), new Set<string>())]).toEqual(['r9'])
  })
})
