/**
 * @module demo/seedDemo
 * `taizhang serve --demo` (SPEC §6.2): a demo district so the product can be
 * tried at once —
 *   亭湖区 → 2 街道 (城东, 文峰) and 3 镇 (新河, 黄尖, 盐东) → 2–4 网格 each, plus the
 *   区委组织部第一督查组 (a unit of its own under the district, so its members write only
 *   their scoring sheet);
 *   users for every role: `reviewer` (district 查阅), `consolidator1…5` (审核员 of each
 *   街道/镇), `lead{t}-{g}` and `filler{t}-{g}` (组长 and 填报员 of each grid),
 *   `team1.lead` / `team1.inspector` (the inspection team);
 *   a 网格台账 per grid with realistic organisations (schema/src/demo/organisations), in
 *   every workflow state (most of 城东街道 accepted, so its 汇总表 has figures), the last
 *   grid of each township with rows that break rules on purpose; one 督查评分表;
 *   the district's own template 亭湖区科技企业台账 (`demo/demoTemplate.ts`, SPEC §7) with an
 *   accepted sheet of it at the first grid.
 * All demo users share one password: TAIZHANG_DEMO_PASSWORD, or one generated and printed
 * once. Idempotent: a database that already has the demo is left as it is.
 */
import { seedAdmin } from './seedAdmin'
import {
  createRandom,
  generateLedgerRows,
  generateScoringRows,
  personName,
  writeMeta,
  type Grant,
  type Row,
  type SheetStatus,
  type UnitLevel,
} from '@taizhang/schema'
import { generatePassword, hashPassword } from '../auth/passwords'
import type { MetaStore } from '../storage/MetaStore'
import type { RoomsApi } from '../sync/RoomsApi'
import { createSheet } from '../sheets/createSheet'
import { TEMPLATE_LIMITS } from '../storage/TemplateStore'
import { DEMO_TEMPLATE_ID, DEMO_TEMPLATE_NAME, demoTemplateDefinition } from './demoTemplate'
import { seedRounds } from './seedRounds'

export const DEMO_DISTRICT = '亭湖区'
/** The user whose presence marks a seeded database. */
const MARKER_USER = 'reviewer'

const TOWNSHIPS: { name: string; grids: string[] }[] = [
  { name: '城东街道', grids: ['幸福社区第一网格', '幸福社区第二网格', '光明社区第一网格'] },
  { name: '文峰街道', grids: ['文苑社区第一网格', '文苑社区第二网格'] },
  {
    name: '新河镇',
    grids: ['新河社区第一网格', '红旗村第一网格', '红旗村第二网格', '联合村第一网格'],
  },
  { name: '黄尖镇', grids: ['黄尖社区第一网格', '丰收村第一网格'] },
  { name: '盐东镇', grids: ['盐东社区第一网格', '永兴村第一网格', '胜利村第一网格'] },
]

/** Workflow state of each grid's ledger, by township index and grid index. */
function demoStatus(t: number, g: number, last: boolean): SheetStatus {
  if (last && t > 0) return 'draft' // the grid whose rows still break rules
  if (t === 0) return g === 2 ? 'submitted' : 'accepted'
  return (['accepted', 'submitted', 'returned', 'draft'] as const)[(t + g) % 4]!
}

export interface SeedOptions {
  store: MetaStore
  rooms: RoomsApi
  /** TAIZHANG_DEMO_PASSWORD; generated (and logged once) when absent. */
  password?: string
  log: (line: string) => void
}

