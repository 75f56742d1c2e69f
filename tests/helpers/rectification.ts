/**
 * @module tests/helpers/rectification
 * Fixtures for the 整改台账 and 佐证材料 suites (SPEC §9, §10), on top of `seedFixture`:
 *   区 district ─┬─ 督查一组 team (teamLead: lead, teamFiller: filler; scoring sheet `scoring`)
 *                ├─ 东街道 townA ─┬─ 一网格 gridA1 (ledger lists 甲公司 CODE_A1)
 *                │                └─ 二网格 gridA2 (ledger lists 乙公司 CODE_TWICE)
 *                └─ 西镇 townB ───── 三网格 gridB1 (ledger lists 乙公司 CODE_TWICE too;
 *                                                  gridB1Filler: filler — an outsider to gridA1)
 * The scoring sheet's rows: `full` (every criterion at its max: no item), `a1` (two criteria
 * short, found in gridA1), `twice` (grade 不合格, its code in two ledgers: no unit),
 * `nowhere` (short, its code in no ledger: no unit), `overdue` (short, deadline long past, in
 * gridA1). Plus `upload()` for multipart uploads and `writeRows()` over a sync socket.
 */
import { insertRow, scoringTemplate, withCheckChar, type CellValue } from '@taizhang/schema'
import { pngImage } from '@taizhang/server/test'
import { USER_PASSWORD, type Fixture, type TestServer } from './server'
import { connectSheet, waitFor } from './wsClient'

export const CODE_A1 = withCheckChar('91310000MA1FL0001')
export const CODE_TWICE = withCheckChar('91310000MA1FL0002')
export const CODE_NOWHERE = withCheckChar('91310000MA1FL0003')
export const CODE_OVERDUE = withCheckChar('91310000MA1FL0004')

/** Every criterion at its max, with `short` overriding some. */
export function scores(short: Record<string, number> = {}): Record<string, CellValue> {
  const row: Record<string, CellValue> = {}
  for (const c of scoringTemplate.criteria) row[c.id] = c.max
  return { ...row, ...short }
}

/** Every criterion at 0: grade 不合格. */
export function zeroScores(): Record<string, CellValue> {
  const row: Record<string, CellValue> = {}
  for (const c of scoringTemplate.criteria) row[c.id] = 0
  return row
}

/** Add rows (with the given ids) to a sheet over sync and wait until the server has them. */
export async function writeRows(
  server: TestServer,
  sheetId: string,
  token: string,
  rows: (Record<string, CellValue> & { id: string })[],
): Promise<void> {
  const c = connectSheet(server.wsUrl, sheetId, token)
  try {
    await c.synced
    for (const { id, ...values } of rows) insertRow(c.doc, values, { id })
    await waitFor(
      async () => {
        const res = await server.api('GET', `/api/sheets/${sheetId}/rows`, token)
        const ids = new Set((res.body.rows ?? []).map((r: { id: string }) => r.id))
        return rows.every((r) => ids.has(r.id))
      },
      { what: `rows stored in ${sheetId}` },
    )
  } finally {
    c.destroy()
  }
}

/** A multipart upload to POST /api/attachments. */
export async function upload(
  server: TestServer,
  token: string,
  bytes: Uint8Array,
  {
    name = 'photo.png',
    id,
    type = 'image/png',
  }: { name?: string; id?: string; type?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData()
  if (id !== undefined) form.append('id', id)
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const res = await fetch(`${server.url}/api/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  const text = await res.text()
  const body = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  return { status: res.status, body, headers: res.headers }
}

/** A small PNG that differs per `seed`. */
export const photo = (seed = 1, size = 8): Buffer =>
  pngImage({
    width: size,
    height: size,
    fill: (x, y) => [(x * seed) & 255, (y + seed) & 255, seed & 255],
  })

export interface RectificationFixture {
  team: string
  scoring: string
  users: { teamLead: string; teamFiller: string; gridB1Filler: string }
  tokens: { teamLead: string; teamFiller: string; gridB1Filler: string }
}

export async function seedRectificationFixture(
  server: TestServer,
  fx: Fixture,
  suffix = '',
): Promise<RectificationFixture> {
  const must = async (path: string, body: unknown) => {
    const res = await server.api('POST', path, fx.tokens.admin, body)
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`)
    }
    return res.body.id as string
  }
  const team = await must('/api/units', {
    name: `督查一组${suffix}`,
    parentId: fx.units.district,
    level: 'township',
  })
  const user = (username: string, unitId: string, role: string) =>
    must('/api/users', {
      username: username + suffix,
      password: USER_PASSWORD,
      displayName: username,
      grants: [{ unitId, role }],
    })
  const users = {
    teamLead: await user('teamlead', team, 'lead'),
    teamFiller: await user('teamfiller', team, 'filler'),
    gridB1Filler: await user('gridb1filler', fx.units.gridB1, 'filler'),
  }
  const tokens = {
    teamLead: await server.login('teamlead' + suffix, USER_PASSWORD),
    teamFiller: await server.login('teamfiller' + suffix, USER_PASSWORD),
    gridB1Filler: await server.login('gridb1filler' + suffix, USER_PASSWORD),
  }
  const boss = fx.tokens.boss
  await writeRows(server, fx.sheets.sheetA1, boss, [
    { id: 'orgA1', name: '甲公司', creditCode: CODE_A1 },
    { id: 'orgOverdue', name: '丁公司', creditCode: CODE_OVERDUE },
  ])
  await writeRows(server, fx.sheets.sheetA2, boss, [
    { id: 'orgTwiceA', name: '乙公司', creditCode: CODE_TWICE },
  ])
  await writeRows(server, fx.sheets.sheetB1, boss, [
    { id: 'orgTwiceB', name: '乙公司', creditCode: CODE_TWICE.toLowerCase() },
  ])
  const scoring = await must('/api/sheets', {
    unitId: team,
    template: 'scoring',
    title: `2026年督查评分表${suffix}`,
  })
  await writeRows(server, scoring, tokens.teamLead, [
    { id: 'full', org: '满分公司', ...scores() },
    {
      id: 'a1',
      org: '甲公司',
      creditCode: CODE_A1,
      ...scores({ sign: 1, funds: 6 }),
      problems: '无党组织标志；经费不足',
      rectification: '设立标志，按比例落实经费',
      deadline: '2099-06-30',
    },
    {
      id: 'twice',
      org: '乙公司',
      creditCode: CODE_TWICE,
      ...zeroScores(),
      problems: '党建工作未开展',
      rectification: '全面整改',
      deadline: '2099-06-30',
    },
    {
      id: 'nowhere',
      org: '丙公司',
      creditCode: CODE_NOWHERE,
      ...scores({ books: 0 }),
      problems: '无书报',
      rectification: '配备书报',
      deadline: '2099-06-30',
    },
    {
      id: 'overdue',
      org: '丁公司',
      creditCode: CODE_OVERDUE,
      ...scores({ flag: 0 }),
      problems: '无党旗',
      rectification: '悬挂党旗',
      deadline: '2020-01-31',
    },
  ])
  return { team, scoring, users, tokens }
}
