// Server-side findings follow the live document: built from the whole sheet on first
// use, then kept current from the changed rows (debounced), and always current when
// asked — on the real RoomManager and SQLite update log.
import { insertRow, setCell, deleteRow, writeMeta, SCHEMA_VERSION } from '@taizhang/schema'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { SqliteDocStore } from '../storage/sqlite/SqliteDocStore'
import { RoomManager } from '../sync/RoomManager'
import { FindingsService } from './findingsService'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

function setup(debounceMs = 20) {
  const db = openDatabase(':memory:')
  let findings: FindingsService | null = null
  const rooms = new RoomManager({
    store: new SqliteDocStore(db),
    onDocChanged: (id, doc, rows) => findings?.onDocChanged(id, doc, rows),
  })
  findings = new FindingsService({ getDoc: (id) => rooms.getDoc(id), debounceMs })
  const service = findings
  cleanups.push(async () => {
    service.close()
    await rooms.close()
    db.close()
  })
  const sheet = async (template: 'ledger' | 'scoring' | 'report') => {
    const id = `sheet-${template}-${cleanups.length}`
    await rooms.applyServerChange(id, null, (doc) =>
      writeMeta(doc, { template, title: 't', unitId: 'u', schemaVersion: SCHEMA_VERSION }),
    )
    return id
  }
  return { rooms, findings: service, sheet }
}

const rulesOf = (list: { rule: string }[]) => list.map((f) => f.rule).sort()

describe('FindingsService', () => {
  it('validates the stored rows on first use', async () => {
    const { rooms, findings, sheet } = setup()
    const id = await sheet('ledger')
    await rooms.applyServerChange(id, 'u1', (doc) => {
      insertRow(doc, {
        name: '甲公司',
        category: '非公企业',
        employees: 2,
        members: 2,
        probationary: 1,
        orgForm: '联合组建',
      })
    })
    expect(rulesOf(await findings.findings(id))).toEqual(['members-exceed-employees'])
  })

  it('follows later changes: right away when asked, and by itself after the debounce', async () => {
    const { rooms, findings, sheet } = setup()
    const id = await sheet('ledger')
    let rowId = ''
    await rooms.applyServerChange(id, 'u1', (doc) => {
      rowId = insertRow(doc, {
        name: '乙公司',
        category: '非公企业',
        employees: 10,
        orgForm: '未建立',
        instructor: '王',
      })
    })
    expect(await findings.findings(id)).toEqual([])
    await rooms.applyServerChange(id, 'u1', (doc) => setCell(doc, rowId, 'members', 11))
    expect(rulesOf(await findings.findings(id))).toEqual([
      'members-exceed-employees',
      'should-build-single',
    ])
    await rooms.applyServerChange(id, 'u1', (doc) => setCell(doc, rowId, 'employees', 20))
    await new Promise((r) => setTimeout(r, 60))
    expect(rulesOf(await findings.findings(id))).toEqual(['should-build-single'])
    await rooms.applyServerChange(id, 'u1', (doc) => deleteRow(doc, rowId))
    expect(await findings.findings(id)).toEqual([])
  })

  it('a report sheet has no findings', async () => {
    const { findings, sheet } = setup()
    expect(await findings.findings(await sheet('report'))).toEqual([])
  })
})
