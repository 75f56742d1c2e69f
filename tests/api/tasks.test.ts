// The 待办 (`GET /api/me/tasks`, SPEC §8) against the real server: a submitted sheet waits
// for the consolidators above it, a returned one for its unit's lead and filler with the
// reason, nobody sees another township's tasks, and a draft made by hand is not a task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  // sheetA1 submitted and returned, sheetA2 submitted, sheetB1 submitted
  for (const id of [fx.sheets.sheetA1, fx.sheets.sheetA2, fx.sheets.sheetB1]) {
    expect((await server.api('POST', `/api/sheets/${id}/submit`, fx.tokens.boss, {})).status).toBe(
      200,
    )
  }
  const returned = await server.api(
    'POST',
    `/api/sheets/${fx.sheets.sheetA1}/return`,
    fx.tokens.boss,
    {
      reason: '从业人员数有误，请核实',
    },
  )
  expect(returned.status).toBe(200)
})
afterAll(() => server?.stop())

const tasksOf = async (token: string) => {
  const res = await server.api('GET', '/api/me/tasks', token)
  expect(res.status).toBe(200)
  return res.body.tasks as Record<string, unknown>[]
}

describe('GET /api/me/tasks', () => {
  it('needs a session', async () => {
    expect((await server.api('GET', '/api/me/tasks')).status).toBe(401)
  })

  it("lists a township's submitted sheets for its consolidator, titled with the unit", async () => {
    const tasks = await tasksOf(fx.tokens.consolidator)
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'review',
        title: '二网格 待审核',
        unitId: fx.units.gridA2,
        sheetId: fx.sheets.sheetA2,
        overdue: false,
      }),
    ])
  })

  it('gives a returned sheet to its lead and filler with the reason', async () => {
    for (const token of [fx.tokens.lead, fx.tokens.filler]) {
      const tasks = await tasksOf(token)
      expect(tasks).toEqual([
        expect.objectContaining({
          kind: 'fill',
          sheetId: fx.sheets.sheetA1,
          unitId: fx.units.gridA1,
          status: 'returned',
          message: '从业人员数有误，请核实',
          overdue: false,
        }),
      ])
    }
  })

  it('shows nothing of other townships and nothing to a reviewer', async () => {
    const district = await tasksOf(fx.tokens.boss)
    const reviews = district.filter((t) => t.kind === 'review')
    expect(reviews.map((t) => t.sheetId).sort()).toEqual(
      [fx.sheets.sheetA2, fx.sheets.sheetB1].sort(),
    )
    expect(await tasksOf(fx.tokens.reviewer)).toEqual([])
    const townA = await tasksOf(fx.tokens.consolidator)
    expect(townA.some((t) => t.sheetId === fx.sheets.sheetB1)).toBe(false)
  })
})
