// `taizhang serve --demo` (SPEC §6.2/§6.3): the demo district with 2 街道 and 3 镇, grids
// under them, users for every role sharing one password (printed once when generated,
// TAIZHANG_DEMO_PASSWORD otherwise), realistic ledgers in every workflow state and a
// scoring sheet; seeding again on restart changes nothing.
import { afterAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../helpers/server'

const servers: TestServer[] = []
afterAll(() => Promise.all(servers.map((s) => s.stop())))

describe('demo data', () => {
  it('seeds the district once, with a generated password printed once', async () => {
    const server = await startTestServer({ args: ['--demo'] })
    servers.push(server)
    const printed = server.stderr().match(/演示账号统一密码：(\S+?)（/)
    expect(printed).not.toBeNull()
    const password = printed![1]!

    const admin = await server.login('admin', server.adminPassword)
    const units = (await server.api('GET', '/api/units', admin)).body.units as {
      id: string
      name: string
      level: string
      parentId: string | null
    }[]
    const district = units.filter((u) => u.level === 'district')
    expect(district).toHaveLength(1)
    const townships = units.filter((u) => u.level === 'township').map((u) => u.name)
    expect(townships.filter((n) => n.endsWith('街道'))).toHaveLength(2)
    expect(townships.filter((n) => n.endsWith('镇'))).toHaveLength(3)
    for (const t of units.filter((u) => u.level === 'township')) {
      const grids = units.filter((u) => u.parentId === t.id && u.level === 'grid')
      expect(grids.length).toBeGreaterThanOrEqual(2)
      expect(grids.length).toBeLessThanOrEqual(4)
    }

    const sheets = (await server.api('GET', '/api/sheets', admin)).body.sheets as {
      id: string
      template: string
      status: string
    }[]
    expect(sheets.filter((s) => s.template === 'scoring')).toHaveLength(1)
    expect(new Set(sheets.map((s) => s.status))).toEqual(
      new Set(['draft', 'submitted', 'returned', 'accepted']),
    )
    const ledger = sheets.find((s) => s.template === 'ledger')!
    const rows = (await server.api('GET', `/api/sheets/${ledger.id}/rows`, admin)).body.rows
    expect(rows.length).toBeGreaterThanOrEqual(10)
    expect(rows[0].name).toMatch(/[\u4e00-\u9fff]{4,}/)

    // every role can sign in with the demo password and sees what its role allows
    for (const username of ['reviewer', 'consolidator1', 'lead1-1', 'filler1-1', 'team1.lead']) {
      await server.login(username, password)
    }
    const filler = await server.login('filler2-1', password)
    const own = (await server.api('GET', '/api/sheets', filler)).body.sheets as { unitId: string }[]
    // its grid's ledger and its sheets of the two demo rounds (demo/seedRounds), nothing else
    expect(own).toHaveLength(3)
    expect(new Set(own.map((s) => s.unitId)).size).toBe(1)

    await server.restart()
    expect(server.stderr().match(/演示账号统一密码/g)).toHaveLength(1)
    const again = (await server.api('GET', '/api/units', admin)).body.units
    expect(again).toHaveLength(units.length)
    expect((await server.api('GET', '/api/sheets', admin)).body.sheets).toHaveLength(sheets.length)
    // two starts of a seeded demo (with its rounds) on a loaded machine
  }, 90_000)

  it('uses TAIZHANG_DEMO_PASSWORD for every demo user when it is set', async () => {
    const server = await startTestServer({
      args: ['--demo'],
      env: { TAIZHANG_DEMO_PASSWORD: 'demo-password-1' },
    })
    servers.push(server)
    expect(server.stderr()).not.toMatch(/演示账号统一密码：/)
    for (const username of [
      'reviewer',
      'consolidator5',
      'lead5-3',
      'filler3-4',
      'team1.inspector',
    ]) {
      await server.login(username, 'demo-password-1')
    }
  })

  it('has a 整改台账 in every state, one 逾期, one with a photo the team lead can open', async () => {
    const server = await startTestServer({
      args: ['--demo'],
      env: { TAIZHANG_DEMO_PASSWORD: 'demo-password-1' },
    })
    servers.push(server)
    const lead = await server.login('team1.lead', 'demo-password-1')
    const units = (await server.api('GET', '/api/units', lead)).body.units as {
      id: string
      pathOnly: boolean
    }[]
    const team = units.find((u) => !u.pathOnly)!
    const res = await server.api('GET', `/api/rectifications?unit=${team.id}`, lead)
    expect(res.status).toBe(200)
    const items = res.body.items as {
      status: string
      overdue: boolean
      evidence: string[]
      events: { action: string }[]
    }[]
    const states = new Set(items.map((i) => i.status))
    for (const s of ['open', 'inProgress', 'submitted', 'closed']) expect(states).toContain(s)
    expect(items.some((i) => i.overdue)).toBe(true)
    expect(items.some((i) => i.events.some((e) => e.action === 'reject'))).toBe(true)
    const withPhoto = items.find((i) => i.evidence.length > 0)!
    const photo = await fetch(`${server.url}/api/attachments/${withPhoto.evidence[0]}`, {
      headers: { authorization: `Bearer ${lead}` },
    })
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/png')
    const tasks = (await server.api('GET', '/api/me/tasks', lead)).body.tasks as { kind: string }[]
    expect(tasks.some((t) => t.kind === 'verify')).toBe(true)
  })
})
