// 整改台账 (SPEC §9) against a real server: generation is idempotent and takes only the rows the
// template says need rectification, each item's grid is found by credit code in the ledgers
// (none or several: the team lead sets it), accepting a scoring sheet generates too; every
// transition with the roles §9 names (403 wrong role, 409 wrong state, 422 an incomplete submit),
// each logged in the item's events and in the audit log; only the grid, units above it and the
// team read an item (404 for anyone else).
import { pdfText } from '@taizhang/server/test'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditActions,
  seedFixture,
  startTestServer,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import {
  CODE_A1,
  photo,
  scores,
  seedRectificationFixture,
  upload,
  writeRows,
  type RectificationFixture,
} from '../helpers/rectification'

let server: TestServer
let fx: Fixture
let rx: RectificationFixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  rx = await seedRectificationFixture(server, fx)
})
afterAll(async () => {
  await server?.stop()
})

const items = async (token: string, query: string) =>
  (await server.api('GET', `/api/rectifications?${query}`, token)).body.items as any[]
const byRow = async (rowId: string) =>
  (await items(fx.tokens.admin, `unit=${fx.units.district}`)).find((i) => i.rowId === rowId)
const act = (token: string, id: string, action: string, body?: unknown) =>
  server.api('POST', `/api/rectifications/${id}/${action}`, token, body)

describe('generation', () => {
  it('only the team lead generates; others get 403, a sheet they cannot read 404', async () => {
    const filler = await server.api('POST', '/api/rectifications/generate', rx.tokens.teamFiller, {
      sheetId: rx.scoring,
    })
    expect(filler.status).toBe(403)
    const outsider = await server.api('POST', '/api/rectifications/generate', fx.tokens.filler, {
      sheetId: rx.scoring,
    })
    expect(outsider.status).toBe(404)
    const ledger = await server.api('POST', '/api/rectifications/generate', fx.tokens.lead, {
      sheetId: fx.sheets.sheetA1,
    })
    expect(ledger.status).toBe(400)
  })

  it('one item per row that needs it, idempotent', async () => {
    const first = await server.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, {
      sheetId: rx.scoring,
    })
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ created: 4, existing: 0 })
    const again = await server.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, {
      sheetId: rx.scoring,
    })
    expect(again.body).toEqual({ created: 0, existing: 4 })
    const all = await items(rx.tokens.teamLead, `unit=${rx.team}`)
    expect(all.map((i) => i.rowId).sort()).toEqual(['a1', 'nowhere', 'overdue', 'twice'])
  })

  it('copies the row and finds the grid by credit code; none or several leave it unset', async () => {
    const a1 = await byRow('a1')
    expect(a1).toMatchObject({
      sheetId: rx.scoring,
      org: '甲公司',
      creditCode: CODE_A1,
      unitId: fx.units.gridA1,
      problems: '无党组织标志；经费不足',
      requirement: '设立标志，按比例落实经费',
      deadline: '2099-06-30',
      status: 'open',
      overdue: false,
      progress: '',
      evidence: [],
    })
    expect(a1.criteria).toEqual([
      { id: 'sign', label: '标志', max: 3, score: 1 },
      { id: 'funds', label: '活动经费不少于工资总额0.5%', max: 10, score: 6 },
    ])
    expect(a1.events).toMatchObject([{ action: 'generate', by: { username: 'teamlead' } }])
    expect((await byRow('twice')).unitId).toBeNull()
    expect((await byRow('nowhere')).unitId).toBeNull()
    expect((await byRow('overdue')).overdue).toBe(true)
  })

  it('accepting a scoring sheet generates its items', async () => {
    const created = await server.api('POST', '/api/sheets', rx.tokens.teamLead, {
      unitId: rx.team,
      template: 'scoring',
      title: '复查评分表',
    })
    const sheetId = created.body.id as string
    await writeRows(server, sheetId, rx.tokens.teamLead, [
      {
        id: 'again',
        org: '甲公司',
        creditCode: CODE_A1,
        date: '2026-01-05',
        ...scores({ meetings: 8 }),
        problems: '三会一课记录不全',
      },
      { id: 'ok', org: '满分公司', ...scores() },
    ])
    expect(
      (await server.api('POST', `/api/sheets/${sheetId}/submit`, rx.tokens.teamLead)).status,
    ).toBe(200)
    const accept = await server.api('POST', `/api/sheets/${sheetId}/accept`, fx.tokens.boss)
    expect(accept.status).toBe(200)
    const made = (await items(fx.tokens.admin, `unit=${rx.team}`)).filter(
      (i) => i.sheetId === sheetId,
    )
    expect(made.map((i) => [i.rowId, i.unitId])).toEqual([['again', fx.units.gridA1]])
    const again = await server.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, {
      sheetId,
    })
    expect(again.body).toEqual({ created: 0, existing: 1 })
  })
})

