// The role rules of SPEC §1 and §3 as pure functions: inheritance down the tree, the
// consolidator "of a unit above", read-only reviewers and locked sheets; and which workflow
// buttons the web app offers, from the same rules.
import { describe, expect, it } from 'vitest'
import type { Unit } from '../wire/units'
import type { User } from '../wire/users'
import {
  canAdminister,
  canCreateSheet,
  canRead,
  canReturnOrAccept,
  canSubmit,
  canWrite,
  sheetAbilities,
  sheetAccessLevel,
} from './permissions'
import type { Grant, Role } from './roles'
import { UnitTree } from './unitTree'

const unit = (id: string, parentId: string | null, level: Unit['level']): Unit => ({
  id,
  name: id,
  parentId,
  level,
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
    expect(sheetAccessLevel(tree, r, { unitId: 'gB1', status: 'draft' })).toBe('read')
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
    expect(sheetAccessLevel(tree, at('lead', 'gA1'), { unitId: 'gA1', status: 'accepted' })).toBe(
      'read',
    )
    expect(sheetAccessLevel(tree, at('lead', 'gA1'), { unitId: 'gA1', status: 'returned' })).toBe(
      'write',
    )
    expect(sheetAccessLevel(tree, at('lead', 'gA1'), { unitId: 'gB1', status: 'draft' })).toBe(
      'none',
    )
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

  it('an unknown unit grants nothing', () => {
    expect(canRead(tree, user([], true), 'nope')).toBe(false)
    expect(canReturnOrAccept(tree, at('consolidator', 'd'), 'nope')).toBe(false)
  })
})

const units = new UnitTree<Unit>([
  { id: 'd', name: '示范区', parentId: null, level: 'district' },
  { id: 't', name: '城关街道', parentId: 'd', level: 'township' },
  { id: 'g', name: '第一网格', parentId: 't', level: 'grid' },
])
const holder = (grants: User['grants']): User => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  grants,
})

describe('sheetAbilities', () => {
  it('lets a lead of the grid submit a draft but not accept it', () => {
    const a = sheetAbilities(units, holder([{ unitId: 'g', role: 'lead' }]), 'g', 'draft')
    expect(a).toMatchObject({ edit: true, submit: true, returnOrAccept: false })
  })
  it('lets a consolidator of the township (above) return or accept a submitted sheet', () => {
    const a = sheetAbilities(
      units,
      holder([{ unitId: 't', role: 'consolidator' }]),
      'g',
      'submitted',
    )
    expect(a).toMatchObject({ submit: false, returnOrAccept: true, reopen: false })
  })
  it('does not let a consolidator of the sheet’s own unit accept', () => {
    const a = sheetAbilities(
      units,
      holder([{ unitId: 'g', role: 'consolidator' }]),
      'g',
      'submitted',
    )
    expect(a.returnOrAccept).toBe(false)
  })
  it('makes an accepted sheet read-only for everyone, reopenable from above', () => {
    const lead = sheetAbilities(units, holder([{ unitId: 'g', role: 'lead' }]), 'g', 'accepted')
    expect(lead.edit).toBe(false)
    const cons = sheetAbilities(
      units,
      holder([{ unitId: 'd', role: 'consolidator' }]),
      'g',
      'accepted',
    )
    expect(cons).toMatchObject({ edit: false, reopen: true })
  })
  it('never lets a reviewer or a filler submit', () => {
    expect(
      sheetAbilities(units, holder([{ unitId: 'd', role: 'reviewer' }]), 'g', 'draft'),
    ).toMatchObject({ edit: false, submit: false })
    expect(
      sheetAbilities(units, holder([{ unitId: 'g', role: 'filler' }]), 'g', 'draft'),
    ).toMatchObject({ edit: true, submit: false })
  })
})
