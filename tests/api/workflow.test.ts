// The workflow of SPEC §3 against the real server: only a lead submits, `error` findings
// block a submit (422 with the list), return/reopen need a reason, accept locks the sheet
// for every sync connection (also after a restart), and every transition is logged.
import { insertRow, setCell } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditActions,
  seedFixture,
  startTestServer,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor, type SheetClient } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
let sheetId: string
let filler: SheetClient
let badRow: string

const act = (action: string, token: string, body: unknown = {}) =>
  server.api('POST', `/api/sheets/${sheetId}/${action}`, token, body)
const rowsOf = async (id = sheetId) =>
  (await server.api('GET', `/api/sheets/${id}/rows`, fx.tokens.admin)).body.rows as Record<
    string,
    unknown
  >[]

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  sheetId = fx.sheets.sheetA1
  filler = connectSheet(server.wsUrl, sheetId, fx.tokens.filler)
  await filler.synced
  insertRow(filler.doc, {
    name: '盐城市新河机械有限公司',
    category: '非公企业',
    employees: 40,
    members: 2,
    probationary: 0,
    orgForm: '联合组建',
  })
  // 5 + 1 members among 3 employees, and 单独组建 with too few: two `error` findings
  badRow = insertRow(filler.doc, {
    name: '亭湖区小李便利店',
    category: '个体工商户',
    employees: 3,
    members: 2,
    probationary: 2,
    orgForm: '单独组建',
  })
  await waitFor(async () => (await rowsOf()).length === 2, { what: 'rows stored' })
})
afterAll(async () => {
  filler?.destroy()
  await server?.stop()
})