export async function seedDemo({ store, rooms, password, log }: SeedOptions): Promise<boolean> {
  if (await store.users.byUsername(MARKER_USER)) return false
  const demoPassword = password ?? generatePassword()
  // one hash for every demo account: they share the password anyway, and 30 scrypt runs
  // would slow the first start for nothing
  const passwordHash = await hashPassword(demoPassword)
  const rng = createRandom('taizhang-demo')
  const accounts: string[] = []

  const unit = async (name: string, parentId: string | null, level: UnitLevel) =>
    (await store.units.create({ name, parentId, level })).id
  const user = async (username: string, role: Grant['role'], unitId: string, where: string) => {
    const displayName = personName(rng)
    const created = await store.users.create({
      username,
      displayName,
      passwordHash,
      grants: [{ unitId, role }],
    })
    accounts.push(`  ${username.padEnd(18)} ${displayName}（${where}）`)
    return created.id
  }
  const sheet = async (
    unitId: string,
    templateId: string,
    title: string,
    rows: Row[],
    createdBy: string,
  ) => (await createSheet({ store, rooms }, { unitId, templateId, title, rows, createdBy })).id
  const moveTo = async (
    sheetId: string,
    status: SheetStatus,
    lead: string,
    consolidator: string,
  ) => {
    if (status === 'draft') return
    await store.sheets.transition(sheetId, 'draft', 'submitted', { action: 'submit', userId: lead })
    if (status === 'accepted' || status === 'returned') {
      await store.sheets.transition(sheetId, 'submitted', status, {
        action: status === 'accepted' ? 'accept' : 'return',
        userId: consolidator,
        reason:
          status === 'returned' ? '部分企业从业人员数与上报数据不一致，请核实后重新提交' : null,
      })
    }
    await rooms.applyServerChange(sheetId, null, (doc) => writeMeta(doc, { status }))
    if (status === 'accepted') await rooms.setLocked(sheetId, true)
  }

  const district = await unit(DEMO_DISTRICT, null, 'district')
  await user(MARKER_USER, 'reviewer', district, `${DEMO_DISTRICT}委组织部 查阅`)
  const firstGridRows: Row[] = []
  let firstGrid: { id: string; name: string; lead: string; consolidator: string } | null = null
  for (const [t, township] of TOWNSHIPS.entries()) {
    const level: UnitLevel = 'township'
    const townshipId = await unit(township.name, district, level)
    const consolidator = await user(
      `consolidator${t + 1}`,
      'consolidator',
      townshipId,
      `${township.name} 审核员`,
    )
    for (const [g, grid] of township.grids.entries()) {
      const gridId = await unit(grid, townshipId, 'grid')
      const where = `${township.name}${grid}`
      const lead = await user(`lead${t + 1}-${g + 1}`, 'lead', gridId, `${where} 组长`)
      await user(`filler${t + 1}-${g + 1}`, 'filler', gridId, `${where} 填报员`)
      const last = g === township.grids.length - 1
      const rows = generateLedgerRows({
        seed: 'taizhang-demo',
        count: rng.int(12, 36),
        grid,
        township: township.name,
        district: DEMO_DISTRICT,
        withProblems: last && t > 0,
      })
      if (t === 0) firstGridRows.push(...rows)
      if (t === 0 && g === 0) firstGrid = { id: gridId, name: grid, lead, consolidator }
      const id = await sheet(gridId, 'ledger', `${grid}党建工作台账`, rows, lead)
      await moveTo(id, demoStatus(t, g, last), lead, consolidator)
    }
  }

  // administration (issue 18): a community by the units import, township admins, an archive
  await seedAdmin({
    store,
    district: DEMO_DISTRICT,
    passwordHash,
    log,
    ledger: (unitId, grid, township, createdBy) =>
      sheet(
        unitId,
        'ledger',
        `${grid}党建工作台账`,
        generateLedgerRows({
          seed: 'taizhang-demo',
          count: 12,
          grid,
          township,
          district: DEMO_DISTRICT,
        }),
        createdBy,
      ),
  })

  // the district's own template (SPEC §7): the ledger plus 科技人员数, 30 instead of 50
  await store.templates.create(
    {
      id: DEMO_TEMPLATE_ID,
      unitId: district,
      kind: 'ledger',
      name: DEMO_TEMPLATE_NAME,
      definition: JSON.stringify(demoTemplateDefinition),
      createdBy: null,
    },
    TEMPLATE_LIMITS,
  )
  if (firstGrid) {
    const techRows = generateLedgerRows({
      seed: 'taizhang-demo-tech',
      count: 14,
      grid: firstGrid.name,
      township: TOWNSHIPS[0]!.name,
      district: DEMO_DISTRICT,
    }).map((r) => ({
      ...r,
      techStaff:
        typeof r.employees === 'number' ? Math.round((r.employees * rng.int(1, 6)) / 10) : null,
    }))
    const techSheet = await sheet(
      firstGrid.id,
      DEMO_TEMPLATE_ID,
      `${firstGrid.name}${DEMO_TEMPLATE_NAME}`,
      techRows,
      firstGrid.lead,
    )
    await moveTo(techSheet, 'accepted', firstGrid.lead, firstGrid.consolidator)
  }

  const team = '第一督查组'
  const teamUnit = await unit(`区委组织部${team}`, district, 'grid')
  const teamLead = await user('team1.lead', 'lead', teamUnit, `${team} 组长`)
  await user('team1.inspector', 'filler', teamUnit, `${team} 督查员`)
  const scoring = generateScoringRows({
    seed: 'taizhang-demo',
    count: 12,
    ledgerRows: firstGridRows,
    team,
  })
  await sheet(
    teamUnit,
    'scoring',
    `城东街道两新组织党建工作督查评分表（${team}）`,
    scoring,
    teamLead,
  )

  await seedRounds({ store, rooms, district })

  log(`已创建演示数据：${DEMO_DISTRICT}（2 个街道、3 个镇），演示账号：`)
  for (const line of accounts) log(line)
  log(
    password
      ? '演示账号密码为 TAIZHANG_DEMO_PASSWORD 的值'
      : `演示账号统一密码：${demoPassword}（只显示这一次，请妥善保存）`,
  )
  return true
}
