// Administration (SPEC §11) against the real server: listing and searching users
// in one's subtree, display names, disabling (sessions and sockets end at once), an admin's
// password reset and the must-change-password gate, the password rules, renaming, moving
// and archiving units — every change audited, and a township admin refused on every route
// when it aims at the other township.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  USER_PASSWORD,
  seedFixture,
  startTestServer,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture
/** A filler of the other township (西镇 三网格), made by the tree's admin. */
let fillerB: string
beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  const made = await server.api('POST', '/api/users', fx.tokens.admin, {
    username: 'fillerb',
    password: USER_PASSWORD,
    displayName: '西镇填报员',
    grants: [{ unitId: fx.units.gridB1, role: 'filler' }],
  })
  expect(made.status).toBe(201)
  fillerB = made.body.id
}, 180_000)
afterAll(() => server?.stop())

const usernames = (body: { users: { username: string }[] }) =>
  body.users.map((u) => u.username).sort()

async function auditEntries(): Promise<{ action: string; detail: Record<string, unknown> }[]> {
  const res = await server.api('GET', '/api/audit?limit=5000', fx.tokens.admin)
  expect(res.status).toBe(200)
  return res.body.entries
}

describe('GET /api/users', { timeout: 120_000 }, () => {
  it('lists the users of the caller’s subtree, with their last login', async () => {
    const all = await server.api('GET', '/api/users', fx.tokens.admin)
    expect(all.status).toBe(200)
    expect(usernames(all.body)).toEqual(
      expect.arrayContaining(['admin', 'filler', 'fillerb', 'boss', 'reviewer']),
    )
    const filler = all.body.users.find((u: { username: string }) => u.username === 'filler')
    expect(filler).toMatchObject({
      displayName: '填报员小王',
      disabled: false,
      grants: [{ unitId: fx.units.gridA1, role: 'filler' }],
    })
    expect(Date.parse(filler.lastLoginAt)).toBeGreaterThan(Date.now() - 600_000)
    expect(JSON.stringify(all.body)).not.toMatch(/scrypt|passwordHash/)

    // the township admin: people holding a role in 东街道 and below, nobody else
    const town = await server.api('GET', '/api/users', fx.tokens.unitAdmin)
    expect(usernames(town.body)).toEqual(['consolidator', 'filler', 'lead', 'unitadmin'])
  })

  it('searches by username or name, and by unit', async () => {
    const q = await server.api('GET', `/api/users?q=${encodeURIComponent('小王')}`, fx.tokens.admin)
    expect(usernames(q.body)).toEqual(['filler'])
    const byUnit = await server.api('GET', `/api/users?unit=${fx.units.gridB1}`, fx.tokens.admin)
    expect(usernames(byUnit.body)).toEqual(['fillerb'])
    const other = await server.api('GET', `/api/users?unit=${fx.units.gridB1}`, fx.tokens.unitAdmin)
    expect(other.status).toBe(404)
  })

  it('is for admins only', async () => {
    for (const who of ['filler', 'lead', 'consolidator', 'reviewer'] as const) {
      expect((await server.api('GET', '/api/users', fx.tokens[who])).status).toBe(403)
    }
    expect((await server.api('GET', '/api/users')).status).toBe(401)
  })
})

describe('PATCH /api/users/:id', { timeout: 120_000 }, () => {
  it('changes the display name, audited with before and after', async () => {
    const res = await server.api('PATCH', `/api/users/${fx.users.lead}`, fx.tokens.unitAdmin, {
      displayName: '组长李师傅',
    })
    expect(res.status).toBe(200)
    expect(res.body.user.displayName).toBe('组长李师傅')
    const entry = (await auditEntries()).filter((e) => e.action === 'user-update').at(-1)!
    expect(entry.detail).toMatchObject({
      userId: fx.users.lead,
      before: { displayName: '组长老李' },
      after: { displayName: '组长李师傅' },
    })
  })

  it('disabling ends the sessions and closes the sockets at once; enabling lets in again', async () => {
    const token = await server.login('filler', USER_PASSWORD)
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
    await client.synced
    const res = await server.api('PATCH', `/api/users/${fx.users.filler}`, fx.tokens.unitAdmin, {
      disabled: true,
    })
    expect(res.status).toBe(200)
    expect(res.body.user.disabled).toBe(true)
    expect((await client.closed).code).toBe(4401)
    client.destroy()
    expect((await server.api('GET', '/api/me', token)).status).toBe(401)
    const login = await server.api('POST', '/api/login', undefined, {
      username: 'filler',
      password: USER_PASSWORD,
    })
    expect(login.status).toBe(401)

    const enable = await server.api('PATCH', `/api/users/${fx.users.filler}`, fx.tokens.unitAdmin, {
      disabled: false,
    })
    expect(enable.status).toBe(200)
    fx.tokens.filler = await server.login('filler', USER_PASSWORD)
    const actions = (await auditEntries()).map((e) => e.action)
    expect(actions).toContain('user-disable')
    expect(actions).toContain('user-enable')
  })

  it('refuses disabling oneself and bad bodies', async () => {
    const self = await server.api(
      'PATCH',
      `/api/users/${fx.users.unitAdmin}`,
      fx.tokens.unitAdmin,
      { disabled: true },
    )
    expect(self.status).toBe(400)
    const bad = await server.api('PATCH', `/api/users/${fx.users.lead}`, fx.tokens.admin, {
      isAdmin: true,
    })
    expect(bad.status).toBe(400)
  })
})

