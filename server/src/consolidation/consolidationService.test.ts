// The 汇总 service on an in-memory database: direct children only, each rolling up its
// whole subtree; accepted sheets by default, submitted ones too with `latest` (flagged);
// drafts and grids with no sheet listed as 未报送, returned ones as 已退回; errorRows
// counted; a sheet changed in storage is read again (the per-sheet cache follows the log).
import {
  appendRows,
  ledgerIndicators,
  SCHEMA_VERSION,
  setCell,
  UnitTree,
  writeMeta,
  type Row,
  type SheetStatus,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../storage/sqlite/db'
import { sqliteMetaStore } from '../storage/sqlite/sqliteMetaStore'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { ConsolidationService } from './consolidationService'
import { StoredSheets } from './storedSheets'

const org = (id: string, employees: number, orgForm = '单独组建', members = 3): Row => ({
  id,
  name: `${id}公司`,
  category: '非公企业',
  employees,
  members,
  orgForm,
})

async function setup() {
  const db = openDatabase(':memory:')
  const store = sqliteMetaStore(db)
  const docs = new SqliteDocStore(db)
  const unit = (name: string, parentId: string | null, level: 'district' | 'township' | 'grid') =>
    store.units.create({ name, parentId, level })
  const district = await unit('区', null, 'district')
  const townA = await unit('甲街道', district.id, 'township')
  const townB = await unit('乙镇', district.id, 'township')
  const a1 = await unit('甲一网格', townA.id, 'grid')
  const a2 = await unit('甲二网格', townA.id, 'grid')
  const b1 = await unit('乙一网格', townB.id, 'grid')
  const b2 = await unit('乙二网格', townB.id, 'grid') // no sheet at all
  const docsById = new Map<string, Y.Doc>()
  const sheet = async (id: string, unitId: string, status: SheetStatus, rows: Row[]) => {
    await store.sheets.create({ id, unitId, template: 'ledger', title: id, createdBy: null })
    const doc = new Y.Doc()
    writeMeta(doc, { template: 'ledger', title: id, unitId, schemaVersion: SCHEMA_VERSION })
    appendRows(doc, rows)
    docsById.set(id, doc)
    await docs.append(id, Y.encodeStateAsUpdate(doc), null, new Date())
    if (status !== 'draft') {
      await store.sheets.transition(id, 'draft', 'submitted', { action: 'submit', userId: null })
    }
    if (status === 'accepted' || status === 'returned') {
      await store.sheets.transition(id, 'submitted', status, { action: status, userId: null })
    }
  }
  await sheet('sA1', a1.id, 'accepted', [org('a', 10), org('b', 2, '单独组建', 9)]) // b: error row
  await sheet('sA2', a2.id, 'submitted', [org('c', 60, '未建立', 0)])
  await sheet('sB1', b1.id, 'returned', [org('d', 5)])
  const service = new ConsolidationService({
    store,
    sheets: new StoredSheets({ docs, getDoc: () => new Y.Doc() }),
  })
  const tree = new UnitTree(await store.units.list())
  const edit = async (id: string, fn: (doc: Y.Doc) => void) => {
    const doc = docsById.get(id)!
    const before = Y.encodeStateVector(doc)
    fn(doc)
    await docs.append(id, Y.encodeStateAsUpdate(doc, before), null, new Date())
  }
  return { service, tree, district, townA, townB, b2, edit }
}

describe('ConsolidationService', () => {
  it('rolls grids up into their township, accepted sheets only by default', async () => {
    const { service, tree, district, townA, townB, b2 } = await setup()
    const result = await service.consolidate(tree, district.id, {
      template: 'ledger',
      state: 'accepted',
    })
    if (result.template !== 'ledger') throw new Error('ledger expected')
    expect(result.units.map((u) => u.unitId)).toEqual([townA.id, townB.id])
    const [a, b] = result.units
    expect(a).toMatchObject({ unit: '甲街道', orgCount: 2, employees: 12, errorRows: 1 })
    expect(a!.pending.map((s) => s.id)).toEqual(['sA2'])
    expect(b).toMatchObject({ orgCount: 0, errorRows: 0 })
    expect(b!.returned.map((s) => s.id)).toEqual(['sB1'])
    expect(b!.missing).toEqual([
      { unitId: b2.id, unitName: '乙二网格', sheetId: null, title: null, status: 'none' },
    ])
    expect(result.total).toMatchObject({ orgCount: 2, errorRows: 1 })
  })

  it('counts submitted sheets with state=latest, flagged as not accepted', async () => {
    const { service, tree, district } = await setup()
    const result = await service.consolidate(tree, district.id, {
      template: 'ledger',
      state: 'latest',
    })
    if (result.template !== 'ledger') throw new Error('ledger expected')
    const a = result.units[0]!
    expect(a.notAccepted).toBe(true)
    expect(a.sheets.find((s) => s.id === 'sA2')?.notAccepted).toBe(true)
    const expected = ledgerIndicators([
      org('a', 10),
      org('b', 2, '单独组建', 9),
      org('c', 60, '未建立', 0),
    ])
    expect(a.over50WithMemberRate).toEqual(expected.over50WithMemberRate)
    expect(a.orgCount).toBe(3)
  })

  it('reads a sheet again after it changed in storage, and drills down per sheet', async () => {
    const { service, tree, district, townA, edit } = await setup()
    const query = { template: 'ledger', state: 'accepted' } as const
    const first = await service.consolidate(tree, district.id, query)
    await edit('sA1', (doc) => setCell(doc, 'a', 'employees', 110))
    const second = await service.consolidate(tree, district.id, query)
    if (first.template !== 'ledger' || second.template !== 'ledger') throw new Error('ledger')
    expect(second.units[0]!.employees).toBe(first.units[0]!.employees + 100)
    const rows = await service.drillDown(tree, district.id, {
      ...query,
      indicator: 'orgCoverage',
      child: townA.id,
      part: 'den',
    })
    expect(rows.map((r) => [r.sheetId, r.rowId, r.name])).toEqual([
      ['sA1', 'a', 'a公司'],
      ['sA1', 'b', 'b公司'],
    ])
    await expect(
      service.drillDown(tree, district.id, { ...query, indicator: 'nonsense' }),
    ).rejects.toThrow(/未知的汇总指标/)
  })
})
