/**
 * @module consolidate/ledgerIndicators
 * 汇总表 of 网格台账 (SPEC §2.4), typed: the built-in ledger's indicators (ids of SPEC §6.1,
 * defined as data in `templates/ledgerIndicators`) per child unit plus a total, computed by
 * the generic `consolidateTemplate` — counts summed, rates recomputed from the summed
 * numerators and denominators, never averaged — and the drill-down of every figure.
 * Not for: reading typed cell text (see `parse/`), findings (see `definition/`).
 */
import type { IndicatorDefinition } from '../definition/indicator'
import { ledgerTemplate } from '../templates/ledger'
import type { Row } from '../templates/types'
import {
  consolidateTemplate,
  drillDownTemplate,
  mergeTemplateFigures,
  templateFigures,
} from './consolidateTemplate'
import type { Rate } from './rate'

/** 星级分布: how many organisations have each star level. */
export interface StarCounts {
  '1': number
  '2': number
  '3': number
  '4': number
  '5': number
}
export type StarKey = keyof StarCounts
export const STAR_KEYS: readonly StarKey[] = ['1', '2', '3', '4', '5']

/** The indicators of one unit (or the total), keys in SPEC §6.1 order. */
export interface LedgerIndicators {
  orgCount: number
  enterpriseCount: number
  socialOrgCount: number
  employees: number
  members: number
  probationary: number
  builtCount: number
  singleCount: number
  jointCount: number
  attachedCount: number
  regionalCount: number
  orgCoverage: Rate
  workCoverage: Rate
  singleRate: Rate
  over50WithMemberRate: Rate
  over100BuiltRate: Rate
  social20WithMemberRate: Rate
  social50BuiltRate: Rate
  sixHaveRate: Rate
  unionCount: number
  youthLeagueCount: number
  womenFedCount: number
  instructorCount: number
  stars: StarCounts
  fundsOkCount: number
}
export type LedgerUnitIndicators = { unit: string } & LedgerIndicators
/** The JSON of `taizhang consolidate --json` and of the consolidation API (SPEC §6.2). */
export interface LedgerConsolidation {
  units: LedgerUnitIndicators[]
  total: LedgerIndicators
}

export type LedgerIndicatorId = keyof LedgerIndicators
/** Indicators that are counts of rows or sums of a count column. */
export type LedgerCountId = {
  [K in LedgerIndicatorId]: LedgerIndicators[K] extends number ? K : never
}[LedgerIndicatorId]
export type LedgerRateId = {
  [K in LedgerIndicatorId]: LedgerIndicators[K] extends Rate ? K : never
}[LedgerIndicatorId]

export interface LedgerConsolidateOptions {
  /** Count rows marked `_deleted` too (default false: a soft-deleted row is not counted). */
  includeDeleted?: boolean
}

/** One indicator of the built-in ledger, its id narrowed to the ids of SPEC §6.1. */
export type LedgerIndicatorDef = IndicatorDefinition &
  (
    | { kind: 'count' | 'sum'; id: LedgerCountId }
    | { kind: 'rate'; id: LedgerRateId }
    | { kind: 'distribution'; id: 'stars' }
  )

/**
 * Every indicator with its Chinese label (for 汇总表 headers and exports) and its
 * definition, in SPEC §6.1 order: the built-in ledger template's.
 */
export const LEDGER_INDICATORS = ledgerTemplate.indicators as readonly LedgerIndicatorDef[]

const IDS = new Set<string>(LEDGER_INDICATORS.map((d) => d.id))

/** True when `id` is one of the indicator ids of SPEC §6.1. */
export function isLedgerIndicatorId(id: string): id is LedgerIndicatorId {
  return IDS.has(id)
}

/** The indicators of one set of rows (one unit). */
export function ledgerIndicators(
  rows: readonly Row[],
  opts: LedgerConsolidateOptions = {},
): LedgerIndicators {
  return templateFigures(ledgerTemplate, rows, opts).values as unknown as LedgerIndicators
}

/**
 * Sums indicators of disjoint parts: counts added, rates recomputed from the summed
 * num/den. Rolling township totals up to a district gives the same figures as
 * consolidating all their rows at once.
 */
export function mergeLedgerIndicators(parts: readonly LedgerIndicators[]): LedgerIndicators {
  return mergeTemplateFigures(ledgerTemplate, parts as never).values as unknown as LedgerIndicators
}

/** 汇总表: one entry per child unit (in the order given) plus the total (SPEC §6.2 JSON). */
export function consolidateLedger(
  units: readonly { unit: string; rows: readonly Row[] }[],
  opts: LedgerConsolidateOptions = {},
): LedgerConsolidation {
  const result = consolidateTemplate(ledgerTemplate, units, opts)
  return {
    units: result.units.map((u) => ({
      unit: u.unit,
      ...(u.values as unknown as LedgerIndicators),
    })),
    total: result.total.values as unknown as LedgerIndicators,
  }
}

export interface DrillDownOptions extends LedgerConsolidateOptions {
  /** For `stars`: list only the organisations with this star level. */
  star?: number | StarKey
}
/** The row ids an indicator counts. For sums (employees …) the rows whose value is > 0. */
export type LedgerDrillDown =
  { rowIds: string[] } | { num: string[]; den: string[] } | { byStar: Record<StarKey, string[]> }

/**
 * Drill-down (SPEC §2.4 "every number links back to the rows it counts"): the ids of
 * the rows behind one indicator, from the same definitions consolidation uses. Throws
 * a RangeError (Chinese message) for an unknown indicator id or star level.
 */
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerCountId,
  opts?: DrillDownOptions,
): { rowIds: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerRateId,
  opts?: DrillDownOptions,
): { num: string[]; den: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: 'stars',
  opts: DrillDownOptions & { star: number | StarKey },
): { rowIds: string[] }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: 'stars',
  opts?: DrillDownOptions,
): { byStar: Record<StarKey, string[]> }
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: LedgerIndicatorId | string,
  opts?: DrillDownOptions,
): LedgerDrillDown
export function ledgerDrillDown(
  rows: readonly Row[],
  indicatorId: string,
  { includeDeleted = false, star }: DrillDownOptions = {},
): LedgerDrillDown {
  if (!isLedgerIndicatorId(indicatorId)) throw new RangeError(`未知的汇总指标：${indicatorId}`)
  if (star !== undefined && !(STAR_KEYS as readonly string[]).includes(String(star))) {
    throw new RangeError(`星级应为 1–5：${String(star)}`)
  }
  const result = drillDownTemplate(ledgerTemplate, rows, indicatorId, {
    includeDeleted,
    ...(star !== undefined && indicatorId === 'stars' ? { value: String(star) } : {}),
  })
  return 'byValue' in result ? { byStar: result.byValue as Record<StarKey, string[]> } : result
}