describe('reading', () => {
  it('the grid, the units above it and the team read an item; a sibling grid gets 404', async () => {
    const a1 = await byRow('a1')
    for (const token of [
      fx.tokens.filler,
      fx.tokens.lead,
      fx.tokens.consolidator,
      fx.tokens.reviewer,
      rx.tokens.teamFiller,
    ]) {
      expect((await server.api('GET', `/api/rectifications/${a1.id}`, token)).status).toBe(200)
    }
    const outsider = await server.api('GET', `/api/rectifications/${a1.id}`, rx.tokens.gridB1Filler)
    expect(outsider.status).toBe(404)
    expect(JSON.stringify(outsider.body)).not.toContain('甲公司')
    expect((await server.api('GET', '/api/rectifications/nope', fx.tokens.filler)).status).toBe(404)
    // the grid's list holds its items, not the team's others
    const mine = await items(fx.tokens.filler, `unit=${fx.units.gridA1}`)
    expect(mine.map((i) => i.rowId).sort()).toEqual(['a1', 'again', 'overdue'])
    const theirs = await items(rx.tokens.gridB1Filler, `unit=${fx.units.gridB1}`)
    expect(theirs).toEqual([])
    const forbidden = await server.api(
      'GET',
      `/api/rectifications?unit=${fx.units.gridA1}`,
      rx.tokens.gridB1Filler,
    )
    expect(forbidden.status).toBe(403)
  })

  it('filters by status and 逾期', async () => {
    const overdue = await items(fx.tokens.filler, `unit=${fx.units.gridA1}&overdue=1`)
    expect(overdue.map((i) => i.rowId)).toEqual(['overdue'])
    const open = await items(fx.tokens.filler, `unit=${fx.units.gridA1}&status=open`)
    expect(open.length).toBe(3)
    expect(
      (
        await server.api(
          'GET',
          `/api/rectifications?unit=${fx.units.gridA1}&status=x`,
          fx.tokens.filler,
        )
      ).status,
    ).toBe(400)
  })
})

