/**
 * @module summary/consolidationApi
 * The consolidation routes as the 汇总 view reads them (SPEC §2.4, §6.3):
 * `GET /api/units/:id/consolidation` (the §6.2 JSON plus per-child 未报送/已退回/errorRows)
 * and `…/consolidation/drilldown` (the rows behind one figure). The answer's types
 * are schema's (`consolidate/consolidationReport.ts`), shared with the server.
 * Not for: the export download (export/download.ts).
 */
import type {
  CellValue,
  ChildExtras as SharedChildExtras,
  ConsolidationResult,
  ConsolidationState,
  ConsolidationTemplate,
  MissingRef,
  SheetRef,
} from '@taizhang/schema'
import { api } from '../api/client'

// the answer's shape is shared with the server (schema/src/consolidate/consolidationReport)
export type { ConsolidationResult, ConsolidationState, ConsolidationTemplate, MissingRef, SheetRef }
/** What a child row of the table carries besides its indicators. */
export type ChildExtras = { unit: string } & SharedChildExtras
export type LedgerResult = Extract<ConsolidationResult, { template: 'ledger' }>
export type ScoringResult = Extract<ConsolidationResult, { template: 'scoring' }>

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

/** Path of the 汇总表 file download (网格台账 or 督查评分). */
export const consolidationExportPath = (
  unitId: string,
  template: ConsolidationTemplate,
  format: 'xlsx' | 'pdf',
  state: ConsolidationState,
) => `${base(unitId)}/export?${query({ format, template, state })}`
