// The role rules of SPEC §1 and §3 as pure functions: inheritance down the tree, the
// consolidator "of a unit above", read-only reviewers and locked sheets.
import { describe, expect, it } from 'vitest'
import type { Unit } from '../storage/units'
import type { Grant, Role, User } from '../storage/users'
import {
  canAdminister,
  canCreateSheet,
  canRead,
  canReturnOrAccept,
  canSubmit,
  canWrite,
  sheetAccess,
  visibleUnits,
} from './permissions'
import { UnitTree } from './unitTree'

const unit = (id: string, parentId: string | null, level: Unit['level']): Unit => ({
  id,
  name: id,
  parentId,
  level,
  createdAt: '2026-01-01T00:00:00Z',
})
const tree = new UnitTree([
  unit('d', null, 'district'),
  unit('tA', 'd', 'township'),
  unit('tB', 'd', 'township'),
  unit('gA1', 'tA', 'grid'),
  unit('gA2', 'tA', 'grid'),
  unit('gB1', 'tB', 'grid'),
])
const user = (grants: Grant[], isAdmin = false): User => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  isAdmin,
  disabled: false,
  createdAt: '',
  grants,
})
const at = (role: Role, unitId: string) => user([{ role, unitId }])

describe('permissions', () => {
  it('a role granted at a unit applies to the units below it, not beside or above', () => {
    const c = at('consolidator', 'tA')
    expect(canRead(tree, c, 'tA')).toBe(true)
    expect(canRead(tree, c, 'gA1')).toBe(true)
    expect(canRead(tree, c, 'gB1')).toBe(false)
    expect(canRead(tree, c, 'd')).toBe(false)
  })

  it('a reviewer reads everything below its level and writes nothing', () => {
    const r = at('reviewer', 'd')
    expect(canRead(tree, r, 'gB1')).toBe(true)
    expect(canWrite(tree, r, 'gB1')).toBe(false)
    expect(sheetAccess(tree, r, { unitId: 'gB1', status: 'draft' })).toBe('read')
  })

  it('only a lead submits; a filler writes but does not submit', () => {
    expect(canSubmit(tree, at('lead', 'gA1'), 'gA1')).toBe(true)
    expect(canSubmit(tree, at('filler', 'gA1'), 'gA1')).toBe(false)
    expect(canWrite(tree, at('filler', 'gA1'), 'gA1')).toBe(true)
    expect(canSubmit(tree, at('lead', 'gA1'), 'gA2')).toBe(false)
  })

  it('only a consolidator of a unit ABOVE the sheet returns or accepts', () => {
    expect(canReturnOrAccept(tree, at('consolidator', 'tA'), 'gA1')).toBe(true)
    expect(canReturnOrAccept(tree, at('consolidator', 'tA'), 'tA')).toBe(false)
    expect(canReturnOrAccept(tree, at('consolidator', 'tA'), 'gB1')).toBe(false)
    expect(canReturnOrAccept(tree, at('lead', 'tA'), 'gA1')).toBe(false)
    expect(canReturnOrAccept(tree, user([], true), 'gA1')).toBe(false)
  })

  it('an accepted sheet is read-only for everybody', () => {
    expect(sheetAccess(tree, at('lead', 'gA1'), { unitId: 'gA1', status: 'accepted' })).toBe('read')
    expect(sheetAccess(tree, at('lead', 'gA1'), { unitId: 'gA1', status: 'returned' })).toBe(
      'write',
    )
    expect(sheetAccess(tree, at('lead', 'gA1'), { unitId: 'gB1', status: 'draft' })).toBe('none')
  })

  it('sheets are created by admins and by leads or consolidators at the unit or above', () => {
    expect(canCreateSheet(tree, user([], true), 'gB1')).toBe(true)
    expect(canCreateSheet(tree, at('consolidator', 'tA'), 'gA2')).toBe(true)
    expect(canCreateSheet(tree, at('lead', 'gA1'), 'gA1')).toBe(true)
    expect(canCreateSheet(tree, at('filler', 'gA1'), 'gA1')).toBe(false)
    expect(canCreateSheet(tree, at('reviewer', 'd'), 'gA1')).toBe(false)
  })

  it('only the tree admin adds a district; a unit admin administers its subtree', () => {
    expect(canAdminister(tree, user([], true), null)).toBe(true)
    expect(canAdminister(tree, at('admin', 'tA'), null)).toBe(false)
    expect(canAdminister(tree, at('admin', 'tA'), 'gA1')).toBe(true)
    expect(canAdminister(tree, at('admin', 'tA'), 'tB')).toBe(false)
  })

  it('visible units: own subtrees in full, the path above as names only', () => {
    const seen = visibleUnits(tree, at('lead', 'gA1'))
    expect(seen.map((u) => [u.id, u.pathOnly])).toEqual([
      ['d', true],
      ['tA', true],
      ['gA1', false],
    ])
    expect(visibleUnits(tree, user([], true)).every((u) => !u.pathOnly)).toBe(true)
    expect(visibleUnits(tree, user([]))).toEqual([])
  })

  it('an unknown unit grants nothing', () => {
    expect(canRead(tree, user([], true), 'nope')).toBe(false)
    expect(canReturnOrAccept(tree, at('consolidator', 'd'), 'nope')).toBe(false)
  })
})
