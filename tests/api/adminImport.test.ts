// The units and users imports (SPEC §11) against the real server: xlsx and csv
// (UTF-8 with and without BOM, GB18030), preview changes nothing, every bad row with its
// 1-based row number and a Chinese reason, a second run creates nothing, generated
// passwords answered once and must-change at first login, the templates download, and a
// township admin's file cannot reach the other township.
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeGb18030 } from '../cli/fixtures'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'

let server: TestServer
let fx: Fixture
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
}, 180_000)
afterAll(() => server?.stop())

const utf8 = (text: string, bom = false) =>
  new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)])

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('名单')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

async function upload(
  path: string,
  name: string,
  bytes: Uint8Array,
  token: string,
  preview = false,
) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), name)
  if (preview) form.append('preview', '1')
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  return { status: res.status, body: (await res.json()) as any }
}

const unitNames = async () =>
  ((await server.api('GET', '/api/units', fx.tokens.admin)).body.units as { name: string }[]).map(
    (u) => u.name,
  )

describe('POST /api/units/import', { timeout: 120_000 }, () => {
  const csv =
    '区县,乡镇/街道,村/社区,网格\n' +
    '测试区,南街道,幸福社区,幸福社区第一网格\n' +
    '测试区,南街道,幸福社区,幸福社区第二网格\n' +
    '测试区,南街道,,南街道直属网格\n' +
    ',南街道,,缺区县网格\n' +
    '测试区,,,孤儿网格\n' +
    '\n' +
    '测试区,东街道,,一网格\n'

  it('previews without changing anything, with every bad row and its reason', async () => {
    const res = await upload(
      '/api/units/import',
      '单位.csv',
      utf8(csv, true),
      fx.tokens.admin,
      true,
    )
    expect(res.status).toBe(200)
    expect(res.body.preview).toBe(true)
    // 南街道, 幸福社区, two grids, the direct grid: 5 new; 测试区, 东街道, 一网格 exist
    expect(res.body).toMatchObject({ created: 5, existing: 3 })
    expect(res.body.rejected).toEqual([
      { row: 4, reasons: ['缺少区县'] },
      { row: 5, reasons: ['填了网格或村/社区，但缺少乡镇/街道'] },
    ])
    expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'create',
      'create',
      'create',
      'rejected',
      'rejected',
      'existing',
    ])
    expect(await unitNames()).not.toContain('南街道')
  })

  it('creates what is missing, once: the second run finds it all', async () => {
    const first = await upload('/api/units/import', '单位.csv', utf8(csv), fx.tokens.admin)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ created: 5, existing: 3 })
    const units = (await server.api('GET', '/api/units', fx.tokens.admin)).body.units as {
      id: string
      name: string
      parentId: string
      level: string
    }[]
    const byName = (n: string) => units.find((u) => u.name === n)!
    expect(byName('南街道')).toMatchObject({ parentId: fx.units.district, level: 'township' })
    expect(byName('幸福社区')).toMatchObject({ parentId: byName('南街道').id, level: 'community' })
    expect(byName('幸福社区第二网格')).toMatchObject({
      parentId: byName('幸福社区').id,
      level: 'grid',
    })
    expect(byName('南街道直属网格')).toMatchObject({ parentId: byName('南街道').id, level: 'grid' })
    const second = await upload('/api/units/import', '单位.csv', utf8(csv), fx.tokens.admin)
    expect(second.body).toMatchObject({ created: 0, existing: 8 })
    expect((await unitNames()).filter((n) => n === '幸福社区')).toHaveLength(1)
  })

  it('reads xlsx with a title row, and GB18030 csv', async () => {
    const file = await xlsx([
      ['亭湖区单位名单'],
      ['区县', '乡镇/街道', '村/社区', '网格'],
      ['测试区', '北镇', '北村', '北村网格'],
    ])
    const res = await upload('/api/units/import', '单位.xlsx', file, fx.tokens.admin)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ created: 3, existing: 1, rejected: [] })
    const gb = encodeGb18030('区县,乡镇/街道,村/社区,网格\r\n测试区,北镇,北村,北村二网格\r\n')
    const again = await upload('/api/units/import', '单位.csv', gb, fx.tokens.admin)
    expect(again.body).toMatchObject({ created: 1, existing: 3 })
    expect(await unitNames()).toContain('北村二网格')
  })

  it('a township admin’s file reaches only its own township', async () => {
    const file =
      '区县,乡镇/街道,村/社区,网格\n测试区,东街道,,东街道新网格\n测试区,西镇,,越权网格\n测试区,新镇,,新镇网格\n'
    const res = await upload('/api/units/import', '单位.csv', utf8(file), fx.tokens.unitAdmin)
    expect(res.status).toBe(200)
    expect(res.body.created).toBe(1)
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([2, 3])
    expect(res.body.rejected[0].reasons[0]).toContain('不在您管理的范围内')
    const names = await unitNames()
    expect(names).toContain('东街道新网格')
    expect(names).not.toContain('越权网格')
    expect(names).not.toContain('新镇')
    // others may not import at all
    const filler = await upload('/api/units/import', '单位.csv', utf8(file), fx.tokens.filler)
    expect(filler.status).toBe(403)
  })

  it('refuses unusable files with one Chinese line', async () => {
    const noHeader = await upload(
      '/api/units/import',
      'x.csv',
      utf8('甲,乙\n1,2\n'),
      fx.tokens.admin,
    )
    expect(noHeader.status).toBe(400)
    expect(noHeader.body.error.message).toContain('未找到表头')
    const xls = await upload(
      '/api/units/import',
      'x.xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]),
      fx.tokens.admin,
    )
    expect(xls.status).toBe(400)
    const many = '区县,乡镇/街道,网格\n' + '测试区,东街道,网格\n'.repeat(5001)
    const big = await upload('/api/units/import', 'x.csv', utf8(many), fx.tokens.admin)
    expect(big.status).toBe(413)
  })

  it('downloads the empty templates', async () => {
    for (const format of ['xlsx', 'csv']) {
      const res = await fetch(`${server.url}/api/units/import/template?format=${format}`, {
        headers: { authorization: `Bearer ${fx.tokens.admin}` },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('单位导入模板'))
      const bytes = new Uint8Array(await res.arrayBuffer())
      if (format === 'csv') {
        expect(new TextDecoder().decode(bytes)).toBe('区县,乡镇/街道,村/社区,网格\r\n')
      } else {
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.load(bytes as unknown as ArrayBuffer)
        expect(wb.worksheets[0]!.getRow(1).values).toEqual([
          undefined,
          '区县',
          '乡镇/街道',
          '村/社区',
          '网格',
        ])
      }
    }
    const users = await fetch(`${server.url}/api/users/import/template?format=csv`, {
      headers: { authorization: `Bearer ${fx.tokens.unitAdmin}` },
    })
    expect(new TextDecoder().decode(new Uint8Array(await users.arrayBuffer()))).toBe(
      '用户名,姓名,单位,角色,初始密码\r\n',
    )
    const filler = await fetch(`${server.url}/api/users/import/template`, {
      headers: { authorization: `Bearer ${fx.tokens.filler}` },
    })
    expect(filler.status).toBe(403)
  })
})

