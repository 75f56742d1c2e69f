// `POST /api/sheets/:id/import` on the real server (SPEC §5, §6.3): good rows in, bad rows
// reported with their 1-based data row and reasons, nothing else changed; a row whose
// 统一社会信用代码 is already in the sheet updates it; the preview changes nothing and a
// header mapped by hand is used; everything arrives at an open WebsocketProvider in one
// change; a corrupt or foreign file is a clear 400, a huge one 413, a locked sheet 409, a
// user who may not write it 403 — and in each of those cases the sheet is unchanged.
import { withCheckChar } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'
import { DEMO_PASSWORD, demoTree, sheetRows, startDemoServer, upload } from './reportsHelpers'

let server: TestServer
let admin: string
let lead: string
let tree: Awaited<ReturnType<typeof demoTree>>
let gridId: string

const code1 = withCheckChar('91320902MA1AAAA01')
const code2 = withCheckChar('91320902MA1AAAA02')
const code3 = withCheckChar('91320902MA1AAAA03')
const HEADER = '组织名称,统一社会信用代码,组织类别,从业人员数,正式党员数,组建方式,微信群\r\n'
const csv = (...lines: string[]) => Buffer.from('\uFEFF' + HEADER + lines.join('\r\n') + '\r\n')

beforeAll(async () => {
  server = await startDemoServer()
  admin = await server.login('admin', server.adminPassword)
  lead = await server.login('lead2-1', DEMO_PASSWORD)
  tree = await demoTree(server, admin)
  gridId = tree.byName('文苑社区第一网格').id
})
afterAll(() => server?.stop())

async function freshLedger(title: string): Promise<string> {
  const res = await server.api('POST', '/api/sheets', admin, {
    unitId: gridId,
    template: 'ledger',
    title,
  })
  return res.body.id
}

