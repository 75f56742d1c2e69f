/**
 * @module tests/security/unitIsolation
 * "Nobody sees another unit's data" (docs/RELIABILITY.md §4): users of one unit hit EVERY route of the
 * API and the sync endpoint with the ids of a sibling unit (a grid beside theirs, a township
 * beside theirs) and get 403/404 — or, for list routes, a list without the other unit — and
 * no response, error message or export carries the other unit's names, titles or rows.
 *
 * The route list is checked against the route files: a new route in server/src/routes/
 * fails this suite until it is added to `ROUTES` below (and so tested for leaks).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { insertRow, RECTIFICATION_ACTIONS } from '@taizhang/schema'
import { techDefinition } from '@taizhang/schema/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  REPO_ROOT,
  seedFixture,
  startTestServer,
  type Fixture,
  type TestServer,
} from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'
import { photo, scores, upload, writeRows } from '../helpers/rectification'

let server: TestServer
let fx: Fixture
/** Rounds reaching only 二网格 (issued at 东街道) and only 西镇 (issued there). */
const rounds = { gridA2: '', townB: '' }
/** A stored template (SPEC §7) of each township and of 二网格, each with a sheet using it. */
const templates = { townA: '', townB: '', gridA2: '' }
/**
 * 整改台账 items of a team's scoring sheet (SPEC §9) given to 二网格 and to 三网格, each with a
 * 佐证材料 photo uploaded by boss; the team's sheet is readable by none of the outsiders.
 */
const rect = { teamSheet: '', itemA2: '', itemB1: '', photoA2: '', photoB1: '' }

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
  // rows with names that must never reach an outsider
  for (const [sheet, name] of [
    [fx.sheets.sheetA2, '隔壁秘密企业'],
    [fx.sheets.sheetB1, '西镇秘密企业'],
  ] as const) {
    const c = connectSheet(server.wsUrl, sheet, fx.tokens.boss)
    await c.synced
    insertRow(c.doc, { name: name, leader: '秘密负责人', phone: '13800000000' }, { id: 'secret' })
    await waitFor(
      async () =>
        (await server.api('GET', `/api/sheets/${sheet}/rows`, fx.tokens.admin)).body.rows
          ?.length === 1,
      { what: 'secret row stored' },
    )
    c.destroy()
  }
  const issue = async (unitId: string, units?: string[]) => {
    const res = await server.api('POST', '/api/rounds', fx.tokens.boss, {
      unitId,
      template: 'ledger',
      period: '2026-Q1',
      dueDate: '2026-03-31',
      ...(units ? { units } : {}),
    })
    expect(res.status).toBe(201)
    return res.body.id as string
  }
  rounds.gridA2 = await issue(fx.units.townA, [fx.units.gridA2])
  rounds.townB = await issue(fx.units.townB)
  const template = async (unitId: string, name: string) => {
    const res = await server.api('POST', '/api/templates', fx.tokens.admin, {
      unitId,
      kind: 'ledger',
      name,
      definition: techDefinition,
    })
    expect(res.status).toBe(201)
    const sheet = await server.api('POST', '/api/sheets', fx.tokens.admin, {
      unitId,
      template: res.body.id,
      title: `${name}的表`,
    })
    expect(sheet.status).toBe(201)
    return res.body.id as string
  }
  templates.townA = await template(fx.units.townA, '东街道表样')
  templates.townB = await template(fx.units.townB, '西镇秘密表样')
  templates.gridA2 = await template(fx.units.gridA2, '二网格秘密表样')

  const team = await server.api('POST', '/api/units', fx.tokens.admin, {
    name: '督查组',
    parentId: fx.units.district,
    level: 'township',
  })
  const scoring = await server.api('POST', '/api/sheets', fx.tokens.boss, {
    unitId: team.body.id,
    template: 'scoring',
    title: '督查评分表',
  })
  rect.teamSheet = scoring.body.id
  await writeRows(server, rect.teamSheet, fx.tokens.boss, [
    { id: 'secretA2', org: '隔壁秘密企业', ...scores({ sign: 1 }), problems: '秘密负责人未到岗' },
    { id: 'secretB1', org: '西镇秘密企业', ...scores({ flag: 0 }), problems: '西镇秘密问题' },
  ])
  const made = await server.api('POST', '/api/rectifications/generate', fx.tokens.boss, {
    sheetId: rect.teamSheet,
  })
  expect(made.body).toEqual({ created: 2, existing: 0 })
  const list = await server.api('GET', `/api/rectifications?unit=${team.body.id}`, fx.tokens.boss)
  for (const [rowId, unitId, key, seed] of [
    ['secretA2', fx.units.gridA2, 'A2', 101],
    ['secretB1', fx.units.gridB1, 'B1', 102],
  ] as const) {
    const item = list.body.items.find((i: { rowId: string }) => i.rowId === rowId)
    const up = await upload(server, fx.tokens.boss, photo(seed))
    expect(up.status).toBe(201)
    const patched = await server.api('PATCH', `/api/rectifications/${item.id}`, fx.tokens.boss, {
      unitId,
      evidence: [up.body.id],
    })
    expect(patched.status).toBe(200)
    rect[`item${key}`] = item.id
    rect[`photo${key}`] = up.body.id
  }
})
afterAll(async () => {
  await server?.stop()
})

