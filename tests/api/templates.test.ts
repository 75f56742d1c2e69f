// Stored, versioned templates (SPEC §7) against the real server, on both backends: the list
// (built-ins and the templates of units on the caller's path and below), saving a version
// (422 with Chinese path messages, admins only), reading any version, a sheet pinned to its
// template (guarded meta keys), and a sheet moved across three versions without losing a
// value: a removed column hidden and back, a retyped column re-read with the text that no
// longer reads kept and flagged `type`; findings follow the pinned version.
import { insertRow, writeMeta } from '@taizhang/schema'
import { techDefinition } from '@taizhang/schema/test'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'

let server: TestServer
let fx: Fixture

const post = (path: string, token: string, body: unknown) => server.api('POST', path, token, body)
const put = (path: string, token: string, body: unknown) => server.api('PUT', path, token, body)
const get = (path: string, token = fx.tokens.admin) => server.api('GET', path, token)

type Column = { id: string; type: string; [k: string]: unknown }
const techColumns = techDefinition.columns as Column[]
/** v2: 科技人员数 gone (and the rule on it), 负责人 now a number. */
const v2 = {
  ...techDefinition,
  columns: techColumns
    .filter((c) => c.id !== 'techStaff')
    .map((c) => (c.id === 'leader' ? { ...c, type: 'integer' } : c)),
  rules: [],
}
/** v3: 科技人员数 back, 负责人 text again. */
const v3 = techDefinition

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