describe('passwords', { timeout: 120_000 }, () => {
  it('an admin’s reset makes the user change its password before anything else', async () => {
    const old = await server.login('lead', USER_PASSWORD)
    const reset = await server.api(
      'POST',
      `/api/users/${fx.users.lead}/password`,
      fx.tokens.unitAdmin,
      { password: 'temporary-pass-1' },
    )
    expect(reset.status).toBe(200)
    expect(reset.body.password).toBeUndefined()
    expect((await server.api('GET', '/api/me', old)).status).toBe(401)

    const login = await server.api('POST', '/api/login', undefined, {
      username: 'lead',
      password: 'temporary-pass-1',
    })
    expect(login.status).toBe(200)
    expect(login.body.mustChangePassword).toBe(true)
    const token = login.body.token as string
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/units'],
      ['GET', `/api/sheets/${fx.sheets.sheetA1}/rows`],
      ['POST', '/api/sheets'],
    ] as const) {
      const res = await server.api(method, path, token, method === 'GET' ? undefined : {})
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.error.code).toBe('password-change-required')
    }
    const sync = connectSheet(server.wsUrl, fx.sheets.sheetA1, token)
    expect((await sync.closed).code).toBe(4403)
    sync.destroy()

    const wrong = await server.api('POST', '/api/me/password', token, {
      oldPassword: 'not-it-at-all',
      newPassword: 'a-new-secret-9',
    })
    expect(wrong.status).toBe(400)
    for (const [newPassword, message] of [
      ['short', '至少需要 8 个字符'],
      ['lead', '至少需要 8 个字符'],
      ['12345678', '太常见'],
      ['aaaaaaaaaa', '同一个字符'],
      ['temporary-pass-1', '不能与原密码相同'],
    ]) {
      const res = await server.api('POST', '/api/me/password', token, {
        oldPassword: 'temporary-pass-1',
        newPassword,
      })
      expect(res.status, newPassword).toBe(422)
      expect(res.body.error.message).toContain(message)
    }
    const changed = await server.api('POST', '/api/me/password', token, {
      oldPassword: 'temporary-pass-1',
      newPassword: 'a-new-secret-9',
    })
    expect(changed.status).toBe(200)
    expect((await server.api('GET', '/api/me', token)).status).toBe(200)
    const again = await server.api('POST', '/api/login', undefined, {
      username: 'lead',
      password: 'a-new-secret-9',
    })
    expect(again.body.mustChangePassword).toBe(false)
    fx.tokens.lead = again.body.token

    // logout, and logging out everywhere, stay open to a user who must change its password
    await server.api('POST', `/api/users/${fx.users.lead}/password`, fx.tokens.admin, {
      password: 'temporary-pass-2',
    })
    const gated = await server.login('lead', 'temporary-pass-2')
    expect((await server.api('POST', '/api/logout', gated)).status).toBe(200)
    const other = await server.login('lead', 'temporary-pass-2')
    const spare = await server.login('lead', 'temporary-pass-2')
    const everywhere = await server.api('POST', '/api/logout-everywhere', other)
    expect(everywhere.status).toBe(200)
    expect(everywhere.body.sessions).toBeGreaterThanOrEqual(2)
    expect((await server.api('POST', '/api/logout', spare)).status).toBe(401)
  })

  it('a generated reset password is answered once; the audit log never holds one', async () => {
    const res = await server.api(
      'POST',
      `/api/users/${fx.users.consolidator}/password`,
      fx.tokens.unitAdmin,
      {},
    )
    expect(res.status).toBe(200)
    expect(res.body.password).toMatch(/^[A-Za-z0-9]{12,}$/)
    const login = await server.api('POST', '/api/login', undefined, {
      username: 'consolidator',
      password: res.body.password,
    })
    expect(login.body.mustChangePassword).toBe(true)
    const log = JSON.stringify(await auditEntries())
    expect(log).toContain('password-reset')
    expect(log).not.toContain(res.body.password)
    expect(log).not.toContain('temporary-pass-1')
    expect(log).not.toContain('a-new-secret-9')
    expect(log).not.toMatch(/scrypt\$/)
  })

  it('new users get the same password rules', async () => {
    const res = await server.api('POST', '/api/users', fx.tokens.admin, {
      username: 'weakling',
      password: 'password',
      displayName: '弱密码',
      grants: [],
    })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toContain('太常见')
  })
})