describe('workflow', () => {
  it("a filler's submit is 403", async () => {
    const res = await act('submit', fx.tokens.filler)
    expect(res.status).toBe(403)
    expect(res.body.error.message).toBe('只有组长可以提交表格')
  })

  it('submit with error findings is 422 with the list of errors', async () => {
    const findings = await server.api('GET', `/api/sheets/${sheetId}/findings`, fx.tokens.lead)
    expect(findings.status).toBe(200)
    const rules = findings.body.findings.map((f: { rule: string }) => f.rule)
    expect(rules).toEqual(
      expect.arrayContaining(['members-exceed-employees', 'single-needs-3-members']),
    )

    const res = await act('submit', fx.tokens.lead)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('has-errors')
    expect(res.body.error.message).toMatch(/错误/)
    expect(res.body.findings.length).toBeGreaterThanOrEqual(2)
    for (const f of res.body.findings) {
      expect(f).toMatchObject({ rowId: badRow, severity: 'error' })
      expect(typeof f.message).toBe('string')
    }
    expect((await server.api('GET', `/api/sheets/${sheetId}`, fx.tokens.lead)).body.status).toBe(
      'draft',
    )
  })

  it('once the rows are corrected, the lead submits and open clients see the status at once', async () => {
    filler.doc.transact(() => {
      setCell(filler.doc, badRow, 'employees', 8)
      setCell(filler.doc, badRow, 'orgForm', '联合组建')
    })
    await waitFor(async () => (await rowsOf()).some((r) => r.id === badRow && r.employees === 8))
    const res = await act('submit', fx.tokens.lead)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ id: sheetId, status: 'submitted' })
    await waitFor(() => filler.doc.getMap('meta').get('status') === 'submitted', {
      what: 'status in the doc meta',
    })
  })

  it('a transition that does not apply to the state is 409', async () => {
    const res = await act('submit', fx.tokens.lead)
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('invalid-transition')
  })

  it('return needs a reason, then goes back to the lead; resubmit works', async () => {
    const noReason = await act('return', fx.tokens.consolidator)
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.code).toBe('reason-required')
    expect(
      (await act('return', fx.tokens.consolidator, { reason: '从业人员数请核实' })).body.status,
    ).toBe('returned')
    expect((await act('submit', fx.tokens.lead)).body.status).toBe('submitted')
  })

  it('accept locks the sheet: a later write over sync is refused and not stored', async () => {
    const res = await act('accept', fx.tokens.consolidator)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('accepted')
    await waitFor(() => filler.doc.getMap('meta').get('status') === 'accepted')
    const before = filler.denied.length
    const lateRow = insertRow(filler.doc, { name: '审核后补录的企业', category: '社会组织' })
    await waitFor(() => filler.denied.length > before, { what: 'the refusal' })
    expect((await rowsOf()).map((r) => r.id)).not.toContain(lateRow)
    // a fresh connection of a writer reads the sheet but cannot write either
    const fresh = connectSheet(server.wsUrl, sheetId, fx.tokens.lead)
    await fresh.synced
    expect(fresh.doc.getMap('rows').size).toBe(2)
    insertRow(fresh.doc, { name: '另一家企业' })
    await waitFor(() => fresh.denied.length > 0)
    fresh.destroy()
    expect(await rowsOf()).toHaveLength(2)
    // the conflict decision route is refused too
    const resolve = await server.api(
      'POST',
      `/api/sheets/${sheetId}/conflicts/resolve`,
      fx.tokens.lead,
      {
        rowId: badRow,
        column: 'employees',
        value: 9,
      },
    )
    expect(resolve.status).toBe(409)
  })

  it('the lock holds across a restart', async () => {
    filler.destroy()
    await server.restart()
    filler = connectSheet(server.wsUrl, sheetId, fx.tokens.filler)
    await filler.synced
    expect(filler.doc.getMap('meta').get('status')).toBe('accepted')
    const row = insertRow(filler.doc, { name: '重启后写入' })
    await waitFor(() => filler.denied.length > 0)
    expect((await rowsOf()).map((r) => r.id)).not.toContain(row)
  })

  it('reopen needs a reason, unlocks, and every step is logged with who, when and why', async () => {
    filler.destroy()
    expect((await act('reopen', fx.tokens.lead, { reason: 'x' })).status).toBe(403)
    expect((await act('reopen', fx.tokens.consolidator)).status).toBe(400)
    const res = await act('reopen', fx.tokens.consolidator, {
      reason: '发现漏报企业，重新打开补录',
    })
    expect(res.body.status).toBe('returned')

    filler = connectSheet(server.wsUrl, sheetId, fx.tokens.filler)
    await filler.synced
    expect(filler.doc.getMap('meta').get('status')).toBe('returned')
    const row = insertRow(filler.doc, { name: '补录企业' })
    await waitFor(async () => (await rowsOf()).some((r) => r.id === row), {
      what: 'write after reopen',
    })

    const log = await server.api('GET', `/api/sheets/${sheetId}/events`, fx.tokens.reviewer)
    const steps = log.body.events.map((e: { action: string; from: string; to: string }) => [
      e.action,
      e.from,
      e.to,
    ])
    expect(steps).toEqual([
      ['create', null, 'draft'],
      ['submit', 'draft', 'submitted'],
      ['return', 'submitted', 'returned'],
      ['submit', 'returned', 'submitted'],
      ['accept', 'submitted', 'accepted'],
      ['reopen', 'accepted', 'returned'],
    ])
    const reopen = log.body.events.at(-1)
    expect(reopen.by).toEqual({ username: 'consolidator', displayName: '审核员张姐' })
    expect(reopen.reason).toBe('发现漏报企业，重新打开补录')
    expect(Date.parse(reopen.at)).toBeGreaterThan(Date.now() - 60_000)
    expect(log.body.events[2].reason).toBe('从业人员数请核实')
  })

  it('logins and transitions are in the hash-chained audit log', async () => {
    const actions = await auditActions(server)
    expect(actions).toEqual(
      expect.arrayContaining([
        'login',
        'unit-create',
        'user-create',
        'sheet-create',
        'workflow-accept',
        'workflow-reopen',
      ]),
    )
    expect(actions.filter((a) => a === 'workflow-submit')).toHaveLength(2)
  })
})
