// Which workflow buttons the web app offers (api/permissions), per SPEC §1 and §3.
import { describe, expect, it } from 'vitest'
import { sheetAbilities } from './permissions'
import type { Unit, User } from './types'

const units: Unit[] = [
  { id: 'd', name: '示范区', parentId: null, level: 'district' },
  { id: 't', name: '城关街道', parentId: 'd', level: 'township' },
  { id: 'g', name: '第一网格', parentId: 't', level: 'grid' },
]
const user = (grants: User['grants']): User => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  grants,
})

describe('sheetAbilities', () => {
  it('lets a lead of the grid submit a draft but not accept it', () => {
    const a = sheetAbilities(units, user([{ unitId: 'g', role: 'lead' }]), 'g', 'draft')
    expect(a).toMatchObject({ edit: true, submit: true, returnOrAccept: false })
  })
  it('lets a consolidator of the township (above) return or accept a submitted sheet', () => {
    const a = sheetAbilities(units, user([{ unitId: 't', role: 'consolidator' }]), 'g', 'submitted')
    expect(a).toMatchObject({ submit: false, returnOrAccept: true, reopen: false })
  })
  it('does not let a consolidator of the sheet’s own unit accept', () => {
    const a = sheetAbilities(units, user([{ unitId: 'g', role: 'consolidator' }]), 'g', 'submitted')
    expect(a.returnOrAccept).toBe(false)
  })
  it('makes an accepted sheet read-only for everyone, reopenable from above', () => {
    const lead = sheetAbilities(units, user([{ unitId: 'g', role: 'lead' }]), 'g', 'accepted')
    expect(lead.edit).toBe(false)
    const cons = sheetAbilities(
      units,
      user([{ unitId: 'd', role: 'consolidator' }]),
      'g',
      'accepted',
    )
    expect(cons).toMatchObject({ edit: false, reopen: true })
  })
  it('never lets a reviewer or a filler submit', () => {
    expect(
      sheetAbilities(units, user([{ unitId: 'd', role: 'reviewer' }]), 'g', 'draft'),
    ).toMatchObject({ edit: false, submit: false })
    expect(
      sheetAbilities(units, user([{ unitId: 'g', role: 'filler' }]), 'g', 'draft'),
    ).toMatchObject({ edit: true, submit: false })
  })
})
