// Reporting rounds (SPEC §8) against the real server, on both backends: issuing (formats,
// permissions, default targets, one sheet per unit, 409 on a repeat and for a double click),
// carry forward with the same row ids (deleted rows stay behind, the earlier sheet unchanged),
// the board's progress, counts and 逾期, 催报 in the 待办, and isolation between townships.
import { chinaDate, deleteRow, insertRow, setCell } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  seedFixture,
  startTestServer,
  USER_PASSWORD,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
let leadB: string

const post = (path: string, token: string, body: unknown) => server.api('POST', path, token, body)
const get = (path: string, token = fx.tokens.admin) => server.api('GET', path, token)
const rowsOf = async (id: string) =>
  (await get(`/api/sheets/${id}/rows`)).body.rows as Record<string, unknown>[]
const today = () => chinaDate()
const yesterday = () => chinaDate(new Date(Date.now() - 86_400_000))

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  const created = await post('/api/users', fx.tokens.admin, {
    username: 'leadb',
    password: USER_PASSWORD,
    displayName: '三网格组长',
    grants: [{ unitId: fx.units.gridB1, role: 'lead' }],
  })
  expect(created.status).toBe(201)
  leadB = await server.login('leadb', USER_PASSWORD)
  // the hand-made ledger of 一网格 has two organisations; the first round starts from it
  const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
  await client.synced
  insertRow(client.doc, { name: '盐城市新河机械有限公司', category: '非公企业', employees: 40 })
  insertRow(client.doc, { name: '亭湖区志愿者协会', category: '社会组织', employees: 12 })
  await waitFor(async () => (await rowsOf(fx.sheets.sheetA1)).length === 2, { what: 'rows stored' })
  client.destroy()
})
afterAll(() => server?.stop())