describe('life cycle', () => {
  it('start, submit, reject, submit, close, reopen with the roles of §9', async () => {
    const { id } = await byRow('a1')
    // only the grid's fillers and leads start
    expect((await act(rx.tokens.teamLead, id, 'start')).status).toBe(403)
    expect((await act(fx.tokens.reviewer, id, 'start')).status).toBe(403)
    expect((await act(fx.tokens.filler, id, 'close')).status).toBe(403)
    expect((await act(fx.tokens.filler, id, 'submit')).status).toBe(409)
    const started = await act(fx.tokens.filler, id, 'start')
    expect(started.status).toBe(200)
    expect(started.body.status).toBe('inProgress')
    expect((await act(fx.tokens.filler, id, 'start')).status).toBe(409)

    // submit needs 整改情况 and an uploaded 佐证材料
    const noProgress = await act(fx.tokens.filler, id, 'submit')
    expect(noProgress.status).toBe(422)
    expect(noProgress.body.error.message).toContain('整改情况')
    const patched = await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      progress: '已设立标志，经费已落实',
    })
    expect(patched.status).toBe(200)
    expect(patched.body.progress).toBe('已设立标志，经费已落实')
    expect((await act(fx.tokens.filler, id, 'submit')).status).toBe(422)
    const pending = 'f'.repeat(64)
    await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      evidence: [pending],
    })
    const notUploaded = await act(fx.tokens.filler, id, 'submit')
    expect(notUploaded.status).toBe(422)
    expect(notUploaded.body.error.message).toContain('没有上传')
    const up = await upload(server, fx.tokens.filler, photo(3))
    expect(up.status).toBe(201)
    await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      evidence: [up.body.id],
    })
    const submitted = await act(fx.tokens.lead, id, 'submit')
    expect(submitted.status).toBe(200)
    expect(submitted.body.status).toBe('submitted')
    // submitted: nothing to edit any more
    const late = await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      progress: '改',
    })
    expect(late.status).toBe(409)

    // a consolidator above the grid rejects, with a reason
    expect((await act(fx.tokens.consolidator, id, 'reject')).status).toBe(400)
    const rejected = await act(fx.tokens.consolidator, id, 'reject', { reason: '照片不清楚' })
    expect(rejected.status).toBe(200)
    expect(rejected.body.status).toBe('inProgress')
    expect((await act(fx.tokens.filler, id, 'submit')).body.status).toBe('submitted')

    // the team lead closes; a team filler may not
    expect((await act(rx.tokens.teamFiller, id, 'close')).status).toBe(403)
    const closed = await act(rx.tokens.teamLead, id, 'close', { note: '现场核实' })
    expect(closed.status).toBe(200)
    expect(closed.body.status).toBe('closed')
    expect(closed.body.closedAt).toBeTruthy()
    expect((await act(rx.tokens.teamLead, id, 'close')).status).toBe(409)
    expect((await act(rx.tokens.teamLead, id, 'reopen')).status).toBe(400)
    const reopened = await act(rx.tokens.teamLead, id, 'reopen', { reason: '复查发现标志被拆' })
    expect(reopened.body.status).toBe('inProgress')

    const events = reopened.body.events.map((e: any) => [e.action, e.by?.username, e.note])
    expect(events).toEqual([
      ['generate', 'teamlead', null],
      ['start', 'filler', null],
      ['edit', 'filler', '修改了整改情况'],
      ['edit', 'filler', '修改了佐证材料（1 份）'],
      ['edit', 'filler', '修改了佐证材料（1 份）'],
      ['submit', 'lead', null],
      ['reject', 'consolidator', '照片不清楚'],
      ['submit', 'filler', null],
      ['close', 'teamlead', '现场核实'],
      ['reopen', 'teamlead', '复查发现标志被拆'],
    ])
    const audit = await auditActions(server)
    for (const a of ['generate', 'start', 'submit', 'reject', 'close', 'reopen', 'edit']) {
      expect(audit).toContain(`rectification-${a}`)
    }
  })

  it('an item without a grid: nobody starts it until the team lead sets one', async () => {
    const { id } = await byRow('twice')
    // not yet theirs: the grid's users do not even see it; the team sees it but may not start it
    expect((await act(fx.tokens.filler, id, 'start')).status).toBe(404)
    expect((await act(rx.tokens.teamFiller, id, 'start')).status).toBe(403)
    const byFiller = await server.api('PATCH', `/api/rectifications/${id}`, rx.tokens.teamFiller, {
      unitId: fx.units.gridA2,
    })
    expect(byFiller.status).toBe(403)
    // the grids the team lead may choose from: the inspected area's, with their path
    const choices = await server.api('GET', `/api/rectifications/${id}/units`, rx.tokens.teamLead)
    expect(choices.status).toBe(200)
    const ids = choices.body.units.map((u: { id: string }) => u.id)
    expect(ids).toEqual(expect.arrayContaining([fx.units.gridA1, fx.units.gridA2, fx.units.gridB1]))
    expect(ids).not.toContain(fx.units.townA)
    expect(choices.body.units.find((u: { id: string }) => u.id === fx.units.gridA1).path).toBe(
      '测试区 / 东街道 / 一网格',
    )
    expect(
      (await server.api('GET', `/api/rectifications/${id}/units`, rx.tokens.teamFiller)).status,
    ).toBe(403)
    const unknown = await server.api('PATCH', `/api/rectifications/${id}`, rx.tokens.teamLead, {
      unitId: 'no-such-unit',
    })
    expect(unknown.status).toBe(400)
    const set = await server.api('PATCH', `/api/rectifications/${id}`, rx.tokens.teamLead, {
      unitId: fx.units.gridA1,
    })
    expect(set.status).toBe(200)
    expect(set.body.unitId).toBe(fx.units.gridA1)
    expect(set.body.events.at(-1)).toMatchObject({ action: 'assign', note: '责任单位：一网格' })
    expect((await act(fx.tokens.filler, id, 'start')).status).toBe(200)
  })

  it('bounds what a user writes', async () => {
    const { id } = await byRow('overdue')
    const long = await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      progress: '字'.repeat(5001),
    })
    expect(long.status).toBe(400)
    const many = await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      evidence: Array.from({ length: 21 }, (_, i) => i.toString(16).padStart(64, '0')),
    })
    expect(many.status).toBe(400)
    const notId = await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      evidence: ['../../etc/passwd'],
    })
    expect(notId.status).toBe(400)
    const reason = await act(fx.tokens.filler, id, 'start', { note: '字'.repeat(1001) })
    expect(reason.status).toBe(400)
  })
})