describe('POST /api/users/import', { timeout: 120_000 }, () => {
  const file = () =>
    xlsx([
      ['用户名', '姓名', '单位', '角色', '初始密码'],
      ['zhang.san', '张三', '东街道/一网格', '填报员', 'Zhangsan-2026'],
      ['li.si', '李四', '东街道/二网格', '组长、填报员', null],
      ['wang.wu', '王五', '东街道', '审核员', null],
      ['bad name', '坏名', '东街道', '填报员', null],
      ['zhao.liu', '', '东街道/一网格', '填报员', null],
      ['qian.qi', '钱七', '东街道/九网格', '填报员', null],
      ['sun.ba', '孙八', '东街道', '国王', null],
      ['zhou.jiu', '周九', '一网格', '填报员', '123'],
      ['filler', '填报员小王', '一网格', '组长', null],
    ])

  it('previews every row, creates nothing and generates no password', async () => {
    const res = await upload(
      '/api/users/import',
      '用户.xlsx',
      await file(),
      fx.tokens.unitAdmin,
      true,
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ preview: true, created: 3, updated: 1, passwords: [] })
    expect(res.body.rejected).toEqual([
      { row: 4, reasons: ['用户名须为 2–64 个字符，不能包含空格或斜杠'] },
      { row: 5, reasons: ['缺少姓名'] },
      { row: 6, reasons: ['找不到单位“东街道/九网格”（或不在您管理的范围内）'] },
      { row: 7, reasons: [expect.stringContaining('角色“国王”无法识别')] },
      { row: 8, reasons: ['初始密码不可用：密码至少需要 8 个字符'] },
    ])
    const list = await server.api('GET', '/api/users?q=zhang', fx.tokens.admin)
    expect(list.body.users).toEqual([])
  })

  it('creates the users, answers generated passwords once, and a second run changes nothing', async () => {
    const res = await upload('/api/users/import', '用户.xlsx', await file(), fx.tokens.unitAdmin)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ created: 3, updated: 1 })
    expect(res.body.passwords.map((p: { username: string }) => p.username).sort()).toEqual([
      'li.si',
      'wang.wu',
    ])
    const li = res.body.passwords.find((p: { username: string }) => p.username === 'li.si')
    const login = await server.api('POST', '/api/login', undefined, {
      username: 'li.si',
      password: li.password,
    })
    expect(login.status).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const zhang = await server.api('POST', '/api/login', undefined, {
      username: 'zhang.san',
      password: 'Zhangsan-2026',
    })
    expect(zhang.body.mustChangePassword).toBe(true)
    const users = (await server.api('GET', '/api/users', fx.tokens.admin)).body.users as {
      username: string
      grants: { unitId: string; role: string }[]
    }[]
    expect(users.find((u) => u.username === 'li.si')!.grants).toEqual(
      expect.arrayContaining([
        { unitId: fx.units.gridA2, role: 'lead' },
        { unitId: fx.units.gridA2, role: 'filler' },
      ]),
    )
    expect(users.find((u) => u.username === 'filler')!.grants).toContainEqual({
      unitId: fx.units.gridA1,
      role: 'lead',
    })
    const again = await upload('/api/users/import', '用户.xlsx', await file(), fx.tokens.unitAdmin)
    expect(again.body).toMatchObject({ created: 0, updated: 0, passwords: [] })
    const audit = JSON.stringify(
      (await server.api('GET', '/api/audit?limit=5000', fx.tokens.admin)).body.entries,
    )
    expect(audit).toContain('users-import')
    expect(audit).not.toContain(li.password)
    expect(audit).not.toContain('Zhangsan-2026')
  })

  it('csv in GB18030 and UTF-8 without BOM; the other township stays out of reach', async () => {
    const text =
      '用户名,姓名,单位,角色\n' +
      'gb.user,国标用户,东街道/一网格,填报员\n' +
      'west.user,西镇人,西镇/三网格,填报员\n' +
      'fillerb2,冒名,三网格,填报员\n'
    const res = await upload(
      '/api/users/import',
      '用户.csv',
      encodeGb18030(text),
      fx.tokens.unitAdmin,
    )
    expect(res.status).toBe(200)
    expect(res.body.created).toBe(1)
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([2, 3])
    expect(JSON.stringify(res.body.rejected)).not.toContain(fx.units.townB)
    // a username taken by someone the township admin cannot see is not named as anybody's
    const taken = await upload(
      '/api/users/import',
      '用户.csv',
      utf8('用户名,姓名,单位,角色\nboss,区组织部,东街道,填报员\n'),
      fx.tokens.unitAdmin,
    )
    expect(taken.body.rejected).toEqual([{ row: 1, reasons: ['用户名“boss”已被使用'] }])
    const boss = (await server.api('GET', '/api/users?q=boss', fx.tokens.admin)).body.users[0]
    expect(boss.grants).not.toContainEqual({ unitId: fx.units.townA, role: 'filler' })
  })
})
