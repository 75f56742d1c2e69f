// The permission matrix of SPEC §1/§3/§6.3 against the real server: every role × its own
// unit / a unit below / a unit beside it (another township or grid) × read, write, create
// a sheet and each workflow action — over HTTP, and over sync with the stock provider.
import { insertRow } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

type Role = 'filler' | 'lead' | 'consolidator' | 'reviewer' | 'unitAdmin' | 'admin'
type Relation = 'own' | 'below' | 'beside'
type Action = 'read' | 'write' | 'create' | 'submit' | 'return' | 'accept' | 'reopen'

/** Which unit is "own", "below" and "beside" for each role of the fixture. */
const UNIT: Record<Role, Partial<Record<Relation, keyof Fixture['units']>>> = {
  filler: { own: 'gridA1', beside: 'gridA2' },
  lead: { own: 'gridA1', beside: 'gridA2' },
  consolidator: { own: 'townA', below: 'gridA1', beside: 'townB' },
  reviewer: { own: 'district', below: 'gridA1' },
  unitAdmin: { own: 'townA', below: 'gridA1', beside: 'townB' },
  admin: { own: 'district', below: 'gridB1' },
}

/** Expected outcome: true = allowed. Beside is never allowed, so it is not listed. */
const ALLOWED: Record<Role, Partial<Record<Relation, Action[]>>> = {
  filler: { own: ['read', 'write'] },
  lead: { own: ['read', 'write', 'create', 'submit'] },
  consolidator: {
    own: ['read', 'write', 'create'],
    below: ['read', 'write', 'create', 'return', 'accept', 'reopen'],
  },
  reviewer: { own: ['read'], below: ['read'] },
  unitAdmin: { own: ['read', 'write', 'create'], below: ['read', 'write', 'create'] },
  admin: { own: ['read', 'write', 'create'], below: ['read', 'write', 'create'] },
}

const cases = (Object.keys(UNIT) as Role[]).flatMap((role) =>
  (Object.keys(UNIT[role]) as Relation[]).map((relation) => ({ role, relation })),
)

async function newSheet(unitId: string, title: string): Promise<string> {
  const res = await server.api('POST', '/api/sheets', fx.tokens.admin, {
    unitId,
    template: 'ledger',
    title,
  })
  expect(res.status).toBe(201)
  return res.body.id
}

/** Move a fresh sheet into the state an action starts from, as the district's lead/consolidator. */
async function prepare(sheetId: string, unitKey: keyof Fixture['units'], action: Action) {
  const steps = {
    submit: [],
    return: ['submit'],
    accept: ['submit'],
    reopen: ['submit', 'accept'],
  }[action as 'submit'] as string[] | undefined
  if (!steps || unitKey === 'district') return // nobody is above the district to accept it
  for (const step of steps) {
    const res = await server.api('POST', `/api/sheets/${sheetId}/${step}`, fx.tokens.boss, {})
    expect(res.status, `prepare ${step}`).toBe(200)
  }
}