describe('POST /api/rounds', () => {
  const body = (more: Record<string, unknown> = {}) => ({
    unitId: fx.units.district,
    template: 'ledger',
    period: '2025-Q4',
    dueDate: today(),
    ...more,
  })

  it('refuses a malformed period or date, an unknown template, a unit outside, a filler', async () => {
    expect((await post('/api/rounds', fx.tokens.boss, body({ period: '2025-Q5' }))).status).toBe(
      400,
    )
    expect((await post('/api/rounds', fx.tokens.boss, body({ period: '2025Q4' }))).status).toBe(400)
    expect(
      (await post('/api/rounds', fx.tokens.boss, body({ dueDate: '2025-02-30' }))).status,
    ).toBe(400)
    expect((await post('/api/rounds', fx.tokens.boss, body({ template: 'nope' }))).status).toBe(400)
    const outside = await post('/api/rounds', fx.tokens.consolidator, {
      ...body({ unitId: fx.units.townA }),
      units: [fx.units.gridB1],
    })
    expect(outside.status).toBe(400)
    const filler = await post('/api/rounds', fx.tokens.filler, body({ unitId: fx.units.gridA1 }))
    expect(filler.status).toBe(403)
    expect((await get('/api/rounds', fx.tokens.boss)).body.rounds).toEqual([])
  })

  it('creates one sheet per grid below, titled with the unit and the period, carried forward', async () => {
    const res = await post('/api/rounds', fx.tokens.boss, body())
    expect(res.status).toBe(201)
    const units = (res.body.sheets as { unitId: string }[]).map((s) => s.unitId).sort()
    expect(units).toEqual([fx.units.gridA1, fx.units.gridA2, fx.units.gridB1].sort())
    const a1 = res.body.sheets.find((s: { unitId: string }) => s.unitId === fx.units.gridA1)
    const sheet = await get(`/api/sheets/${a1.sheetId}`)
    expect(sheet.body).toMatchObject({ title: '一网格 2025年第四季度网格台账', status: 'draft' })
    const before = await rowsOf(fx.sheets.sheetA1)
    expect(await rowsOf(a1.sheetId)).toEqual(before)
  })

  it('answers 409 naming the round when the unit issues the same template and period again', async () => {
    const first = (await get(`/api/rounds?unit=${fx.units.district}`, fx.tokens.boss)).body
      .rounds[0]
    const again = await post('/api/rounds', fx.tokens.boss, body())
    expect(again.status).toBe(409)
    expect(again.body.id).toBe(first.id)
  })

  it('creates a round once when it is issued twice at the same moment', async () => {
    const [a, b] = await Promise.all([
      post(
        '/api/rounds',
        fx.tokens.consolidator,
        body({ unitId: fx.units.townA, period: '2025-12' }),
      ),
      post(
        '/api/rounds',
        fx.tokens.consolidator,
        body({ unitId: fx.units.townA, period: '2025-12' }),
      ),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const created = a.status === 201 ? a : b
    const refused = a.status === 201 ? b : a
    expect(refused.body.id).toBe(created.body.id)
    const rounds = (await get(`/api/rounds?unit=${fx.units.townA}`, fx.tokens.consolidator)).body
      .rounds as { period: string }[]
    expect(rounds.filter((r) => r.period === '2025-12')).toHaveLength(1)
  })
})

describe('carry forward', () => {
  it('keeps row ids, leaves deleted rows behind and changes nothing of the earlier sheet', async () => {
    const q4 = (
      await get(`/api/rounds?unit=${fx.units.district}`, fx.tokens.boss)
    ).body.rounds.find((r: { period: string }) => r.period === '2025-Q4')
    const board = (await get(`/api/rounds/${q4.id}`, fx.tokens.boss)).body
    const a1 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA1).sheetId
    const client = connectSheet(server.wsUrl, a1, fx.tokens.lead)
    await client.synced
    const [first, second] = (await rowsOf(a1)).map((r) => r.id as string)
    setCell(client.doc, first!, 'employees', 55)
    deleteRow(client.doc, second!)
    const added = insertRow(client.doc, { name: '亭湖区新开物流有限公司', category: '非公企业' })
    await waitFor(
      async () => {
        const rows = await rowsOf(a1)
        return rows.some((r) => r.id === added) && !rows.some((r) => r.id === second)
      },
      { what: 'edits stored' },
    )
    await waitFor(async () => (await rowsOf(a1))[0]?.employees === 55, { what: 'edit stored' })
    client.destroy()
    const earlier = await rowsOf(a1)
    const edited = (await get(`/api/rounds/${q4.id}`, fx.tokens.boss)).body.progress.find(
      (p: { unitId: string }) => p.unitId === fx.units.gridA1,
    )
    expect(edited.started).toBe(true) // 填报中

    const res = await post('/api/rounds', fx.tokens.boss, {
      unitId: fx.units.district,
      template: 'ledger',
      period: '2026-Q1',
      dueDate: today(),
    })
    expect(res.status).toBe(201)
    const next = res.body.sheets.find(
      (s: { unitId: string }) => s.unitId === fx.units.gridA1,
    ).sheetId
    const carried = await rowsOf(next)
    expect(carried.map((r) => r.id)).toEqual([first, added])
    expect(carried[0]).toMatchObject({ id: first, employees: 55 })
    expect(await rowsOf(a1)).toEqual(earlier)
    const deleted = await get(`/api/sheets/${a1}/rows`)
    expect(deleted.body.rows.map((r: { id: string }) => r.id)).toEqual([first, added])
  })

  it('starts empty with carryForward: false', async () => {
    const res = await post('/api/rounds', fx.tokens.boss, {
      unitId: fx.units.district,
      template: 'ledger',
      period: '2026-Q2',
      dueDate: today(),
      carryForward: false,
      units: [fx.units.gridA1],
    })
    expect(res.status).toBe(201)
    expect(res.body.sheets).toHaveLength(1)
    expect(await rowsOf(res.body.sheets[0].sheetId)).toEqual([])
  })
})

describe('the board, overdue and 催报', () => {
  let late: string
  beforeAll(async () => {
    const res = await post('/api/rounds', fx.tokens.boss, {
      unitId: fx.units.district,
      template: 'ledger',
      period: '2025-H2',
      dueDate: yesterday(),
    })
    expect(res.status).toBe(201)
    late = res.body.id
  })

  it('lists every target with its state; not submitted after the due date is 逾期', async () => {
    const board = (await get(`/api/rounds/${late}`, fx.tokens.boss)).body
    expect(board).toMatchObject({
      unitId: fx.units.district,
      template: 'ledger',
      templateVersion: 1,
      period: '2025-H2',
      periodLabel: '2025年下半年',
      dueDate: yesterday(),
      counts: { draft: 3, submitted: 0, returned: 0, accepted: 0, overdue: 3 },
    })
    expect(board.progress).toHaveLength(3)
    const a1 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA1)
    expect(a1).toMatchObject({
      unitName: '一网格',
      status: 'draft',
      overdue: true,
      submittedAt: null,
    })
    // nobody has edited these sheets since they were issued: 未填报
    expect(board.progress.every((p: { started: boolean }) => p.started === false)).toBe(true)
    expect(board.counts.notStarted).toBe(3)

    // 一网格's carried rows break rules; 二网格 started empty and can be submitted
    const a2 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA2)
    expect(a1.errorRows).toBe(2)
    expect(a2.errorRows).toBe(0)
    expect((await post(`/api/sheets/${a2.sheetId}/submit`, fx.tokens.boss, {})).status).toBe(200)
    const after = (await get(`/api/rounds/${late}`, fx.tokens.boss)).body
    expect(after.counts).toMatchObject({ draft: 2, submitted: 1, overdue: 2 })
    const submitted = after.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridA2)
    expect(submitted.overdue).toBe(false)
    expect(typeof submitted.submittedAt).toBe('string')

    // returned and not resubmitted after the due date is late again
    await post(`/api/sheets/${a2.sheetId}/return`, fx.tokens.consolidator, { reason: '请补充' })
    const returned = (await get(`/api/rounds/${late}`, fx.tokens.boss)).body
    expect(returned.counts).toMatchObject({ returned: 1, overdue: 3 })
  })

  it('is not overdue on the due date itself', async () => {
    const q1 = (
      await get(`/api/rounds?unit=${fx.units.district}`, fx.tokens.boss)
    ).body.rounds.find((r: { period: string }) => r.period === '2026-Q1')
    expect(q1.counts.overdue).toBe(0)
    expect(q1.pastDue).toBe(false)
  })

  it('puts a round sheet in the 待办 of its lead with the due date', async () => {
    const tasks = (await get('/api/me/tasks', leadB)).body.tasks as Record<string, unknown>[]
    const lateTask = tasks.find((t) => t.roundId === late)
    expect(lateTask).toMatchObject({ kind: 'fill', due: yesterday(), overdue: true })
    // overdue first
    expect(tasks[0]!.overdue).toBe(true)
  })

  it('sends a 催报 to the units not yet submitted, shown in their 待办 until they submit', async () => {
    expect((await post(`/api/rounds/${late}/remind`, fx.tokens.lead, {})).status).toBe(403)
    const res = await post(`/api/rounds/${late}/remind`, fx.tokens.boss, {
      message: '请于今日报送',
    })
    expect(res.status).toBe(200)
    expect(res.body.reminded).toBe(3) // 二网格 was returned: it is late again
    const tasks = (await get('/api/me/tasks', leadB)).body.tasks as Record<string, unknown>[]
    expect(tasks).toContainEqual(
      expect.objectContaining({ kind: 'remind', roundId: late, message: '请于今日报送' }),
    )
    const board = (await get(`/api/rounds/${late}`, fx.tokens.boss)).body
    const b1 = board.progress.find((p: { unitId: string }) => p.unitId === fx.units.gridB1)
    expect(b1.remindedAt).toEqual(expect.any(String))
    expect((await post(`/api/sheets/${b1.sheetId}/submit`, leadB, {})).status).toBe(200)
    const after = (await get('/api/me/tasks', leadB)).body.tasks as Record<string, unknown>[]
    expect(after.some((t) => t.kind === 'remind' && t.roundId === late)).toBe(false)
  })
})

