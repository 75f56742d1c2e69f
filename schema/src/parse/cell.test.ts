/**
 * parseCell: typed text and file values become stored values per column type, and
 * whatever cannot be read is kept (trimmed) so validation can report `type` on it.
 */
import { describe, expect, it } from 'vitest'
import { columnsOf } from '../templates/columns'
import { ledgerTemplate } from '../templates/ledger'
import { scoringTemplate } from '../templates/scoring'
import type { Column } from '../templates/types'
import { parseCell } from './cell'

const ledger = (id: string): Column => ledgerTemplate.columns.find((c) => c.id === id)!
const scoring = (id: string): Column => columnsOf(scoringTemplate).find((c) => c.id === id)!

describe('parseCell', () => {
  it('reads counts the way cadres type them', () => {
    const employees = ledger('employees')
    expect(parseCell(employees, '１２')).toBe(12)
    expect(parseCell(employees, '12人')).toBe(12)
    expect(parseCell(employees, ' 1,200 ')).toBe(1200)
    expect(parseCell(employees, 35)).toBe(35)
    expect(parseCell(employees, '3.5')).toBe(3.5)
  })
  it('keeps unreadable text trimmed instead of dropping it', () => {
    expect(parseCell(ledger('employees'), ' 十二 ')).toBe('十二')
    expect(parseCell(ledger('union'), '也许')).toBe('也许')
    expect(parseCell(ledger('orgForm'), ' 独立组建')).toBe('独立组建')
    expect(parseCell(scoring('date'), '下周一')).toBe('下周一')
    expect(parseCell(ledger('employees'), true)).toBe('true')
  })
  it('reads an attachment cell (ids joined by ",", SPEC §10) as trimmed text', () => {
    const evidence: Column = { id: 'evidence', label: '佐证材料', type: 'attachment' }
    const ids = `${'a'.repeat(64)},${'b'.repeat(64)}`
    expect(parseCell(evidence, ` ${ids} `)).toBe(ids)
    expect(parseCell(evidence, '')).toBeNull()
  })
  it('gives null for empty input of every type', () => {
    for (const column of [...ledgerTemplate.columns, ...columnsOf(scoringTemplate)]) {
      expect(parseCell(column, '')).toBeNull()
      expect(parseCell(column, '  \u3000')).toBeNull()
      expect(parseCell(column, null)).toBeNull()
      expect(parseCell(column, undefined)).toBeNull()
    }
  })
  it('reads yes/no, dates, options, money and scores', () => {
    expect(parseCell(ledger('union'), '√')).toBe(true)
    expect(parseCell(ledger('hasFlag'), '无')).toBe(false)
    expect(parseCell(ledger('hasFlag'), 0)).toBe(false)
    expect(parseCell(scoring('date'), '2026年3月5日')).toBe('2026-03-05')
    expect(parseCell(scoring('deadline'), new Date(Date.UTC(2026, 5, 30)))).toBe('2026-06-30')
    expect(parseCell(ledger('orgForm'), '区域党支部覆盖（1+N）')).toBe('区域党支部覆盖')
    expect(parseCell(ledger('category'), '社会组织')).toBe('社会组织')
    expect(parseCell(ledger('partyFunds'), '1，500.50元')).toBe(1500.5)
    expect(parseCell(scoring('meetings'), '９.５')).toBe(9.5)
  })
  it('normalises credit codes and phones, keeps text as typed apart from trimming', () => {
    expect(parseCell(ledger('creditCode'), ' ９１１５０１０２ma0n1a2b3c ')).toBe(
      '91150102MA0N1A2B3C',
    )
    expect(parseCell(ledger('phone'), ' １３８１２３４５６７８ ')).toBe('13812345678')
    expect(parseCell(ledger('phone'), 13812345678)).toBe('13812345678')
    expect(parseCell(ledger('name'), ' 某某科技（内蒙古）有限公司 ')).toBe(
      '某某科技（内蒙古）有限公司',
    )
    expect(parseCell(ledger('name'), 12345)).toBe('12345')
    expect(parseCell(ledger('note'), ' 第一行\n第二行 ')).toBe('第一行\n第二行')
  })
  it('reads computed cells as numbers when they are numbers, else text', () => {
    expect(parseCell(scoring('total'), '95.5')).toBe(95.5)
    expect(parseCell(scoring('grade'), ' 优秀 ')).toBe('优秀')
  })
})
