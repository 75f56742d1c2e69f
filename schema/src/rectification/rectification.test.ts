// The 整改 rules of SPEC §9 as pure functions: the life cycle and its reasons, who may perform
// which action, 逾期 at the end of the deadline's day in Asia/Shanghai, and which scoring rows
// need an item.
import { describe, expect, it } from 'vitest'
import type { Grant } from '../access/roles'
import { UnitTree } from '../access/unitTree'
import { scoringTemplate } from '../templates/scoring'
import { fiveStarTemplate } from '../templates/fiveStar'
import type { Row, ScoringTemplate } from '../templates/types'
import { rectificationDraft, rectificationDrafts } from './fromScoringRow'
import { isRectificationOverdue } from './overdue'
import {
  canManageRectifications,
  canPerformRectification,
  canReadRectification,
} from './permissions'
import {
  RECTIFICATION_ACTIONS,
  RECTIFICATION_STATUSES,
  RECTIFICATION_STATUS_LABELS,
  isRectificationEditable,
  nextRectificationStatus,
} from './states'

describe('life cycle', () => {
  it('open → inProgress → submitted → closed, reject and reopen back to inProgress', () => {
    expect(nextRectificationStatus('open', 'start')).toBe('inProgress')
    expect(nextRectificationStatus('inProgress', 'submit')).toBe('submitted')
    expect(nextRectificationStatus('submitted', 'close')).toBe('closed')
    expect(nextRectificationStatus('submitted', 'reject')).toBe('inProgress')
    expect(nextRectificationStatus('closed', 'reopen')).toBe('inProgress')
  })

  it('every other pair is refused', () => {
    const allowed = new Set([
      'open:start',
      'inProgress:submit',
      'submitted:close',
      'submitted:reject',
      'closed:reopen',
    ])
    for (const s of RECTIFICATION_STATUSES) {
      for (const a of RECTIFICATION_ACTIONS) {
        if (!allowed.has(`${s}:${a}`)) expect(nextRectificationStatus(s, a)).toBeNull()
      }
    }
  })

  it('Chinese labels and editable states', () => {
    expect(Object.values(RECTIFICATION_STATUS_LABELS)).toEqual([
      '待整改',
      '整改中',
      '待验收',
      '已销号',
    ])
    expect(RECTIFICATION_STATUSES.filter(isRectificationEditable)).toEqual(['open', 'inProgress'])
  })
})

describe('overdue', () => {
  it('from the end of the deadline day in Asia/Shanghai, and never once closed', () => {
    const item = { deadline: '2026-03-05', status: 'open' as const }
    // 2026-03-05 23:59 in Shanghai is 15:59 UTC
    expect(isRectificationOverdue(item, new Date('2026-03-05T15:59:00Z'))).toBe(false)
    expect(isRectificationOverdue(item, new Date('2026-03-05T16:00:00Z'))).toBe(true)
    expect(
      isRectificationOverdue({ ...item, status: 'closed' }, new Date('2027-01-01T00:00:00Z')),
    ).toBe(false)
    expect(isRectificationOverdue({ deadline: null, status: 'open' }, new Date())).toBe(false)
    expect(isRectificationOverdue({ deadline: '不是日期', status: 'open' }, new Date())).toBe(false)
  })
})