describe('isolation', () => {
  it("shows a township only its own units of a district's round", async () => {
    const rounds = (await get(`/api/rounds?unit=${fx.units.townA}`, fx.tokens.consolidator)).body
      .rounds as {
      id: string
      period: string
      counts: { draft: number; submitted: number; returned: number }
    }[]
    const q4 = rounds.find((r) => r.period === '2025-Q4')!
    expect(q4.counts.draft + q4.counts.submitted + q4.counts.returned).toBe(2)
    const board = (await get(`/api/rounds/${q4.id}`, fx.tokens.consolidator)).body
    expect(board.progress.map((p: { unitId: string }) => p.unitId).sort()).toEqual(
      [fx.units.gridA1, fx.units.gridA2].sort(),
    )
    const grid = (await get(`/api/rounds/${q4.id}`, fx.tokens.lead)).body
    expect(grid.progress.map((p: { unitId: string }) => p.unitId)).toEqual([fx.units.gridA1])
  })

  it("keeps a township's round from other townships: 404, and 403 for their unit list", async () => {
    const townRound = (
      await get(`/api/rounds?unit=${fx.units.townA}`, fx.tokens.consolidator)
    ).body.rounds.find((r: { period: string }) => r.period === '2025-12')
    expect((await get(`/api/rounds/${townRound.id}`, leadB)).status).toBe(404)
    expect((await post(`/api/rounds/${townRound.id}/remind`, leadB, {})).status).toBe(404)
    expect((await get(`/api/rounds?unit=${fx.units.townB}`, fx.tokens.consolidator)).status).toBe(
      403,
    )
    const mine = (await get('/api/rounds', leadB)).body.rounds as { id: string }[]
    expect(mine.some((r) => r.id === townRound.id)).toBe(false)
    expect((await get('/api/rounds/nope', fx.tokens.boss)).status).toBe(404)
  })
})
