// Picking an organisation for a scoring row by name or credit code (SPEC §2.2).
import { describe, expect, it } from 'vitest'
import { searchOrgs, uniqueOrgs, type LedgerOrg } from './orgSearch'

const orgs: LedgerOrg[] = [
  { name: '盐城华通建材有限公司', creditCode: '91320902MA1XYZ1234', unitName: '一网格' },
  { name: '华通物流', creditCode: '91320902MA2ABC5678', unitName: '二网格' },
  { name: '亭湖区慈善协会', creditCode: null, unitName: '二网格' },
]

describe('searchOrgs', () => {
  it('finds by name (prefix first) or by credit code in any width and case', () => {
    expect(searchOrgs(orgs, '华通').map((o) => o.name)).toEqual([
      '华通物流',
      '盐城华通建材有限公司',
    ])
    expect(searchOrgs(orgs, '９１３２０９０２ma2').map((o) => o.name)).toEqual(['华通物流'])
    expect(searchOrgs(orgs, 'XYZ1234').map((o) => o.name)).toEqual(['盐城华通建材有限公司'])
    expect(searchOrgs(orgs, '慈 善').map((o) => o.name)).toEqual(['亭湖区慈善协会'])
    expect(searchOrgs(orgs, '不存在')).toEqual([])
    expect(searchOrgs(orgs, '')).toHaveLength(3)
  })

  it('keeps one entry per credit code (or name without one)', () => {
    const twice = [...orgs, { ...orgs[0]!, unitName: '三网格' }, { ...orgs[2]! }]
    expect(uniqueOrgs(twice)).toHaveLength(3)
  })
})
