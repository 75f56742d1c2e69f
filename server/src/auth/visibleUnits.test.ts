// The units a user sees (SPEC §6.3): its own subtrees in full, the path above as names only.
import { UnitTree, type Grant, type Role } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import type { Unit } from '../storage/UnitStore'
import type { User } from '../storage/UserStore'
import { visibleUnits } from './visibleUnits'

// a district, two townships, three grids: [id, parent, level]
const tree = new UnitTree<Unit>(
  (
    [
      ['d', null, 'district'],
      ['tA', 'd', 'township'],
      ['tB', 'd', 'township'],
      ['gA1', 'tA', 'grid'],
      ['gA2', 'tA', 'grid'],
      ['gB1', 'tB', 'grid'],
    ] as const
  ).map(([id, parentId, level]) => ({ id, name: id, parentId, level, createdAt: '' })),
)
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

describe('visibleUnits', () => {
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
})