describe('units', { timeout: 120_000 }, () => {
  it('renames and moves within the subtree, never into a cycle or upwards', async () => {
    const rename = await server.api('PATCH', `/api/units/${fx.units.gridA2}`, fx.tokens.unitAdmin, {
      name: '二网格（新）',
    })
    expect(rename.status).toBe(200)
    expect(rename.body.unit.name).toBe('二网格（新）')
    const clash = await server.api('PATCH', `/api/units/${fx.units.gridA2}`, fx.tokens.unitAdmin, {
      name: '一网格',
    })
    expect(clash.status).toBe(409)
    const cycle = await server.api('PATCH', `/api/units/${fx.units.townA}`, fx.tokens.admin, {
      parentId: fx.units.gridA1,
    })
    expect(cycle.status).toBe(400)
    const self = await server.api('PATCH', `/api/units/${fx.units.townA}`, fx.tokens.admin, {
      parentId: fx.units.townA,
    })
    expect(self.status).toBe(400)
    const level = await server.api('PATCH', `/api/units/${fx.units.townA}`, fx.tokens.admin, {
      parentId: fx.units.townB,
    })
    expect(level.status).toBe(400)
    const district = await server.api('PATCH', `/api/units/${fx.units.district}`, fx.tokens.admin, {
      parentId: fx.units.townA,
    })
    expect(district.status).toBe(400)

    // the tree's admin moves a grid to the other township and back; the units list follows
    const move = await server.api('PATCH', `/api/units/${fx.units.gridA2}`, fx.tokens.admin, {
      parentId: fx.units.townB,
    })
    expect(move.status).toBe(200)
    const units = (await server.api('GET', '/api/units', fx.tokens.admin)).body.units as {
      id: string
      parentId: string
    }[]
    expect(units.find((u) => u.id === fx.units.gridA2)!.parentId).toBe(fx.units.townB)
    const back = await server.api('PATCH', `/api/units/${fx.units.gridA2}`, fx.tokens.admin, {
      parentId: fx.units.townA,
    })
    expect(back.status).toBe(200)
    const actions = (await auditEntries()).filter((e) => e.action.startsWith('unit-'))
    expect(actions.find((e) => e.action === 'unit-rename')!.detail).toMatchObject({
      before: { name: '二网格' },
      after: { name: '二网格（新）' },
    })
    expect(actions.find((e) => e.action === 'unit-move')!.detail).toMatchObject({
      before: { parentId: fx.units.townA },
      after: { parentId: fx.units.townB },
    })
  })

  it('archiving hides a unit from new work; its sheets stay readable', async () => {
    const own = await server.api(
      'POST',
      `/api/units/${fx.units.townA}/archive`,
      fx.tokens.unitAdmin,
    )
    expect(own.status).toBe(403)
    const grid = await server.api('POST', '/api/units', fx.tokens.unitAdmin, {
      name: '撤并网格',
      parentId: fx.units.townA,
      level: 'grid',
    })
    const gridId = grid.body.id as string
    const sheet = await server.api('POST', '/api/sheets', fx.tokens.unitAdmin, {
      unitId: gridId,
      template: 'ledger',
      title: '撤并网格台账',
    })
    expect(sheet.status).toBe(201)
    const archive = await server.api('POST', `/api/units/${gridId}/archive`, fx.tokens.unitAdmin)
    expect(archive.status).toBe(200)
    expect(archive.body.archived).toBe(1)
    const listed = (await server.api('GET', '/api/units', fx.tokens.unitAdmin)).body.units.find(
      (u: { id: string }) => u.id === gridId,
    )
    expect(listed.archived).toBe(true)
    const newSheet = await server.api('POST', '/api/sheets', fx.tokens.unitAdmin, {
      unitId: gridId,
      template: 'ledger',
      title: '不该有',
    })
    expect(newSheet.status).toBe(409)
    const child = await server.api('POST', '/api/units', fx.tokens.unitAdmin, {
      name: '下级',
      parentId: gridId,
      level: 'grid',
    })
    expect([400, 409]).toContain(child.status)
    const grant = await server.api(
      'POST',
      `/api/users/${fx.users.filler}/grants`,
      fx.tokens.unitAdmin,
      { grants: [{ unitId: gridId, role: 'filler' }] },
    )
    expect(grant.status).toBe(409)
    const rows = await server.api('GET', `/api/sheets/${sheet.body.id}/rows`, fx.tokens.unitAdmin)
    expect(rows.status).toBe(200)
    // the 汇总 of 东街道 does not count the archived grid as missing
    const sum = await server.api(
      'GET',
      `/api/units/${fx.units.townA}/consolidation?template=ledger&state=latest`,
      fx.tokens.admin,
    )
    expect(sum.status).toBe(200)
    expect(JSON.stringify(sum.body)).not.toContain(gridId)
    expect((await auditEntries()).map((e) => e.action)).toContain('unit-archive')
  })
})