describe('permission matrix over HTTP', () => {
  for (const { role, relation } of cases) {
    const unitKey = UNIT[role][relation]!
    const allowed = new Set(ALLOWED[role][relation] ?? [])

    it(`${role} × ${relation} unit: read rows ${allowed.has('read') ? 'allowed' : '403'}`, async () => {
      const id = await newSheet(fx.units[unitKey], `${role}-${relation}-read`)
      const rows = await server.api('GET', `/api/sheets/${id}/rows`, fx.tokens[role])
      expect(rows.status).toBe(allowed.has('read') ? 200 : 403)
      const sheet = await server.api('GET', `/api/sheets/${id}`, fx.tokens[role])
      expect(sheet.status).toBe(allowed.has('read') ? 200 : 403)
      if (!allowed.has('read')) expect(sheet.body.error.code).toBe('forbidden')
    })

    it(`${role} × ${relation} unit: create a sheet ${allowed.has('create') ? 'allowed' : '403'}`, async () => {
      const res = await server.api('POST', '/api/sheets', fx.tokens[role], {
        unitId: fx.units[unitKey],
        template: 'ledger',
        title: `${role} 新建`,
      })
      expect(res.status).toBe(allowed.has('create') ? 201 : 403)
    })

    for (const action of ['submit', 'return', 'accept', 'reopen'] as const) {
      const ok = allowed.has(action)
      it(`${role} × ${relation} unit: ${action} ${ok ? 'allowed' : '403'}`, async () => {
        const id = await newSheet(fx.units[unitKey], `${role}-${relation}-${action}`)
        await prepare(id, unitKey, action)
        const res = await server.api('POST', `/api/sheets/${id}/${action}`, fx.tokens[role], {
          reason: '测试原因',
        })
        expect(res.status, JSON.stringify(res.body)).toBe(ok ? 200 : 403)
        const after = await server.api('GET', `/api/sheets/${id}`, fx.tokens.admin)
        if (!ok) expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/)
        else expect(after.body.status).toBe(res.body.status)
      })
    }
  }

  it('an unknown sheet id is 404 for every route, whoever asks', async () => {
    for (const path of ['', '/rows', '/findings', '/conflicts', '/history?row=a&column=name']) {
      const res = await server.api('GET', `/api/sheets/doesnotexist0000${path}`, fx.tokens.admin)
      expect(res.status, path).toBe(404)
      expect(res.body.error.code).toBe('not-found')
    }
    const res = await server.api('POST', '/api/sheets/doesnotexist0000/submit', fx.tokens.lead, {})
    expect(res.status).toBe(404)
  })

  it('GET /api/units shows own subtrees and only the names on the path above', async () => {
    const res = await server.api('GET', '/api/units', fx.tokens.lead)
    expect(res.body.units).toEqual([
      { id: fx.units.district, name: '测试区', parentId: null, level: 'district', pathOnly: true },
      {
        id: fx.units.townA,
        name: '东街道',
        parentId: fx.units.district,
        level: 'township',
        pathOnly: true,
      },
      {
        id: fx.units.gridA1,
        name: '一网格',
        parentId: fx.units.townA,
        level: 'grid',
        pathOnly: false,
      },
    ])
    const all = await server.api('GET', '/api/units', fx.tokens.admin)
    expect(all.body.units.length).toBeGreaterThanOrEqual(6)
  })

  it('GET /api/sheets lists only readable sheets; ?unit= of a unit beside is 403', async () => {
    const mine = await server.api('GET', '/api/sheets', fx.tokens.filler)
    expect(mine.body.sheets.every((s: { unitId: string }) => s.unitId === fx.units.gridA1)).toBe(
      true,
    )
    expect(mine.body.sheets.map((s: { id: string }) => s.id)).toContain(fx.sheets.sheetA1)
    const beside = await server.api('GET', `/api/sheets?unit=${fx.units.gridA2}`, fx.tokens.filler)
    expect(beside.status).toBe(403)
    const below = await server.api(
      'GET',
      `/api/sheets?unit=${fx.units.townA}&below=1`,
      fx.tokens.consolidator,
    )
    const ids = below.body.sheets.map((s: { id: string }) => s.id)
    expect(ids).toEqual(
      expect.arrayContaining([fx.sheets.sheetA1, fx.sheets.sheetA2, fx.sheets.townSheetA]),
    )
    expect(ids).not.toContain(fx.sheets.sheetB1)
  })

  it('only admins create units and users, and a unit admin only inside its subtree', async () => {
    const unit = (token: string, parentId: string | null, level = 'grid') =>
      server.api('POST', '/api/units', token, { name: '新网格', parentId, level })
    expect((await unit(fx.tokens.unitAdmin, fx.units.townA)).status).toBe(201)
    expect((await unit(fx.tokens.unitAdmin, fx.units.townB)).status).toBe(403)
    expect((await unit(fx.tokens.unitAdmin, null, 'district')).status).toBe(403)
    expect((await unit(fx.tokens.consolidator, fx.units.townA)).status).toBe(403)
    expect((await unit(fx.tokens.admin, fx.units.gridA1, 'township')).status).toBe(400)

    const user = (token: string, unitId: string, username: string) =>
      server.api('POST', '/api/users', token, {
        username,
        password: 'long-enough-pw',
        displayName: '新用户',
        grants: [{ unitId, role: 'filler' }],
      })
    expect((await user(fx.tokens.lead, fx.units.gridA1, 'u-by-lead')).status).toBe(403)
    expect((await user(fx.tokens.unitAdmin, fx.units.townB, 'u-beside')).status).toBe(403)
    expect((await user(fx.tokens.unitAdmin, fx.units.gridA2, 'u-below')).status).toBe(201)
    const taken = await user(fx.tokens.admin, fx.units.gridA2, 'u-below')
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('username-taken')
  })
})

describe('permission matrix over sync', () => {
  for (const { role, relation } of cases) {
    const unitKey = UNIT[role][relation]!
    const allowed = new Set(ALLOWED[role][relation] ?? [])
    const expectation = !allowed.has('read')
      ? 'refused with 4403'
      : allowed.has('write')
        ? 'writes stored'
        : 'reads, writes not applied'

    it(`${role} × ${relation} unit: ${expectation}`, async () => {
      const id = await newSheet(fx.units[unitKey], `${role}-${relation}-sync`)
      const client = connectSheet(server.wsUrl, id, fx.tokens[role])
      try {
        if (!allowed.has('read')) {
          expect((await client.closed).code).toBe(4403)
          return
        }
        await client.synced
        expect(client.doc.getMap('meta').get('title')).toBe(`${role}-${relation}-sync`)
        const rowId = insertRow(client.doc, { name: `${role} 写入的企业` })
        if (allowed.has('write')) {
          await waitFor(
            async () => {
              const rows = await server.api('GET', `/api/sheets/${id}/rows`, fx.tokens.admin)
              return rows.body.rows.some((r: { id: string }) => r.id === rowId)
            },
            { what: 'the write to be stored' },
          )
        } else {
          await waitFor(() => client.denied.length > 0, { what: 'permission denied' })
          const rows = await server.api('GET', `/api/sheets/${id}/rows`, fx.tokens.admin)
          expect(rows.body.rows).toEqual([])
        }
      } finally {
        client.destroy()
      }
    })
  }

  it('no token → 4401, a bad token → 4401, an unknown sheet → 4404', async () => {
    for (const [sheet, token, code] of [
      [fx.sheets.sheetA1, undefined, 4401],
      [fx.sheets.sheetA1, 'forged-token', 4401],
      ['doesnotexist0000', fx.tokens.admin, 4404],
    ] as const) {
      const client = connectSheet(server.wsUrl, sheet, token)
      expect((await client.closed).code).toBe(code)
      client.destroy()
    }
  })
})
