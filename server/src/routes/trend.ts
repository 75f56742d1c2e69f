/**
 * @module routes/trend
 * `GET /api/units/:id/trend?template=ID&indicator=ID[&indicator=…]` → `{periods:[…],
 * series:{id:[…]}, rounds:[{period, periodLabel, ids}]}` (SPEC §8): each indicator of the
 * unit over the rounds of a template in period order, each period from the accepted sheets of
 * its round(s) inside the unit's subtree (a rate as `{num, den, pct}`). Rounds of one period
 * issued at different units count together. Anyone who may read the unit may read its trend.
 */
import { canRead, comparePeriods, periodLabel, templateFigures, type Row } from '@taizhang/schema'
import { Hono } from 'hono'
import { unitTree } from '../auth/unitTree'
import { StoredSheets } from '../consolidation/storedSheets'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { badRequest, forbidden, notFound } from '../http/errors'
import { requireAuth } from '../http/requireAuth'
import { roundTemplate } from '../rounds/roundTemplate'

export function trendRoutes(deps: AppDeps) {
  const { store, sessions } = deps
  const auth = requireAuth({ sessions })
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })
  return new Hono<AppEnv>().get('/:id/trend', auth, async (c) => {
    const tree = await unitTree(store)
    const id = c.req.param('id')
    if (!tree.has(id)) throw notFound('单位不存在')
    if (!canRead(tree, c.get('user'), id)) throw forbidden('没有查看该单位的权限')
    const template = roundTemplate(c.req.query('template') ?? 'ledger')
    if (!template?.grid) throw badRequest('没有这个表样', 'unknown-template')
    const grid = template.grid
    const known = new Set(grid.indicators.map((i) => i.id))
    const indicators = c.req.queries('indicator') ?? []
    if (indicators.length === 0) throw badRequest('需要参数 indicator（汇总指标）', 'missing-query')
    const unknown = indicators.find((i) => !known.has(i))
    if (unknown) throw badRequest(`未知的汇总指标：${unknown}`, 'bad-query')

    const inside = new Set(tree.subtree(id).map((u) => u.id))
    const rounds = await store.rounds.listByTemplate(template.id)
    const roundSheets = (await store.rounds.sheetsOf(rounds.map((r) => r.id))).filter((rs) =>
      inside.has(rs.unitId),
    )
    const byRound = new Map<string, string[]>()
    for (const rs of roundSheets) {
      const list = byRound.get(rs.roundId)
      if (list) list.push(rs.sheetId)
      else byRound.set(rs.roundId, [rs.sheetId])
    }
    const periods = new Map<string, { ids: string[]; sheetIds: string[] }>()
    for (const r of rounds) {
      const ids = byRound.get(r.id)
      if (!ids) continue
      const p = periods.get(r.period) ?? { ids: [], sheetIds: [] }
      p.ids.push(r.id)
      p.sheetIds.push(...ids)
      periods.set(r.period, p)
    }
    const ordered = [...periods.keys()].sort(comparePeriods)
    const status = new Map(
      (await store.sheets.list([...new Set(roundSheets.map((rs) => rs.unitId))])).map((s) => [
        s.id,
        s.status,
      ]),
    )
    const series: Record<string, unknown[]> = Object.fromEntries(indicators.map((i) => [i, []]))
    for (const period of ordered) {
      const rows: Row[] = []
      for (const sheetId of periods.get(period)!.sheetIds) {
        if (status.get(sheetId) !== 'accepted') continue
        for (const row of (await sheets.read(sheetId, grid)).rows) rows.push(row)
      }
      const values = templateFigures(grid, rows).values
      for (const i of indicators) series[i]!.push(values[i] ?? null)
    }
    c.header('Cache-Control', 'no-store')
    return c.json({
      periods: ordered,
      series,
      rounds: ordered.map((p) => ({
        period: p,
        periodLabel: periodLabel(p),
        ids: periods.get(p)!.ids,
      })),
    })
  })
}
