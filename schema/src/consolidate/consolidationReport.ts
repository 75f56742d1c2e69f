/**
 * @module consolidate/consolidationReport
 * The shape of a unit's 汇总 as the server answers it (`GET /api/units/:id/consolidation`)
 * and the 汇总 view reads it: the SPEC §6.2 JSON (`units`, `total`) plus keys that do not
 * change it — which sheets were counted, 未报送 / 已退回 / 待审核 per child, rows with errors.
 * Types only; the computation is `ledgerIndicators.ts` / `scoringSummary.ts` and the server's
 * consolidation service.
 */
import type { SheetStatus } from '../workflow/states'
import type { LedgerIndicators } from './ledgerIndicators'
import type { ScoringIndicators } from './scoringSummary'

export type ConsolidationTemplate = 'ledger' | 'scoring'
/** `accepted`: 已审核 sheets only; `latest`: also submitted ones not yet accepted. */
export type ConsolidationState = 'accepted' | 'latest'

/** A sheet as the 汇总 lists it. */
export interface SheetRef {
  id: string
  title: string
  unitId: string
  unitName: string
  status: SheetStatus
  /** Counted in `latest` mode although not accepted yet. */
  notAccepted?: true
}

/** A sheet that has not been submitted (a draft), or a grid with no sheet at all. */
export interface MissingRef {
  unitId: string
  unitName: string
  sheetId: string | null
  title: string | null
  status: 'draft' | 'none'
}

/** What every child row carries besides its indicators. */
export interface ChildExtras {
  unitId: string
  /** The sheets whose rows are counted. */
  sheets: SheetRef[]
  /** 未报送 */
  missing: MissingRef[]
  /** 已退回 */
  returned: SheetRef[]
  /** Submitted, waiting for review (not counted in `accepted` mode). */
  pending: SheetRef[]
  /** Counted rows with at least one `error` finding. */
  errorRows: number
  notAccepted?: true
}

export type LedgerChildRow = { unit: string } & LedgerIndicators & ChildExtras
export type ScoringChildRow = { unit: string } & ScoringIndicators & ChildExtras

export interface ConsolidationHead {
  unitId: string
  unitName: string
  state: ConsolidationState
  generatedAt: string
  /** The reporting round the figures are of (`?round=`, SPEC §8). */
  round?: { id: string; period: string; periodLabel: string; title: string }
}

/** The SPEC §6.2 JSON (`units`, `total`) plus extra keys that do not change it. */
export type ConsolidationResult =
  | (ConsolidationHead & {
      template: 'ledger'
      units: LedgerChildRow[]
      total: LedgerIndicators & { errorRows: number }
    })
  | (ConsolidationHead & {
      template: 'scoring'
      units: ScoringChildRow[]
      total: ScoringIndicators & { errorRows: number }
    })

/** An indicator as a 汇总 of any template lists it (its columns, in order). */
export interface IndicatorHeading {
  id: string
  label: string
  kind: 'count' | 'sum' | 'rate' | 'distribution' | 'avg'
  /** The values of a distribution, in order. */
  values?: (string | number)[]
  target?: { op: string; value: number }
}

/**
 * The 汇总 of a template other than the built-in 网格台账 and 督查评分表 (SPEC §7,
 * `?template=ID`): the figures of that template's latest version per child and in total,
 * `met` (indicator id → true | false | null) where the template sets targets.
 */
export interface TemplateConsolidationResult extends ConsolidationHead {
  template: string
  templateVersion: number
  templateName: string
  indicators: IndicatorHeading[]
  units: ({ unit: string; met?: Record<string, boolean | null> } & Record<string, unknown> &
    ChildExtras)[]
  total: { met?: Record<string, boolean | null>; errorRows: number } & Record<string, unknown>
}
