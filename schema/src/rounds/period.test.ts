import { describe, expect, it } from 'vitest'
import { dueDeadline, isDueDate, isPastDue } from './dueDate'
import { comparePeriods, isPeriod, periodLabel } from './period'

describe('periods (SPEC §8)', () => {
  it('accepts the four forms and nothing else', () => {
    for (const p of ['2026', '2026-H1', '2026-H2', '2026-Q1', '2026-Q4', '2026-01', '2026-12']) {
      expect(isPeriod(p), p).toBe(true)
    }
    for (const p of [
      '2026-Q5',
      '2026-H3',
      '2026-13',
      '2026-00',
      '26-Q1',
      '2026Q1',
      '',
      '2026-q1',
    ]) {
      expect(isPeriod(p), p).toBe(false)
    }
  })
  it('labels periods in Chinese', () => {
    expect(periodLabel('2026-Q1')).toBe('2026年第一季度')
    expect(periodLabel('2026-Q4')).toBe('2026年第四季度')
    expect(periodLabel('2026-H2')).toBe('2026年下半年')
    expect(periodLabel('2026-03')).toBe('2026年3月')
    expect(periodLabel('2026')).toBe('2026年度')
  })
  it('orders periods in time', () => {
    const sorted = ['2026', '2026-H2', '2026-Q4', '2026-Q1', '2025-Q4', '2026-03', '2026-H1']
    sorted.sort(comparePeriods)
    expect(sorted).toEqual([
      '2025-Q4',
      '2026-03',
      '2026-Q1',
      '2026-H1',
      '2026-Q4',
      '2026-H2',
      '2026',
    ])
  })
})

describe('due dates end at midnight in Asia/Shanghai', () => {
  it('checks calendar dates', () => {
    expect(isDueDate('2026-03-31')).toBe(true)
    expect(isDueDate('2026-02-30')).toBe(false)
    expect(isDueDate('2026-3-1')).toBe(false)
  })
  it('is due until 23:59:59.999 China time and overdue from 00:00', () => {
    expect(dueDeadline('2026-03-31').toISOString()).toBe('2026-03-31T16:00:00.000Z')
    expect(isPastDue('2026-03-31', new Date('2026-03-31T15:59:59.999Z'))).toBe(false)
    expect(isPastDue('2026-03-31', new Date('2026-03-31T16:00:00.000Z'))).toBe(true)
  })
})
