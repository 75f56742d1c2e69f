/**
 * @module summary/consolidationApi
 * The consolidation routes as the 汇总 view reads them (SPEC §2.4, §6.3):
 * `GET /api/units/:id/consolidation` (the §6.2 JSON plus per-child 未报送/已退回/errorRows)
 * and `…/consolidation/drilldown` (the rows behind one figure). Types mirror
 * server/src/consolidation/consolidationService.ts; fields the view does not need are
 * left out. Not for: the export download (export/download.ts).
 */
import type { CellValue, LedgerIndicators, ScoringIndicators, SheetStatus } from '@taizhang/schema'
import { api } from '../api/client'

export type ConsolidationTemplate = 'ledger' | 'scoring'
/** `accepted`: 已审核 sheets only; `latest`: also submitted ones not yet accepted. */
export type ConsolidationState = 'accepted' | 'latest'

export interface SheetRef {
  id: string
  title: string
  unitId: string
  unitName: string
  status: SheetStatus
  notAccepted?: true
}

export interface MissingRef {
  unitId: string
  unitName: string
  sheetId: string | null
  title: string | null
  status: 'draft' | 'none'
}

export interface ChildExtras {
  unit: string
  unitId: string
  sheets: SheetRef[]
  missing: MissingRef[]
  returned: SheetRef[]
  pending: SheetRef[]
  errorRows: number
  notAccepted?: true
}

interface Head {
  unitId: string
  unitName: string
  state: ConsolidationState
  generatedAt: string
}

export type LedgerResult = Head & {
  template: 'ledger'
  units: (LedgerIndicators & ChildExtras)[]
  total: LedgerIndicators & { errorRows: number }
}
export type ScoringResult = Head & {
  template: 'scoring'
  units: (ScoringIndicators & ChildExtras)[]
  total: ScoringIndicators & { errorRows: number }
}
export type ConsolidationResult = LedgerResult | ScoringResult

/** Which figure was clicked: an indicator of one child (or of the total, `child` absent). */
export interface FigureRef {
  indicator: string
  child?: string | undefined
  part?: 'num' | 'den' | undefined
  star?: string | undefined
  grade?: string | undefined
}

/** One row behind a figure, with the sheet it lives in. */
export type DrillDownRow = Record<string, CellValue> & {
  sheetId: string
  sheetTitle: string
  unitId: string
  unitName: string
  rowId: string
  name: string | null
}

const base = (unitId: string) => `/api/units/${encodeURIComponent(unitId)}/consolidation`

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  return q.toString()
}

export function fetchConsolidation(
  unitId: string,
  template: ConsolidationTemplate,
  state: ConsolidationState,
  signal?: AbortSignal,
): Promise<ConsolidationResult> {
  return api<ConsolidationResult>(`${base(unitId)}?${query({ template, state })}`, { signal })
}

export async function fetchDrillDown(
  unitId: string,
  template: ConsolidationTemplate,
  state: ConsolidationState,
  figure: FigureRef,
): Promise<DrillDownRow[]> {
  const q = query({ template, state, ...figure })
  return (await api<{ rows: DrillDownRow[] }>(`${base(unitId)}/drilldown?${q}`)).rows
}

/** Path of the 汇总表 file download. */
export const consolidationExportPath = (
  unitId: string,
  format: 'xlsx' | 'pdf',
  state: ConsolidationState,
) => `${base(unitId)}/export?${query({ format, template: 'ledger', state })}`