/** Mount prefix of each route file (see server/src/app.ts). */
const PREFIX: Record<string, string> = {
  auth: '/api',
  syncTicket: '/api',
  logoutEverywhere: '/api',
  units: '/api/units',
  users: '/api/users',
  userAdmin: '/api/users',
  unitImport: '/api/units',
  userImport: '/api/users',
  me: '/api/me',
  sheets: '/api/sheets',
  workflow: '/api/sheets',
  stateVector: '/api/sheets',
  exports: '/api/sheets',
  imports: '/api/sheets',
  consolidation: '/api/units',
  audit: '/api/audit',
  tasks: '/api/me',
  rounds: '/api/rounds',
  trend: '/api/units',
  sheetCompare: '/api/sheets',
  templates: '/api/templates',
  rectifications: '/api/rectifications',
  rectificationExport: '/api/units',
  attachments: '/api/attachments',
  sync: '/sync',
  ops: '',
}

/** Every route, as `METHOD /path` with `:id` for the target's id. */
const ROUTES = [
  'POST /api/login',
  'POST /api/logout',
  'POST /api/logout-everywhere',
  'GET /api/me',
  'POST /api/sync-ticket',
  'GET /api/me/tasks',
  'GET /api/units',
  'POST /api/units',
  'POST /api/users',
  'POST /api/users/:id/grants',
  'POST /api/users/:id/grants/revoke',
  'GET /api/users',
  'PATCH /api/users/:id',
  'POST /api/users/:id/password',
  'POST /api/me/password',
  'PATCH /api/units/:id',
  'POST /api/units/import',
  'GET /api/units/import/template',
  'POST /api/users/import',
  'GET /api/users/import/template',
  'POST /api/units/:id/archive',
  'GET /api/audit',
  'GET /api/sheets',
  'POST /api/sheets',
  'GET /api/sheets/:id',
  'GET /api/sheets/:id/rows',
  'GET /api/sheets/:id/findings',
  'GET /api/sheets/:id/conflicts',
  'POST /api/sheets/:id/conflicts/resolve',
  'GET /api/sheets/:id/history',
  'POST /api/sheets/:id/submit',
  'POST /api/sheets/:id/return',
  'POST /api/sheets/:id/accept',
  'POST /api/sheets/:id/reopen',
  'GET /api/sheets/:id/events',
  'GET /api/sheets/:id/state-vector',
  'GET /api/sheets/:id/state',
  'GET /api/sheets/:id/export',
  'POST /api/sheets/:id/import',
  'GET /api/units/:id/consolidation',
  'GET /api/units/:id/consolidation/drilldown',
  'GET /api/units/:id/consolidation/export',
  'POST /api/rounds',
  'GET /api/rounds',
  'GET /api/rounds/:id',
  'POST /api/rounds/:id/remind',
  'GET /api/rounds/:id/compare',
  'GET /api/rounds/:id/compare/export',
  'GET /api/units/:id/trend',
  'GET /api/sheets/:id/compare',
  'GET /api/sheets/:id/compare/export',
  'POST /api/sheets/:id/template',
  'GET /api/templates',
  'GET /api/templates/:id',
  'POST /api/templates',
  'PUT /api/templates/:id',
  'POST /api/rectifications/generate',
  'GET /api/rectifications',
  'GET /api/rectifications/:id',
  'PATCH /api/rectifications/:id',
  'GET /api/rectifications/:id/units',
  ...RECTIFICATION_ACTIONS.map((a) => `POST /api/rectifications/:id/${a}`),
  'POST /api/attachments',
  'GET /api/attachments/:id',
  'GET /api/units/:id/rectifications/export',
  'GET /sync/:sheetId',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
]

