/**
 * @module summary/consolidationApi
 * The consolidation routes as the 汇总 view reads them (SPEC §2.4, §6.3):
 * `GET /api/units/:id/consolidation` (the §6.2 JSON plus per-child 未报送/已退回/errorRows)
 * and `…/consolidation/drilldown` (the rows behind one figure). The answers' types
 * are schema's (`consolidate/consolidationReport.ts`, `wire/drillDown.ts`), shared with the
 * server. `template` is any ledger or scoring template id (SPEC §7 `?template=ID`); the
 * answer for one other than the built-in `ledger`/`scoring` is `TemplateResult`: its
 * indicators by id, and `met` per unit and total when it sets targets.
 * Not for: the export download (export/download.ts).
 */
import type {
  ChildExtras as SharedChildExtras,
  ConsolidationHead,
  ConsolidationResult,
  ConsolidationState,
  ConsolidationTemplate,
  DrillDownFigure,
  DrillDownRow,
  MissingRef,
  SheetRef,
} from '@taizhang/schema'
import { api } from '../api/client'
import type { TemplateValues } from './templateColumns'

// the answer's shape is shared with the server (schema/src/consolidate/consolidationReport)
export type { ConsolidationResult, ConsolidationState, ConsolidationTemplate, MissingRef, SheetRef }
/** What a child row of the table carries besides its indicators. */
export type ChildExtras = { unit: string } & SharedChildExtras
export type LedgerResult = Extract<ConsolidationResult, { template: 'ledger' }>
export type ScoringResult = Extract<ConsolidationResult, { template: 'scoring' }>
/** The 汇总 of any template: one row per child with its figures by indicator id. */
export type TemplateChildRow = ChildExtras & TemplateValues
export type TemplateResult = ConsolidationHead & {
  template?: string
  /** The version consolidated (the template's last good one). */
  templateVersion?: number
  templateName?: string
  units: TemplateChildRow[]
  total: TemplateValues & { errorRows: number }
}
/** A template id: `ledger`, `scoring`, `fiveStar` or a district's (SPEC §7). */
export type TemplateChoice = ConsolidationTemplate | (string & {})

const base = (unitId: string) => `/api/units/${encodeURIComponent(unitId)}/consolidation`

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  return q.toString()
}

export function fetchConsolidation<R = ConsolidationResult>(
  unitId: string,
  template: TemplateChoice,
  state: ConsolidationState,
  signal?: AbortSignal,
  round?: string,
): Promise<R> {
  return api<R>(`${base(unitId)}?${query({ template, state, round })}`, {
    signal,
  })
}

export async function fetchDrillDown(
  unitId: string,
  template: TemplateChoice,
  state: ConsolidationState,
  figure: DrillDownFigure,
  round?: string,
): Promise<DrillDownRow[]> {
  const q = query({ template, state, ...figure, round })
  return (await api<{ rows: DrillDownRow[] }>(`${base(unitId)}/drilldown?${q}`)).rows
}

/** Path of the 汇总表 file download (网格台账 or 督查评分). */
export const consolidationExportPath = (
  unitId: string,
  template: TemplateChoice,
  format: 'xlsx' | 'pdf',
  state: ConsolidationState,
  round?: string,
) => `${base(unitId)}/export?${query({ format, template, state, round })}`
