/**
 * @module demo/seedRounds
 * The demo's reporting rounds (SPEC §8), so `npm start` shows them at once: the district
 * issues last quarter's 网格台账 to every grid (carried forward from the grids' ledgers) and
 * this quarter's (carried forward from last quarter's). Last quarter is mostly accepted, with
 * one grid still not submitted after its due date (逾期, with a 催报) and one returned; this
 * quarter has a few organisations changed, one gone and one new in 幸福社区第一网格 (a compare
 * with changes), some grids accepted, 光明社区第一网格 waiting for review, the rest filling
 * in before a due date a week ahead.
 * Not for: the units, users and hand-made sheets (demo/seedDemo.ts).
 */
import {
  chinaDate,
  deleteRow,
  insertRow,
  readRows,
  setCell,
  withCheckChar,
  writeMeta,
  type SheetStatus,
} from '@taizhang/schema'
import { issueRound } from '../rounds/issueRound'
import { roundTemplate } from '../rounds/roundTemplate'
import type { MetaStore } from '../storage/MetaStore'
import type { Unit } from '../storage/UnitStore'
import type { RoomsApi } from '../sync/RoomsApi'

export interface SeedRoundsOptions {
  store: MetaStore
  rooms: RoomsApi
  district: string
  now?: Date
}

/** The quarter of a date in China, as `YYYY-Qn`, and the one before it. */
function quarters(now: Date): { previous: string; current: string; previousEnd: string } {
  const [y, m] = chinaDate(now).split('-').map(Number) as [number, number]
  const q = Math.ceil(m / 3)
  const prevYear = q === 1 ? y - 1 : y
  const prevQ = q === 1 ? 4 : q - 1
  const endMonth = prevQ * 3
  const lastDay = new Date(Date.UTC(prevYear, endMonth, 0)).getUTCDate()
  return {
    previous: `${prevYear}-Q${prevQ}`,
    current: `${y}-Q${q}`,
    previousEnd: `${prevYear}-${String(endMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`,
  }
}

export async function seedRounds({
  store,
  rooms,
  district,
  now = new Date(),
}: SeedRoundsOptions): Promise<void> {
  const template = roundTemplate('ledger')!
  const units = await store.units.list()
  const districtUnit = units.find((u) => u.id === district)!
  const townships = units.filter((u) => u.parentId === district && u.level === 'township')
  const townshipOf = new Map<string, Unit>()
  for (const t of townships) {
    for (const u of units) if (u.parentId === t.id) townshipOf.set(u.id, t)
  }
  const grids = units.filter((u) => u.level === 'grid' && townshipOf.has(u.id))
  const admin = (await store.users.byUsername('admin'))?.id ?? null
  const users = new Map<string, string>()
  const userAt = async (name: string) => {
    if (!users.has(name)) users.set(name, (await store.users.byUsername(name))?.id ?? '')
    return users.get(name) || null
  }
  const { previous, current, previousEnd } = quarters(now)

  const move = async (sheetId: string, status: SheetStatus, grid: Unit) => {
    if (status === 'draft') return
    const t = townships.indexOf(townshipOf.get(grid.id)!)
    const g = units.filter((u) => u.parentId === townshipOf.get(grid.id)!.id).indexOf(grid)
    const lead = await userAt(`lead${t + 1}-${g + 1}`)
    const consolidator = await userAt(`consolidator${t + 1}`)
    await store.sheets.transition(sheetId, 'draft', 'submitted', { action: 'submit', userId: lead })
    if (status !== 'submitted') {
      await store.sheets.transition(sheetId, 'submitted', status, {
        action: status === 'accepted' ? 'accept' : 'return',
        userId: consolidator,
        reason: status === 'returned' ? '新增企业的统一社会信用代码缺失，请补充后重新提交' : null,
      })
    }
    await rooms.applyServerChange(sheetId, null, (doc) => writeMeta(doc, { status }))
    if (status === 'accepted') await rooms.setLocked(sheetId, true)
  }

  // last quarter: due at its end, all but two accepted
  const last = await issueRound(
    { store, rooms },
    {
      issuer: districtUnit,
      template,
      period: previous,
      dueDate: previousEnd,
      targets: grids,
      userId: admin,
    },
  )
  const gridById = new Map(grids.map((g) => [g.id, g]))
  for (const s of last.sheets) {
    const grid = gridById.get(s.unitId)!
    const status: SheetStatus =
      grid.name === '文苑社区第二网格'
        ? 'draft'
        : grid.name === '红旗村第二网格'
          ? 'returned'
          : 'accepted'
    await move(s.sheetId, status, grid)
  }
  const late = last.sheets.find((s) => gridById.get(s.unitId)!.name === '文苑社区第二网格')
  if (late) {
    await store.rounds.addReminders([
      { roundId: last.round.id, unitId: late.unitId, message: '已逾期，请尽快报送', by: admin },
    ])
  }

  // this quarter: carried forward from last quarter, due in a week
  const next = await issueRound(
    { store, rooms },
    {
      issuer: districtUnit,
      template,
      period: current,
      dueDate: chinaDate(new Date(now.getTime() + 7 * 86_400_000)),
      targets: grids,
      userId: admin,
    },
  )
  for (const s of next.sheets) {
    const grid = gridById.get(s.unitId)!
    if (grid.name === '幸福社区第一网格') {
      const lead = await userAt('lead1-1')
      await rooms.applyServerChange(s.sheetId, lead, (doc) => {
        const rows = readRows(doc)
        if (rows.length < 4) return
        setCell(doc, rows[0]!.id, 'employees', Number(rows[0]!.employees ?? 0) + 12)
        setCell(doc, rows[1]!.id, 'members', Number(rows[1]!.members ?? 0) + 1)
        setCell(doc, rows[2]!.id, 'note', '本季度更换负责人')
        deleteRow(doc, rows[3]!.id)
        insertRow(doc, {
          name: '盐城市亭湖区新开数字科技有限公司',
          creditCode: withCheckChar('91320902MAE8K3L21'),
          category: '非公企业',
          industry: '软件和信息技术服务',
          grid: grid.name,
          employees: 26,
          members: 1,
          probationary: 0,
        })
      })
    }
    const status: SheetStatus = ['幸福社区第一网格', '幸福社区第二网格'].includes(grid.name)
      ? 'accepted'
      : grid.name === '光明社区第一网格'
        ? 'submitted'
        : 'draft'
    await move(s.sheetId, status, grid)
  }
}
