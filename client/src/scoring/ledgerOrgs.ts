/**
 * @module scoring/ledgerOrgs
 * The organisations a scoring sheet may pick from: every row of the ledgers in the
 * sheet's unit and below — the units below through the consolidation drill-down of
 * 组织总数 (latest submitted state, so a grid that has not been accepted yet still
 * counts), the unit's own ledgers through their rows. Either source may be empty or
 * refused; what can be read is used. An inspection team (督查组) is often a unit of its
 * own with no ledger: then the nearest unit above it whose ledgers can be read is used
 * (the district's, for a team sent by the district).
 */
import type { CellValue } from '@taizhang/schema'
import { api } from '../api/client'
import { fetchSheets, fetchUnits } from '../api/endpoints'
import { fetchDrillDown } from '../summary/consolidationApi'
import { uniqueOrgs, type LedgerOrg } from './orgSearch'

const text = (v: CellValue | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : null)

async function ownLedgers(unitId: string, unitName: string): Promise<LedgerOrg[]> {
  const sheets = (await fetchSheets(unitId)).filter(
    (s) => s.template === 'ledger' && s.unitId === unitId,
  )
  const out: LedgerOrg[] = []
  for (const sheet of sheets) {
    const { rows } = await api<{ rows: Record<string, CellValue>[] }>(
      `/api/sheets/${encodeURIComponent(sheet.id)}/rows`,
    )
    for (const row of rows) {
      const name = text(row.name)
      if (name) out.push({ name, creditCode: text(row.creditCode), unitName })
    }
  }
  return out
}

async function belowLedgers(unitId: string): Promise<LedgerOrg[]> {
  const rows = await fetchDrillDown(unitId, 'ledger', 'latest', { indicator: 'orgCount' })
  return rows
    .filter((r) => r.name)
    .map((r) => ({ name: r.name!, creditCode: text(r.creditCode), unitName: r.unitName }))
}

/** Every organisation of the unit's ledgers (own and below), each once. */
async function unitOrgs(unitId: string, unitName: string): Promise<LedgerOrg[]> {
  const [below, own] = await Promise.allSettled([
    belowLedgers(unitId),
    ownLedgers(unitId, unitName),
  ])
  const orgs = [
    ...(own.status === 'fulfilled' ? own.value : []),
    ...(below.status === 'fulfilled' ? below.value : []),
  ]
  if (orgs.length === 0 && own.status === 'rejected' && below.status === 'rejected') {
    throw own.reason
  }
  return uniqueOrgs(orgs)
}

/** The organisations of the unit's ledgers, or of the nearest unit above that has some. */
export async function loadLedgerOrgs(unitId: string, unitName = ''): Promise<LedgerOrg[]> {
  const own = await unitOrgs(unitId, unitName)
  if (own.length > 0) return own
  const units = await fetchUnits().catch(() => [])
  const byId = new Map(units.map((u) => [u.id, u]))
  for (let up = byId.get(unitId)?.parentId; up; up = byId.get(up)?.parentId) {
    const found = await unitOrgs(up, byId.get(up)?.name ?? '').catch(() => [])
    if (found.length > 0) return found
  }
  return own
}
