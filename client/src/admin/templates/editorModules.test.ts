import { fiveStarTemplate, ledgerRules, ledgerTemplate, validateDefinition } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import {
  draftColumns,
  draftForNextVersion,
  draftFromCopy,
  freshId,
  moveItem,
  readId,
  readList,
  readNumber,
} from './draft'
import { checkDraft, issuesUnder } from './issues'
import { addPreset } from './RulesEditor'
import { findThresholds, setAtPath } from './ruleThresholds'
import { canMove, sheetsByVersion, type PinnedSheet } from './sheetsByVersion'
import { previewRows } from './previewRows'

describe('a draft started from a copy (SPEC §7 "start from a copy of any template")', () => {
  it('copies the built-in ledger into a definition that validates unchanged', () => {
    const draft = draftFromCopy(ledgerTemplate, 'd1')
    expect(draft).toMatchObject({
      kind: 'ledger',
      targetId: null,
      unitId: 'd1',
      name: '网格台账（副本）',
    })
    expect(draft.definition).not.toHaveProperty('id')
    expect(validateDefinition('ledger', draft.definition).ok).toBe(true)
    // a copy, not the built-in itself
    ;(draft.definition as { columns: unknown[] }).columns.pop()
    expect(ledgerTemplate.columns.length).toBeGreaterThan(30)
  })

  it('a next version keeps the id it publishes to; a 评分表 lists criteria among its columns', () => {
    const draft = draftForNextVersion(fiveStarTemplate, 'd1')
    expect(draft.targetId).toBe('fiveStar')
    expect(draft.baseVersion).toBe(1)
    const ids = draftColumns(draft.definition).map((c) => c.id)
    expect(ids).toEqual(expect.arrayContaining(fiveStarTemplate.criteria.map((c) => c.id)))
    expect(checkDraft(draft).ok).toBe(true)
  })
})

describe('forgiving inputs', () => {
  it('reads numbers as people type them', () => {
    expect(readNumber('30')).toBe(30)
    expect(readNumber('３０人')).toBe(30)
    expect(readNumber('0.5')).toBe(0.5)
    expect(readNumber('')).toBeNull()
    expect(readNumber('三十')).toBeUndefined()
  })
  it('reads option lists split by lines, 、 or ，', () => {
    expect(readList('信息技术、制造业，  服务业\n信息技术\n')).toEqual([
      '信息技术',
      '制造业',
      '服务业',
    ])
  })
  it('keeps ids to letters, digits, _ and -', () => {
    expect(readId(' tech Staff（人）')).toBe('techStaff')
    expect(freshId('rule', ['rule', 'rule2'])).toBe('rule3')
  })
  it('moves an item and leaves the ends alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b'])
  })
})

describe('rule presets and their thresholds', () => {
  const over50 = ledgerRules.find((r) => r.id === 'over50-no-member')!

  it('finds 从业人员数 ≥ 50 in the seed rule and changes it to 30 without touching the preset', () => {
    const thresholds = findThresholds(over50, ['when', 'require'], ledgerTemplate.columns)
    const employees = thresholds.find((t) => t.label.startsWith('从业人员数 ≥'))!
    expect(employees.value).toBe(50)
    const changed = setAtPath(over50, employees.path, 30)
    expect(findThresholds(changed, ['when'], ledgerTemplate.columns).map((t) => t.value)).toContain(
      30,
    )
    expect(findThresholds(over50, ['when'], ledgerTemplate.columns).map((t) => t.value)).toContain(
      50,
    )
  })

  it('finds the 0.5% in 经费 ≥ 0.5% × 工资总额', () => {
    const funds = ledgerRules.find((r) => r.id === 'funds-below-0.5pct')!
    const found = findThresholds(funds, ['when', 'require'], ledgerTemplate.columns)
    expect(found.map((t) => t.value)).toContain(0.005)
  })

  it('adds a preset already present under a fresh id', () => {
    const rules = addPreset(ledgerRules, over50)
    expect(rules.at(-1)!.id).toBe('over50-no-member2')
    expect(rules).toHaveLength(ledgerRules.length + 1)
  })
})

describe('live check of a draft', () => {
  it('names the place of a mistake as validateDefinition does, and each part finds its own', () => {
    const draft = draftFromCopy(ledgerTemplate, 'd1')
    const def = draft.definition as { rules: { when?: unknown }[] }
    def.rules[0]!.when = { op: '>=', left: { col: 'techStaf' }, right: 30 }
    const checked = checkDraft(draft)
    expect(checked.ok).toBe(false)
    const under = issuesUnder(checked.issues, 'rules[0]')
    expect(under[0]).toMatchObject({ path: 'rules[0].when.left.col' })
    expect(under[0]!.message).toContain('techStaf')
    expect(issuesUnder(checked.issues, 'rules[1]')).toEqual([])
    expect(issuesUnder(checked.issues, 'rules')).toHaveLength(checked.issues.length)
  })
})

describe('sheets by version', () => {
  const sheet = (
    id: string,
    v: number | undefined,
    status: PinnedSheet['status'] = 'draft',
  ): PinnedSheet => ({
    id,
    unitId: 'g1',
    template: 'tech',
    kind: 'ledger',
    title: id,
    status,
    templateVersion: v,
  })
  it('groups a template’s sheets by pinned version, newest first, and says which may move', () => {
    const uses = sheetsByVersion(
      [sheet('a', 1), sheet('b', 3), sheet('c', undefined), sheet('d', 2, 'accepted')],
      'tech',
    )
    expect(uses.map((u) => [u.version, u.sheets.map((s) => s.id)])).toEqual([
      [3, ['b']],
      [2, ['d']],
      [1, ['a', 'c']],
    ])
    expect(canMove(sheet('a', 1), 3)).toBe(true)
    expect(canMove(sheet('b', 3), 3)).toBe(false)
    expect(canMove(sheet('d', 2, 'accepted'), 3)).toBe(false)
  })
})

describe('preview rows', () => {
  it('hold only the draft’s columns and include a row that breaks the seed thresholds', () => {
    const rows = previewRows(ledgerTemplate)
    expect(rows.length).toBeGreaterThan(3)
    const ids = new Set(['id', ...ledgerTemplate.columns.map((c) => c.id)])
    for (const row of rows) for (const key of Object.keys(row)) expect(ids.has(key)).toBe(true)
    expect(rows[0]).toMatchObject({ employees: 60, members: 0 })
    expect(previewRows(fiveStarTemplate).length).toBeGreaterThan(0)
  })
})