describe('待办 (SPEC §8): rectify and verify', () => {
  const tasksOf = async (token: string) =>
    ((await server.api('GET', '/api/me/tasks', token)).body.tasks as any[]).filter(
      (t) => t.kind === 'rectify' || t.kind === 'verify',
    )

  it("the grid's users see what to fix (overdue first), the verifiers what to check", async () => {
    const item = await byRow('overdue')
    const before = await tasksOf(fx.tokens.filler)
    expect(before[0]).toMatchObject({
      kind: 'rectify',
      itemId: item.id,
      title: '丁公司 待整改',
      unitId: fx.units.gridA1,
      due: '2020-01-31',
      overdue: true,
    })
    expect(before.every((t) => t.kind === 'rectify')).toBe(true)
    expect(await tasksOf(rx.tokens.gridB1Filler)).toEqual([])

    await act(fx.tokens.filler, item.id, 'start')
    const up = await upload(server, fx.tokens.filler, photo(9))
    await server.api('PATCH', `/api/rectifications/${item.id}`, fx.tokens.filler, {
      progress: '已悬挂党旗',
      evidence: [up.body.id],
    })
    expect((await act(fx.tokens.filler, item.id, 'submit')).status).toBe(200)
    expect((await tasksOf(fx.tokens.filler)).map((t) => t.itemId)).not.toContain(item.id)
    for (const token of [rx.tokens.teamLead, fx.tokens.consolidator]) {
      expect(await tasksOf(token)).toContainEqual(
        expect.objectContaining({ kind: 'verify', itemId: item.id, title: '丁公司 待验收' }),
      )
    }
    expect((await tasksOf(rx.tokens.teamFiller)).map((t) => t.itemId)).not.toContain(item.id)

    await act(fx.tokens.consolidator, item.id, 'reject', { reason: '党旗位置不规范' })
    expect(await tasksOf(fx.tokens.lead)).toContainEqual(
      expect.objectContaining({
        kind: 'rectify',
        itemId: item.id,
        status: 'rejected',
        message: '驳回原因：党旗位置不规范',
      }),
    )
    expect((await tasksOf(rx.tokens.teamLead)).map((t) => t.itemId)).not.toContain(item.id)
  })
})

describe('汇总 and the 整改台账 export', () => {
  it('the ledger 汇总 adds 整改完成率 and 逾期数 per child unit and in the total', async () => {
    const res = await server.api(
      'GET',
      `/api/units/${fx.units.townA}/consolidation?template=ledger&round=all`,
      fx.tokens.consolidator,
    )
    expect(res.status).toBe(200)
    const all = await items(fx.tokens.consolidator, `unit=${fx.units.gridA1}`)
    const closed = all.filter((i) => i.status === 'closed').length
    const overdue = all.filter((i) => i.overdue).length
    const grid = res.body.units.find((u: any) => u.unitId === fx.units.gridA1)
    expect(grid.rectificationRate).toMatchObject({ num: closed, den: all.length })
    expect(grid.rectificationOverdue).toBe(overdue)
    expect(overdue).toBeGreaterThan(0)
    const other = res.body.units.find((u: any) => u.unitId === fx.units.gridA2)
    expect(other.rectificationRate).toEqual({ num: 0, den: 0, pct: null })
    expect(res.body.total.rectificationRate.den).toBe(all.length)
  })

  it('exports the §9 columns; text that looks like a formula stays text', async () => {
    const { id } = await byRow('twice')
    await server.api('PATCH', `/api/rectifications/${id}`, fx.tokens.filler, {
      progress: '=HYPERLINK("http://example.invalid","点我")',
    })
    const res = await fetch(
      `${server.url}/api/units/${fx.units.townA}/rectifications/export?format=xlsx`,
      { headers: { authorization: `Bearer ${fx.tokens.consolidator}` } },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '序号',
      '组织名称',
      '存在问题',
      '整改要求',
      '整改期限',
      '责任单位',
      '整改情况',
      '状态',
      '销号时间',
      '佐证材料数',
    ])
    const rows: unknown[][] = []
    let formulas = 0
    ws.eachRow((row, n) => {
      if (n <= 3) return
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas++
      })
      rows.push((row.values as unknown[]).slice(1))
    })
    expect(formulas).toBe(0)
    const twice = rows.find((r) => r[1] === '乙公司')!
    expect(twice[6]).toBe('=HYPERLINK("http://example.invalid","点我")')
    expect(twice[5]).toBe('一网格')
    const late = rows.find((r) => r[1] === '丁公司')!
    expect(late[7]).toBe('整改中（逾期）')
    expect(late[8]).toBe('')
    expect(late[9]).toBe(1)
    // a sibling township's user may not export it
    const outsider = await server.api(
      'GET',
      `/api/units/${fx.units.townA}/rectifications/export?format=xlsx`,
      rx.tokens.gridB1Filler,
    )
    expect(outsider.status).toBe(403)
  })

  it('the 督查反馈单 PDF shows each item with its status and photo thumbnails', async () => {
    const res = await fetch(`${server.url}/api/sheets/${rx.scoring}/export?format=pdf`, {
      headers: { authorization: `Bearer ${rx.tokens.teamLead}` },
    })
    expect(res.status).toBe(200)
    const pdf = new Uint8Array(await res.arrayBuffer())
    const text = pdfText(pdf)
    expect(text).toContain('督查反馈单')
    expect(text).toContain('整改状态')
    expect(text).toContain('整改中（逾期）')
    expect(text).toContain('已悬挂党旗')
    // the photos of 甲公司 and 丁公司 are drawn (PNG image XObjects)
    const images =
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\/Subtype\s*\/Image/g) ?? []
    expect(images.length).toBeGreaterThanOrEqual(2)
  })
})
