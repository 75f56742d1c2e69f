// The 整改台账 filters (rectify/itemFilters): state, 逾期 judged from the deadline in
// Asia/Shanghai, the inspection team; overdue first, then by deadline.
import type { RectificationItem } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { filterItems, NO_FILTER, teamsOf } from './itemFilters'

const item = (id: string, over: Partial<RectificationItem>): RectificationItem => ({
  id,
  sheetId: 's',
  rowId: id,
  org: `组织${id}`,
  creditCode: null,
  unitId: 'g',
  sheetUnitId: 'team1',
  criteria: [],
  grade: null,
  problems: '',
  requirement: '',
  deadline: null,
  status: 'open',
  overdue: false,
  progress: '',
  evidence: [],
  createdAt: '',
  updatedAt: '',
  closedAt: null,
  events: [],
  ...over,
})

// 2026-03-10 10:00 in Shanghai
const now = new Date('2026-03-10T02:00:00Z')
const items = [
  item('a', { deadline: '2026-04-01' }),
  item('b', { deadline: '2026-03-01', status: 'inProgress' }),
  item('c', { deadline: '2026-03-01', status: 'closed', sheetUnitId: 'team2' }),
  item('d', { deadline: null, status: 'submitted' }),
  item('e', { deadline: '2026-03-10' }),
]

describe('filterItems', () => {
  it('puts overdue items first, then by deadline, items without one last', () => {
    expect(filterItems(items, NO_FILTER, now).map((i) => i.id)).toEqual(['b', 'c', 'e', 'a', 'd'])
  })

  it('逾期 only: past the deadline day and not closed (a closed item is never overdue)', () => {
    const shown = filterItems(items, { ...NO_FILTER, overdueOnly: true }, now)
    expect(shown.map((i) => i.id)).toEqual(['b'])
  })

  it('judges 逾期 from the deadline, not the stored flag', () => {
    const stale = [item('x', { deadline: '2026-03-09', overdue: false })]
    expect(filterItems(stale, { ...NO_FILTER, overdueOnly: true }, now)).toHaveLength(1)
  })

  it('by state and by team', () => {
    expect(filterItems(items, { ...NO_FILTER, status: 'open' }, now).map((i) => i.id)).toEqual([
      'e',
      'a',
    ])
    expect(filterItems(items, { ...NO_FILTER, team: 'team2' }, now).map((i) => i.id)).toEqual(['c'])
    expect(teamsOf(items)).toEqual(['team1', 'team2'])
  })
})
