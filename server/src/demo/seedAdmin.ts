/**
 * @module demo/seedAdmin
 * The administration part of `--demo` (SPEC §11), so `/admin` shows real content at once:
 * 文峰街道's 朝阳社区 and its grids brought in through the units import (as a district would
 * from its Excel list: `admin/importUnits`), a township admin `admin1` of 城东街道 and
 * `admin2` of 文峰街道 with a few people of 朝阳社区 and a draft 网格台账 for each imported grid (so
 * the 汇总 lists them as 未报送 like the others), and one grid of 朝阳社区 archived (撤并) to
 * show what archiving looks like (under a community, so the demo's rounds, which go to the
 * townships' own grids, never target it). The documented demo (2 街道, 3 镇, 2–4 网格 directly under
 * each) stays as it is. Demo users keep the demo password and need not change it.
 */
import type { MetaStore } from '../storage/MetaStore'
import type { UnitLevel } from '@taizhang/schema'
import { importUnits } from '../admin/importUnits'
import type { AdminRow } from '../admin/adminTable'

const IMPORTED: [string, string, string][] = [
  ['文峰街道', '朝阳社区', '朝阳社区第一网格'],
  ['文峰街道', '朝阳社区', '朝阳社区第二网格'],
]

export async function seedAdmin({
  store,
  district,
  passwordHash,
  ledger,
  log,
}: {
  store: MetaStore
  district: string
  passwordHash: string
  /** Makes a grid's draft 网格台账 with demo rows (seedDemo's own sheet maker). */
  ledger: (unitId: string, grid: string, township: string, createdBy: string) => Promise<unknown>
  log: (line: string) => void
}): Promise<void> {
  const admin = await store.users.byUsername('admin')
  if (!admin) return
  const rows: AdminRow<UnitLevel>[] = IMPORTED.map(([township, community, grid], i) => ({
    row: i + 1,
    values: { district, township, community, grid },
  }))
  await importUnits(store, admin, rows, { preview: false })
  const units = await store.units.list()
  const byName = (name: string) => units.find((u) => u.name === name)!
  const people: [string, string, string, 'admin' | 'lead' | 'filler' | 'consolidator'][] = [
    ['admin1', '城东街道管理员', '城东街道', 'admin'],
    ['admin2', '文峰街道管理员', '文峰街道', 'admin'],
    ['chaoyang1.lead', '朝阳社区一网格组长', '朝阳社区第一网格', 'lead'],
    ['chaoyang1.filler', '朝阳社区一网格填报员', '朝阳社区第一网格', 'filler'],
    ['chaoyang2.filler', '朝阳社区二网格填报员', '朝阳社区第二网格', 'filler'],
  ]
  const made = new Map<string, string>()
  for (const [username, displayName, unit, role] of people) {
    const user = await store.users.create({
      username,
      displayName,
      passwordHash,
      grants: [{ unitId: byName(unit).id, role }],
    })
    made.set(username, user.id)
  }
  for (const [township, , grid] of IMPORTED) {
    await ledger(byName(grid).id, grid, township, made.get('chaoyang1.lead')!)
  }
  // a grid merged into its neighbour: archived, still in the tree for its history
  const merged = await store.units.create({
    name: '朝阳社区第三网格（已撤并）',
    parentId: byName('朝阳社区').id,
    level: 'grid',
  })
  await store.units.archive(merged.id, new Date().toISOString())
  log('  admin1             城东街道管理员（/admin 只见城东街道）')
  log('  admin2             文峰街道管理员（朝阳社区由单位导入创建）')
}