describe('stored templates', () => {
  let id = ''

  it('refuses an invalid definition with 422 and the place of each problem in Chinese', async () => {
    const broken = structuredClone(techDefinition) as typeof techDefinition
    ;(broken.rules[0]!.when.all[1]!.left as { col: string }).col = 'techStaf'
    const res = await post('/api/templates', fx.tokens.admin, {
      unitId: fx.units.townA,
      kind: 'ledger',
      name: '科技台账',
      definition: broken,
    })
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid-definition')
    expect(res.body.issues).toContainEqual({
      path: 'rules[0].when.all[1].left.col',
      message: expect.stringContaining('列「techStaf」不存在'),
    })
  })

  it('lets only an admin of the unit save, and answers 201 {id, version: 1}', async () => {
    const body = {
      unitId: fx.units.townA,
      kind: 'ledger',
      name: '科技台账',
      definition: techDefinition,
    }
    expect((await post('/api/templates', fx.tokens.consolidator, body)).status).toBe(403)
    expect(
      (await post('/api/templates', fx.tokens.admin, { ...body, kind: 'report' })).status,
    ).toBe(400)
    const res = await post('/api/templates', fx.tokens.unitAdmin, body)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.any(String), version: 1 })
    id = res.body.id
    expect(['ledger', 'scoring', 'report', 'fiveStar']).not.toContain(id)
  })

  it('lists built-ins and the templates of units on the path and below', async () => {
    for (const token of [fx.tokens.filler, fx.tokens.consolidator, fx.tokens.admin]) {
      const res = await get('/api/templates', token)
      expect(res.status).toBe(200)
      expect(res.body.templates).toContainEqual({
        id: 'ledger',
        kind: 'ledger',
        name: '网格台账',
        unitId: null,
        version: 1,
        builtIn: true,
      })
      expect(res.body.templates).toContainEqual({
        id,
        kind: 'ledger',
        name: '科技台账',
        unitId: fx.units.townA,
        version: 1,
        builtIn: false,
      })
      expect(res.body.templates.map((t: { id: string }) => t.id)).toContain('fiveStar')
    }
    // 西镇 is neither above nor below a user of 三网格's township
    const b = await post('/api/users', fx.tokens.admin, {
      username: 'westlead',
      password: 'user-test-password',
      displayName: '西镇组长',
      grants: [{ unitId: fx.units.gridB1, role: 'lead' }],
    })
    expect(b.status).toBe(201)
    const west = await server.login('westlead', 'user-test-password')
    const ids = (await get('/api/templates', west)).body.templates.map((t: { id: string }) => t.id)
    expect(ids).not.toContain(id)
    expect((await get(`/api/templates/${id}`, west)).status).toBe(404)
  })

  it('publishes the next version on PUT and serves any version', async () => {
    expect((await put(`/api/templates/${id}`, fx.tokens.lead, { definition: v2 })).status).toBe(403)
    const bad = await put(`/api/templates/${id}`, fx.tokens.admin, { definition: { columns: [] } })
    expect(bad.status).toBe(422)
    const second = await put(`/api/templates/${id}`, fx.tokens.admin, { definition: v2 })
    expect(second.status).toBe(200)
    expect(second.body).toEqual({ id, version: 2 })
    const latest = await get(`/api/templates/${id}`, fx.tokens.filler)
    expect(latest.body).toMatchObject({
      id,
      kind: 'ledger',
      name: '科技台账',
      unitId: fx.units.townA,
      version: 2,
    })
    expect(latest.body.definition.columns.map((c: Column) => c.id)).not.toContain('techStaff')
    const first = await get(`/api/templates/${id}?version=1`, fx.tokens.filler)
    expect(first.body.version).toBe(1)
    expect(first.body.definition.columns.map((c: Column) => c.id)).toContain('techStaff')
    expect((await get(`/api/templates/${id}?version=7`)).status).toBe(404)
    const builtIn = await get('/api/templates/ledger', fx.tokens.filler)
    expect(builtIn.body).toMatchObject({ id: 'ledger', kind: 'ledger', version: 1, unitId: null })
    expect(builtIn.body.definition.columns.length).toBeGreaterThan(30)
    expect((await put('/api/templates/ledger', fx.tokens.admin, { definition: v2 })).status).toBe(
      403,
    )
  })

  it('moves a sheet across three versions without losing a value', async () => {
    // a template of 一网格 of its own, so the sheet starts on version 1 (POST pins the latest)
    const own = await post('/api/templates', fx.tokens.admin, {
      unitId: fx.units.gridA1,
      kind: 'ledger',
      name: '一网格科技台账',
      definition: techDefinition,
    })
    const tid = own.body.id as string
    const made = await post('/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: tid,
      title: '一网格科技台账',
    })
    expect(made.status).toBe(201)
    const sheetId = made.body.id as string
    const info = await get(`/api/sheets/${sheetId}`, fx.tokens.lead)
    expect(info.body).toMatchObject({ template: tid, templateVersion: 1, kind: 'ledger' })

    const c = connectSheet(server.wsUrl, sheetId, fx.tokens.lead)
    await c.synced
    expect(c.doc.getMap('meta').get('templateVersion')).toBe(1)
    insertRow(
      c.doc,
      {
        name: '甲科技',
        category: '非公企业',
        industry: '信息技术',
        employees: 60,
        techStaff: 40,
        members: 0,
        probationary: 0,
        orgForm: '未建立',
        leader: '张三',
      },
      { id: 'a' },
    )
    insertRow(
      c.doc,
      {
        name: '乙公司',
        category: '非公企业',
        employees: 8,
        techStaff: 5,
        orgForm: '未建立',
        leader: '12',
      },
      { id: 'b' },
    )
    await waitFor(async () => (await get(`/api/sheets/${sheetId}/rows`)).body.rows.length === 2, {
      what: 'rows stored',
    })
    const findings1 = (await get(`/api/sheets/${sheetId}/findings`)).body.findings
    expect(findings1).toContainEqual(
      expect.objectContaining({ rowId: 'a', rule: 'tech30-no-member', column: 'members' }),
    )

    // a client cannot re-pin its sheet: the guarded key is put back
    c.doc.transact(() => writeMeta(c.doc, { templateVersion: 9 }))
    await waitFor(() => c.doc.getMap('meta').get('templateVersion') === 1, { what: 'pin restored' })

    for (const v of [v2, v3]) {
      expect((await put(`/api/templates/${tid}`, fx.tokens.admin, { definition: v })).status).toBe(
        200,
      )
    }
    expect(
      (await post(`/api/sheets/${sheetId}/template`, fx.tokens.filler, { version: 2 })).status,
    ).toBe(403)
    expect(
      (await post(`/api/sheets/${sheetId}/template`, fx.tokens.lead, { version: 1 })).status,
    ).toBe(409)
    expect(
      (await post(`/api/sheets/${sheetId}/template`, fx.tokens.lead, { version: 4 })).status,
    ).toBe(404)

    const toV2 = await post(`/api/sheets/${sheetId}/template`, fx.tokens.lead, { version: 2 })
    expect(toV2.status).toBe(200)
    expect(toV2.body).toEqual({ version: 2, retyped: ['leader'], hidden: ['techStaff'] })
    expect((await get(`/api/sheets/${sheetId}`)).body.templateVersion).toBe(2)
    await waitFor(() => c.doc.getMap('meta').get('templateVersion') === 2, { what: 'pin relayed' })
    const rows2 = (await get(`/api/sheets/${sheetId}/rows`)).body.rows
    expect(rows2.map((r: Record<string, unknown>) => 'techStaff' in r)).toEqual([false, false])
    expect(rows2.map((r: Record<string, unknown>) => r.leader)).toEqual(['张三', 12])
    const findings2 = (await get(`/api/sheets/${sheetId}/findings`)).body.findings
    expect(findings2).toContainEqual(
      expect.objectContaining({ rowId: 'a', column: 'leader', rule: 'type' }),
    )
    expect(findings2.map((f: { rule: string }) => f.rule)).not.toContain('tech30-no-member')
    // the hidden values are still in the document
    const rowA = c.doc.getMap('rows').get('a') as { get(k: string): unknown }
    expect(rowA.get('techStaff')).toBe(40)

    const toV3 = await post(`/api/sheets/${sheetId}/template`, fx.tokens.lead, { version: 3 })
    expect(toV3.body).toEqual({ version: 3, retyped: ['leader'], hidden: [] })
    const rows3 = (await get(`/api/sheets/${sheetId}/rows`)).body.rows
    expect(rows3.map((r: Record<string, unknown>) => [r.techStaff, r.leader])).toEqual([
      [40, '张三'],
      [5, '12'],
    ])
    const findings3 = (await get(`/api/sheets/${sheetId}/findings`)).body.findings
    expect(findings3).toContainEqual(
      expect.objectContaining({ rowId: 'a', rule: 'tech30-no-member' }),
    )
    expect(findings3.map((f: { rule: string }) => f.rule)).not.toContain('type')
    c.destroy()
  })

  it('never moves an accepted sheet', async () => {
    const made = await post('/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: id,
      title: '待审核',
    })
    expect((await get(`/api/sheets/${made.body.id}`)).body.templateVersion).toBe(2)
    await put(`/api/templates/${id}`, fx.tokens.admin, { definition: v3 })
    expect((await post(`/api/sheets/${made.body.id}/submit`, fx.tokens.lead, {})).status).toBe(200)
    expect(
      (await post(`/api/sheets/${made.body.id}/accept`, fx.tokens.consolidator, {})).status,
    ).toBe(200)
    const res = await post(`/api/sheets/${made.body.id}/template`, fx.tokens.boss, { version: 3 })
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/锁定/)
  })

  it('opens a sheet whose pinned version no longer validates, and tells only admins why', async () => {
    const made = await post('/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: id,
      title: '旧版',
    })
    const latest = (await get(`/api/templates/${id}`)).body.version as number
    // a version an older gate let through (written behind the server's back): a rule on a
    // column that is not there
    const bad = JSON.stringify({
      ...techDefinition,
      rules: [{ ...techDefinition.rules[0], column: 'nope' }],
    })
    await insertVersion(id, latest + 1, bad)
    const admin = await get(`/api/templates/${id}`)
    expect(admin.body.version).toBe(latest + 1)
    expect(admin.body.problem).toMatchObject({ version: latest + 1, usedVersion: latest })
    expect(admin.body.problem.issues[0].path).toBe('definition.rules[0].column')
    const lead = await get(`/api/templates/${id}`, fx.tokens.lead)
    expect(lead.body).not.toHaveProperty('problem')
    // moving to it is refused; the sheet keeps working on its version
    const move = await post(`/api/sheets/${made.body.id}/template`, fx.tokens.lead, {
      version: latest + 1,
    })
    expect(move.status).toBe(422)
    expect((await get(`/api/sheets/${made.body.id}/findings`)).status).toBe(200)
    // a new sheet pins the broken latest version and still opens, on the last good one
    const fresh = await post('/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: id,
      title: '新表',
    })
    expect(fresh.status).toBe(201)
    expect((await get(`/api/sheets/${fresh.body.id}/rows`)).status).toBe(200)
    expect((await get(`/api/sheets/${fresh.body.id}/findings`)).status).toBe(200)
  })

  it('refuses a sheet from a template id that does not exist', async () => {
    const res = await post('/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: 'nope',
      title: 'x',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('没有这个表样')
  })
})

/** Insert a version row directly into the server's database (as an older release might have). */
async function insertVersion(templateId: string, version: number, definition: string) {
  const sql = `INSERT INTO template_versions (template_id, version, name, definition, created_by, created_at)
    VALUES ('${templateId}', ${version}, '科技台账', $def, NULL, '2026-01-01T00:00:00.000Z')`
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl })
    await client.connect()
    try {
      await client.query(sql.replace('$def', '$1'), [definition])
    } finally {
      await client.end()
    }
    return
  }
  const db = new Database(join(server.dataDir, 'taizhang.db'))
  try {
    db.prepare(sql.replace('$def', '?')).run(definition)
  } finally {
    db.close()
  }
}