describe('a township admin aiming at the other township', { timeout: 120_000 }, () => {
  it('is refused on every route', async () => {
    const t = fx.tokens.unitAdmin
    const calls: [string, string, unknown][] = [
      ['GET', `/api/users?unit=${fx.units.townB}`, undefined],
      ['PATCH', `/api/users/${fillerB}`, { displayName: '改名' }],
      ['PATCH', `/api/users/${fillerB}`, { disabled: true }],
      ['POST', `/api/users/${fillerB}/password`, { password: 'hijacked-pass-1' }],
      ['POST', `/api/users/${fillerB}/password`, {}],
      [
        'POST',
        `/api/users/${fillerB}/grants`,
        { grants: [{ unitId: fx.units.gridA1, role: 'filler' }] },
      ],
      [
        'POST',
        `/api/users/${fillerB}/grants/revoke`,
        { grants: [{ unitId: fx.units.gridB1, role: 'filler' }] },
      ],
      ['PATCH', `/api/users/${fx.users.boss}`, { displayName: '区里的人' }],
      ['PATCH', `/api/units/${fx.units.townB}`, { name: '改名镇' }],
      ['PATCH', `/api/units/${fx.units.gridB1}`, { parentId: fx.units.townA }],
      ['PATCH', `/api/units/${fx.units.gridA1}`, { parentId: fx.units.townB }],
      ['POST', `/api/units/${fx.units.gridB1}/archive`, undefined],
      ['POST', `/api/units/${fx.units.townB}/archive`, undefined],
      ['POST', '/api/units', { name: '插进去', parentId: fx.units.townB, level: 'grid' }],
    ]
    for (const [method, path, body] of calls) {
      const res = await server.api(method, path, t, body)
      expect([403, 404], `${method} ${path} ${JSON.stringify(body)}`).toContain(res.status)
      expect(JSON.stringify(res.body)).not.toContain('西镇')
    }
    // nothing changed over there
    const b = (await server.api('GET', `/api/users?unit=${fx.units.townB}`, fx.tokens.admin)).body
    expect(b.users.find((u: { id: string }) => u.id === fillerB)).toMatchObject({
      displayName: '西镇填报员',
      disabled: false,
      mustChangePassword: false,
    })
    await server.login('fillerb', USER_PASSWORD)
    const units = (await server.api('GET', '/api/units', fx.tokens.admin)).body.units
    expect(units.find((u: { id: string }) => u.id === fx.units.gridB1)).toMatchObject({
      name: '三网格',
      parentId: fx.units.townB,
    })
  })

  it('a user of both townships is managed from above only', async () => {
    await server.api('POST', `/api/users/${fx.users.filler}/grants`, fx.tokens.admin, {
      grants: [{ unitId: fx.units.gridB1, role: 'reviewer' }],
    })
    const town = await server.api('GET', '/api/users', fx.tokens.unitAdmin)
    const filler = town.body.users.find((u: { id: string }) => u.id === fx.users.filler)
    // only the grants inside 东街道 are shown, and the account is not the township's to change
    expect(filler.grants).toEqual([{ unitId: fx.units.gridA1, role: 'filler' }])
    expect(filler.manageable).toBe(false)
    const res = await server.api('PATCH', `/api/users/${fx.users.filler}`, fx.tokens.unitAdmin, {
      disabled: true,
    })
    expect(res.status).toBe(403)
    await server.api('POST', `/api/users/${fx.users.filler}/grants/revoke`, fx.tokens.admin, {
      grants: [{ unitId: fx.units.gridB1, role: 'reviewer' }],
    })
  })
})
