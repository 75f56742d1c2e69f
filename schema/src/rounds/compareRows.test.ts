import { describe, expect, it } from 'vitest'
import { compareRows, indicatorDeltas } from './compareRows'

const opts = {
  columns: ['name', 'creditCode', 'employees'],
  nameColumn: 'name',
  creditCodeColumn: 'creditCode',
}

describe('compareRows (SPEC §8)', () => {
  it('matches by id, then by normalised credit code under the newer id', () => {
    const from = [
      { id: 'a', name: '甲公司', creditCode: '91320902MA1MXXXX0A', employees: 40 },
      { id: 'b', name: '乙公司', creditCode: '91320902ma1myyyy0b', employees: 10 },
      { id: 'c', name: '丙协会', creditCode: null, employees: 5 },
    ]
    const to = [
      { id: 'a', name: '甲公司', creditCode: '91320902MA1MXXXX0A', employees: 55 },
      // 乙 typed again: another id, the same code in full-width letters and spaces
      { id: 'x', name: '乙公司', creditCode: '９１320902MA1MYYYY0B ', employees: 10 },
      { id: 'n', name: '丁公司', creditCode: '91320902MA1MZZZZ0C', employees: '' },
    ]
    const result = compareRows(from, to, opts)
    expect(result.added).toEqual([{ rowId: 'n', name: '丁公司' }])
    expect(result.removed).toEqual([{ rowId: 'c', name: '丙协会' }])
    expect(result.changed).toEqual([
      { rowId: 'a', name: '甲公司', column: 'employees', from: 40, to: 55 },
      {
        rowId: 'x',
        name: '乙公司',
        column: 'creditCode',
        from: '91320902ma1myyyy0b',
        to: '９１320902MA1MYYYY0B ',
      },
    ])
  })

  it('treats an empty string and an empty cell alike', () => {
    const result = compareRows(
      [{ id: 'a', name: '甲', employees: null }],
      [{ id: 'a', name: '甲', employees: '' }],
      opts,
    )
    expect(result).toEqual({ added: [], removed: [], changed: [] })
  })
})

describe('indicatorDeltas', () => {
  it('subtracts counts and rates in percentage points; a distribution has no delta', () => {
    const d = indicatorDeltas(
      { orgCount: 10, orgCoverage: { num: 3, den: 10, pct: 30 }, stars: { '1': 1 } },
      { orgCount: 12, orgCoverage: { num: 6, den: 12, pct: 50 }, stars: { '1': 2 } },
    )
    expect(d.orgCount).toEqual({ from: 10, to: 12, delta: 2 })
    expect(d.orgCoverage!.delta).toBe(20)
    expect(d.stars!.delta).toBeNull()
  })
})