describe('permissions', () => {
  const unit = (id: string, parentId: string | null) => ({ id, parentId })
  const tree = new UnitTree([
    unit('d', null),
    unit('team', 'd'),
    unit('tA', 'd'),
    unit('gA1', 'tA'),
    unit('gA2', 'tA'),
  ])
  const user = (...grants: Grant[]) => ({ grants })
  const item = { unitId: 'gA1', sheetUnitId: 'team' }

  it('the grid and above read, the team reads; a sibling grid does not', () => {
    expect(canReadRectification(tree, user({ unitId: 'gA1', role: 'filler' }), item)).toBe(true)
    expect(canReadRectification(tree, user({ unitId: 'tA', role: 'reviewer' }), item)).toBe(true)
    expect(canReadRectification(tree, user({ unitId: 'team', role: 'filler' }), item)).toBe(true)
    expect(canReadRectification(tree, user({ unitId: 'gA2', role: 'lead' }), item)).toBe(false)
    expect(
      canReadRectification(tree, user({ unitId: 'gA2', role: 'lead' }), { ...item, unitId: null }),
    ).toBe(false)
  })

  it("the unit's fillers and leads start and submit; reviewers and the team do not", () => {
    for (const role of ['filler', 'lead'] as const) {
      const u = user({ unitId: 'gA1', role })
      expect(canPerformRectification(tree, u, item, 'start')).toBe(true)
      expect(canPerformRectification(tree, u, item, 'submit')).toBe(true)
      expect(canPerformRectification(tree, u, item, 'close')).toBe(false)
    }
    expect(
      canPerformRectification(tree, user({ unitId: 'gA1', role: 'reviewer' }), item, 'start'),
    ).toBe(false)
    expect(
      canPerformRectification(tree, user({ unitId: 'team', role: 'lead' }), item, 'submit'),
    ).toBe(false)
    expect(
      canPerformRectification(
        tree,
        user({ unitId: 'gA1', role: 'lead' }),
        { ...item, unitId: null },
        'start',
      ),
    ).toBe(false)
  })

  it('the team lead or a consolidator above the unit closes, rejects, reopens', () => {
    for (const action of ['close', 'reject', 'reopen'] as const) {
      expect(
        canPerformRectification(tree, user({ unitId: 'team', role: 'lead' }), item, action),
      ).toBe(true)
      expect(
        canPerformRectification(tree, user({ unitId: 'tA', role: 'consolidator' }), item, action),
      ).toBe(true)
      // a consolidator AT the grid is not above it; a filler of the team is not its lead
      expect(
        canPerformRectification(tree, user({ unitId: 'gA1', role: 'consolidator' }), item, action),
      ).toBe(false)
      expect(
        canPerformRectification(tree, user({ unitId: 'team', role: 'filler' }), item, action),
      ).toBe(false)
    }
    expect(canManageRectifications(tree, user({ unitId: 'team', role: 'lead' }), 'team')).toBe(true)
    expect(canManageRectifications(tree, user({ unitId: 'tA', role: 'lead' }), 'team')).toBe(false)
  })
})

describe('which scoring rows need rectification', () => {
  const full = (template: ScoringTemplate): Row => {
    const row: Row = { id: 'r', org: ' 甲公司 ', creditCode: '91310000MA1FL0001X' }
    for (const c of template.criteria) row[c.id] = c.max
    return row
  }

  it('a row with every criterion at its max needs none', () => {
    expect(rectificationDraft(scoringTemplate, full(scoringTemplate))).toBeNull()
  })

  it('a criterion below its max needs one, listing the criteria that lost points', () => {
    const row = {
      ...full(scoringTemplate),
      sign: 1,
      funds: 7.5,
      problems: '无标志',
      rectification: '设立标志',
      deadline: '2026/3/5',
    }
    const draft = rectificationDraft(scoringTemplate, row)!
    expect(draft.criteria).toEqual([
      { id: 'sign', label: '标志', max: 3, score: 1 },
      { id: 'funds', label: '活动经费不少于工资总额0.5%', max: 10, score: 7.5 },
    ])
    expect(draft).toMatchObject({
      rowId: 'r',
      org: '甲公司',
      creditCode: '91310000MA1FL0001X',
      grade: '优秀',
      problems: '无标志',
      requirement: '设立标志',
      deadline: '2026-03-05',
    })
  })

  it('a grade below rectificationFreeGrade needs one even with no criterion read as short', () => {
    // five-star: 三星级 is free; a row scored only on one criterion grades low
    const t = fiveStarTemplate
    const c = t.criteria[0]!
    const row: Row = { id: 'r', [c.id]: c.max }
    const draft = rectificationDraft(t, row)
    expect(draft?.criteria).toEqual([])
    expect(draft?.grade).not.toBeNull()
  })

  it('an empty or unreadable score is not a shortfall; an unscored row needs nothing', () => {
    const row = { ...full(scoringTemplate), sign: null, flag: '三' }
    expect(rectificationDraft(scoringTemplate, row as Row)).toBeNull()
    expect(rectificationDrafts(scoringTemplate, [{ id: 'empty', org: '乙' }])).toEqual([])
  })
})

describe('汇总 figures', () => {
  it('整改完成率 is closed / items (null pct for none), 逾期数 the overdue open ones', async () => {
    const { rectificationFigures } = await import('./figures')
    const now = new Date('2026-06-01T00:00:00Z')
    expect(
      rectificationFigures(
        [
          { status: 'closed', deadline: '2026-01-01' },
          { status: 'open', deadline: '2026-01-01' },
          { status: 'submitted', deadline: '2099-01-01' },
        ],
        now,
      ),
    ).toEqual({ rectificationRate: { num: 1, den: 3, pct: 33.3 }, rectificationOverdue: 1 })
    expect(rectificationFigures([], now)).toEqual({
      rectificationRate: { num: 0, den: 0, pct: null },
      rectificationOverdue: 0,
    })
  })
})