/** Routes that answer anybody and name no unit: only checked for leaks. */
const PUBLIC = [
  'GET /api/me',
  'POST /api/sync-ticket',
  'GET /api/me/tasks',
  'GET /api/units',
  // lists only the built-ins and the templates of units on the caller's path and below
  'GET /api/templates',
  'POST /api/login',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'POST /api/me/password',
  // the imports name no unit in the URL: a file's rows outside the caller's subtrees are
  // rejected row by row (tests/api/adminImport.test.ts); the templates are the same for all
  'POST /api/units/import',
  'GET /api/units/import/template',
  'POST /api/users/import',
  'GET /api/users/import/template',
  // an upload names no unit; what it may be read through is checked on GET
  'POST /api/attachments',
]

/** Routes declared in server/src/routes/*.ts, with their mount prefix. */
function declaredRoutes(): string[] {
  const dir = join(REPO_ROOT, 'server/src/routes')
  const out: string[] = []
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
    const name = file.replace(/\.ts$/, '')
    const source = readFileSync(join(dir, file), 'utf8')
    // route declarations only: their path starts with '/' (c.get('user') does not)
    for (const m of source.matchAll(/\.(get|post|put|patch|delete)\(\s*[`'"](\/[^`'"]*)[`'"]/g)) {
      const method = m[1]!.toUpperCase()
      const actions =
        name === 'rectifications'
          ? [...RECTIFICATION_ACTIONS]
          : ['submit', 'return', 'accept', 'reopen']
      const paths = m[2]!.includes('${action}')
        ? actions.map((a) => m[2]!.replace('${action}', a))
        : [m[2]!]
      for (const p of paths) {
        const full = ((PREFIX[name] ?? `/?${name}`) + p).replace(/\/$/, '')
        out.push(`${method} ${full}`)
      }
    }
  }
  return out
}

interface Outsider {
  who: keyof Fixture['tokens']
  /** Ids of a unit and a sheet the user must not see. */
  unit: () => string
  sheet: () => string
  /** A round that reaches only units the user must not see. */
  round: () => string
  /** A stored template of a unit the user must not see. */
  template: () => string
  /** A rectification item of a unit the user must not see, and its photo. */
  item: () => string
  photo: () => string
  /** Texts that must appear in no answer. */
  secrets: string[]
}

const outsiders: Outsider[] = [
  {
    who: 'filler',
    unit: () => fx.units.gridA2,
    sheet: () => fx.sheets.sheetA2,
    round: () => rounds.gridA2,
    template: () => templates.gridA2,
    item: () => rect.itemA2,
    photo: () => rect.photoA2,
    secrets: ['隔壁秘密', '西镇秘密', '秘密负责人', '二网格', '三网格', '西镇'],
  },
  {
    who: 'lead',
    unit: () => fx.units.gridB1,
    sheet: () => fx.sheets.sheetB1,
    round: () => rounds.townB,
    template: () => templates.townB,
    item: () => rect.itemB1,
    photo: () => rect.photoB1,
    secrets: ['隔壁秘密', '西镇秘密', '秘密负责人', '二网格', '三网格', '西镇'],
  },
  {
    who: 'consolidator',
    unit: () => fx.units.townB,
    sheet: () => fx.sheets.sheetB1,
    round: () => rounds.townB,
    template: () => templates.townB,
    item: () => rect.itemB1,
    photo: () => rect.photoB1,
    secrets: ['西镇秘密', '三网格', '西镇'],
  },
  {
    // an admin of a township: may manage users there, not in the township beside it
    who: 'unitAdmin',
    unit: () => fx.units.gridB1,
    sheet: () => fx.sheets.sheetB1,
    round: () => rounds.townB,
    template: () => templates.townB,
    item: () => rect.itemB1,
    photo: () => rect.photoB1,
    secrets: ['西镇秘密', '三网格', '西镇'],
  },
]

/** A body each POST route would accept from someone who may act on the target. */
function bodyFor(route: string, o: Outsider): unknown {
  if (route === 'PATCH /api/users/:id') return { displayName: '改掉', disabled: true }
  if (route === 'POST /api/users/:id/password') return { password: 'intruder-password' }
  if (route === 'PATCH /api/units/:id') return { name: '改掉' }
  if (route.endsWith('/login')) return { username: 'boss', password: 'wrong-password' }
  if (route === 'POST /api/units') return { name: '越权单位', parentId: o.unit(), level: 'grid' }
  if (route === 'POST /api/users') {
    return {
      username: `intruder${o.who}`,
      password: 'intruder-password',
      displayName: '越权',
      grants: [{ unitId: o.unit(), role: 'filler' }],
    }
  }
  if (route.includes('/grants')) return { grants: [{ unitId: o.unit(), role: 'lead' }] }
  if (route === 'POST /api/rounds') {
    return { unitId: o.unit(), template: 'ledger', period: '2027-Q1', dueDate: '2027-03-31' }
  }
  if (route.endsWith('/remind')) return { message: '越权催报' }
  if (route === 'POST /api/sheets') return { unitId: o.unit(), template: 'ledger', title: '越权表' }
  if (route === 'POST /api/templates') {
    return { unitId: o.unit(), kind: 'ledger', name: '越权表样', definition: techDefinition }
  }
  if (route === 'PUT /api/templates/:id') return { name: '改掉', definition: techDefinition }
  if (route === 'POST /api/sheets/:id/template') return { version: 2 }
  if (route.endsWith('/resolve')) return { rowId: 'secret', column: 'name', value: '改掉' }
  if (route.endsWith('/return') || route.endsWith('/reopen') || route.endsWith('/reject'))
    return { reason: '越权' }
  if (route === 'POST /api/rectifications/generate') return { sheetId: rect.teamSheet }
  if (route === 'PATCH /api/rectifications/:id') {
    return { progress: '改掉', unitId: o.unit(), evidence: [o.photo()] }
  }
  return undefined
}

function urlFor(route: string, o: Outsider): string {
  const [, path] = route.split(' ') as [string, string]
  // a user id of somebody above the outsider's reach (boss: the district)
  const id = path.startsWith('/api/units/')
    ? o.unit()
    : path.startsWith('/api/rounds/')
      ? o.round()
      : path.startsWith('/api/rectifications/')
        ? o.item()
        : path.startsWith('/api/attachments/')
          ? o.photo()
          : path.startsWith('/api/users/')
            ? fx.users.boss
            : path.startsWith('/api/templates/')
              ? o.template()
              : o.sheet()
  let url = path.replace(':id', id).replace(':sheetId', o.sheet())
  if (
    route === 'GET /api/sheets' ||
    route === 'GET /api/rounds' ||
    route === 'GET /api/rectifications'
  )
    url += `?unit=${o.unit()}`
  if (route.endsWith('/history')) url += '?row=secret&column=name'
  if (route === 'GET /api/users') url += `?unit=${o.unit()}`
  if (route.endsWith('/export')) url += '?format=csv'
  if (route.endsWith('/consolidation')) url += '?template=ledger'
  if (route.endsWith('/trend')) url += '?template=ledger&indicator=orgCount'
  if (route.includes('/compare'))
    url += `${url.includes('?') ? '&' : '?'}with=${path.startsWith('/api/rounds/') ? o.round() : o.sheet()}`
  return url
}

describe('no data of another unit in any response', () => {
  it('the route list covers every route the route files declare', () => {
    const missing = declaredRoutes().filter((r) => !ROUTES.includes(r))
    expect(missing).toEqual([])
  })

  for (const o of outsiders) {
    it(`${o.who}: every route with a sibling unit's ids is 403/404 and leaks nothing`, async () => {
      const token = fx.tokens[o.who]
      const problems: string[] = []
      for (const route of ROUTES) {
        if (route.includes('/logout')) continue // ends the session the loop uses; checked below
        const [method] = route.split(' ') as [string]
        if (route.startsWith('GET /sync')) {
          const client = connectSheet(server.wsUrl, o.sheet(), token)
          const closed = await client.closed
          client.destroy()
          if (closed.code !== 4403) problems.push(`${route} closed ${closed.code}`)
          for (const s of o.secrets)
            if (closed.reason.includes(s)) problems.push(`${route} leaked ${s}`)
          continue
        }
        const res = await server.api(method, urlFor(route, o), token, bodyFor(route, o))
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body)
        for (const s of o.secrets) {
          if (text.includes(s)) problems.push(`${route} leaked ${s}: ${text.slice(0, 120)}`)
        }
        if (PUBLIC.includes(route)) continue
        if (res.status !== 403 && res.status !== 404) {
          problems.push(`${route} → ${res.status} ${text.slice(0, 120)}`)
        }
      }
      expect(problems).toEqual([])
      // the list routes without a filter: only what the user may see
      const all = await server.api('GET', '/api/sheets', token)
      expect(all.status).toBe(200)
      expect(all.body.sheets.map((s: { id: string }) => s.id)).not.toContain(o.sheet())
      const allRounds = await server.api('GET', '/api/rounds', token)
      expect(allRounds.body.rounds.map((r: { id: string }) => r.id)).not.toContain(o.round())
      // the sheet is unchanged by everything the outsider tried
      const rows = await server.api('GET', `/api/sheets/${o.sheet()}/rows`, fx.tokens.admin)
      expect(rows.body.rows.map((r: { name: string }) => r.name)).not.toContain('改掉')
      const sheet = await server.api('GET', `/api/sheets/${o.sheet()}`, fx.tokens.admin)
      expect(sheet.body.status).toBe('draft')
      expect(sheet.body.templateVersion).toBe(1)
      // the other unit's template: not listed, unchanged, and no sheet of one's own from it
      const listed = await server.api('GET', '/api/templates', token)
      const ids = listed.body.templates.map((t: { id: string }) => t.id)
      expect(ids).not.toContain(o.template())
      expect(ids).toContain('ledger')
      const stored = await server.api('GET', `/api/templates/${o.template()}`, fx.tokens.admin)
      expect([stored.body.version, stored.body.name]).toEqual([1, expect.stringContaining('秘密')])
      const own = await server.api('POST', '/api/sheets', token, {
        unitId: fx.units.gridA1,
        template: o.template(),
        title: '借用表样',
      })
      expect([400, 403]).toContain(own.status)
      for (const s of o.secrets) expect(JSON.stringify(own.body)).not.toContain(s)
      // the item too: still open, still the other unit's, nothing written into it
      const item = await server.api('GET', `/api/rectifications/${o.item()}`, fx.tokens.admin)
      expect(item.body).toMatchObject({
        status: 'open',
        unitId: o.unit() === fx.units.gridA2 ? fx.units.gridA2 : fx.units.gridB1,
        progress: '',
      })
      const allItems = await server.api('GET', '/api/rectifications', token)
      expect(allItems.body.items.map((i: { id: string }) => i.id)).not.toContain(o.item())
    })
  }

  it('an unknown id and a foreign id look alike to an outsider (no existence oracle in text)', async () => {
    const token = fx.tokens.filler
    const foreign = await server.api('GET', `/api/sheets/${fx.sheets.sheetB1}/rows`, token)
    const unknown = await server.api('GET', '/api/sheets/no-such-sheet/rows', token)
    for (const res of [foreign, unknown]) {
      expect([403, 404]).toContain(res.status)
      expect(JSON.stringify(res.body)).not.toContain('西镇')
    }
    const foreignTemplate = await server.api('GET', `/api/templates/${templates.townB}`, token)
    const unknownTemplate = await server.api('GET', '/api/templates/t-nosuchtemplate', token)
    expect(foreignTemplate.status).toBe(404)
    expect(foreignTemplate.body).toEqual(unknownTemplate.body)
  })

  it('a template of the township above is seen and used below it', async () => {
    const listed = await server.api('GET', '/api/templates', fx.tokens.filler)
    expect(listed.body.templates.map((t: { id: string }) => t.id)).toContain(templates.townA)
    const made = await server.api('POST', '/api/sheets', fx.tokens.lead, {
      unitId: fx.units.gridA1,
      template: templates.townA,
      title: '一网格科技台账',
    })
    expect(made.status).toBe(201)
  })
})