describe('import', () => {
  it('adds good rows, reports bad ones by data row, and updates by credit code', async () => {
    const sheet = await freshLedger('导入校验台账')
    const client = connectSheet(server.wsUrl, sheet, admin)
    try {
      await client.synced
      const first = await upload(
        server,
        sheet,
        lead,
        csv(
          `盐城市甲公司,${code1},非公企业,20,3,单独组建,有`,
          `盐城市乙公司,${code2.toLowerCase()},非公企业,8,0,未建立,`,
          `盐城市丙公司,,非公企业,5,9,联合组建,`,
          ``,
          `,,社会组织,3,0,未建立,`,
          `盐城市丁协会,,社会组织,abc,0,未建立,`,
          `盐城市戊公司,,非公企业,30,1,挂靠组建,`,
        ),
        { name: '台账.csv' },
      )
      expect(first.status).toBe(200)
      expect(first.body.imported).toBe(3)
      expect(first.body.updated).toBe(0)
      expect(first.body.unknown).toEqual(['微信群'])
      expect(first.body.rejected.map((r: { row: number }) => r.row)).toEqual([3, 5, 6])
      const reasons = Object.fromEntries(
        first.body.rejected.map((r: { row: number; reasons: string[] }) => [
          r.row,
          r.reasons.join(' '),
        ]),
      )
      expect(reasons[3]).toMatch(/党员/)
      expect(reasons[5]).toMatch(/组织名称/)
      expect(reasons[6]).toMatch(/从业人员数/)

      const rows = await sheetRows(server, sheet, admin)
      expect(rows.map((r) => r.name)).toEqual(['盐城市甲公司', '盐城市乙公司', '盐城市戊公司'])
      expect(rows[1]!.creditCode).toBe(code2) // normalised on the way in
      // the open client got the rows as well (one relayed change)
      for (let i = 0; i < 100 && client.doc.getMap('rows').size < 3; i++) {
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(client.doc.getMap('rows').size).toBe(3)

      // a second file: 甲 updated by its code, 丙 new, a code repeated within the file rejected
      const second = await upload(
        server,
        sheet,
        lead,
        csv(
          `盐城市甲公司（更名）,${code1},非公企业,25,4,单独组建,`,
          `盐城市己公司,${code3},非公企业,6,0,未建立,`,
          `盐城市庚公司,${code3},非公企业,6,0,未建立,`,
        ),
        { name: '补充.csv' },
      )
      expect(second.status).toBe(200)
      expect(second.body).toMatchObject({ imported: 1, updated: 1 })
      expect(second.body.rejected).toEqual([
        { row: 3, reasons: [expect.stringMatching(/与文件第 2 行重复/)] },
      ])
      const after = await sheetRows(server, sheet, admin)
      expect(after.map((r) => r.name)).toEqual([
        '盐城市甲公司（更名）',
        '盐城市乙公司',
        '盐城市戊公司',
        '盐城市己公司',
      ])
      expect(after[0]).toMatchObject({ id: rows[0]!.id, employees: 25, members: 4 })
    } finally {
      client.destroy()
    }
  })

  it('previews without changing anything, and uses headers mapped by hand', async () => {
    const sheet = await freshLedger('映射台账')
    const file = Buffer.from(
      '企业全称,组织类别,从业人员数,组建方式\r\n盐城市辛公司,非公企业,10,未建立\r\n',
    )
    const preview = await upload(server, sheet, lead, file, { name: 'a.csv', preview: true })
    expect(preview.status).toBe(200)
    expect(preview.body.unknown).toEqual(['企业全称'])
    expect(preview.body.missingRequired.map((m: { column: string }) => m.column)).toEqual(['name'])
    expect(preview.body.mapping.map((m: { column: string | null }) => m.column)).toEqual([
      null,
      'category',
      'employees',
      'orgForm',
    ])
    expect(await sheetRows(server, sheet, admin)).toEqual([])

    const refused = await upload(server, sheet, lead, file, { name: 'a.csv' })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toMatch(/缺少必填列：组织名称/)

    const mapping = { 企业全称: 'name' }
    const mapped = await upload(server, sheet, lead, file, {
      name: 'a.csv',
      mapping,
      preview: true,
    })
    expect(mapped.body.missingRequired).toEqual([])
    expect(mapped.body.rows[0]).toMatchObject({ row: 1, outcome: 'new' })
    expect(await sheetRows(server, sheet, admin)).toEqual([])
    const done = await upload(server, sheet, lead, file, { name: 'a.csv', mapping })
    expect(done.body.imported).toBe(1)
    expect((await sheetRows(server, sheet, admin))[0]!.name).toBe('盐城市辛公司')

    const badMapping = await upload(server, sheet, lead, file, {
      name: 'a.csv',
      mapping: { 企业全称: 'nope' },
    })
    expect(badMapping.status).toBe(400)
  })

  it('refuses corrupt, foreign and oversized files with the sheet unchanged', async () => {
    const sheet = await freshLedger('拒绝台账')
    await upload(server, sheet, lead, csv(`盐城市壬公司,,非公企业,10,0,未建立,`), { name: 'x.csv' })
    const before = await sheetRows(server, sheet, admin)
    expect(before).toHaveLength(1)

    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 7)])
    const r1 = await upload(server, sheet, lead, corrupt, { name: '损坏.xlsx' })
    expect(r1.status).toBe(400)
    expect(r1.body.error.message).toMatch(/损坏.xlsx：无法读取 xlsx 文件/)

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2])
    const r2 = await upload(server, sheet, lead, png, { name: '照片.csv' })
    expect(r2.status).toBe(400)
    expect(r2.body.error.message).toMatch(/不支持的文件类型/)

    const r3 = await upload(server, sheet, lead, Buffer.from('随便写的一行字\n第二行'), {
      name: 'notes.csv',
    })
    expect(r3.status).toBe(400)
    expect(r3.body.error.message).toMatch(/未找到表头/)

    const huge = Buffer.alloc(11 * 1024 * 1024, 0x41)
    const r4 = await upload(server, sheet, lead, huge, { name: 'big.csv' })
    expect(r4.status).toBe(413)
    expect(r4.body.error.message).toMatch(/10 MiB/)

    const r5 = await upload(server, sheet, lead, Buffer.alloc(0), { name: 'empty.csv' })
    expect(r5.status).toBe(400)

    expect(await sheetRows(server, sheet, admin)).toEqual(before)
  })

  it('lets only writers import, and never into a locked (accepted) sheet', async () => {
    const sheet = await freshLedger('权限台账')
    const file = csv(`盐城市癸公司,,非公企业,10,0,未建立,`)
    const reviewer = await server.login('reviewer', DEMO_PASSWORD)
    const sibling = await server.login('lead1-1', DEMO_PASSWORD)
    expect((await upload(server, sheet, reviewer, file, { name: 'a.csv' })).status).toBe(403)
    expect((await upload(server, sheet, sibling, file, { name: 'a.csv' })).status).toBe(403)
    expect(await sheetRows(server, sheet, admin)).toEqual([])

    const accepted = tree.sheets.find((s) => s.template === 'ledger' && s.status === 'accepted')!
    const before = await sheetRows(server, accepted.id, admin)
    const locked = await upload(server, accepted.id, admin, file, { name: 'a.csv' })
    expect(locked.status).toBe(409)
    expect(locked.body.error.message).toMatch(/锁定/)
    expect(await sheetRows(server, accepted.id, admin)).toEqual(before)
  })
})
