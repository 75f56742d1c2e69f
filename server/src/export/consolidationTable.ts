/**
 * @module export/consolidationTable
 * The 汇总表 as a table for people (SPEC §2.4, §6.1): which indicator goes in which
 * column, under which merged group header (组织数, 人员, 党组织, 覆盖率与达标率, 群团组织,
 * 星级分布), and how a value is shown: counts as numbers, rates with one decimal and
 * "%" (the `pct` computed exactly by the schema, never re-rounded here), "—" for a zero
 * denominator, 星级分布 as five columns 一星…五星. One row per child unit, then 合计.
 * A 督查评分表 summary (SPEC §2.4: 平均分, 等次分布, 问题数) gets its own columns.
 * Shared by the xlsx and PDF writers so both show the same table.
 * Not for: computing indicators (schema `consolidate/`).
 */
import {
  LEDGER_INDICATORS,
  STAR_KEYS,
  formatRate,
  formatTenths,
  type LedgerConsolidation,
  type ScoringConsolidation,
  type ScoringIndicators,
  type LedgerIndicatorId,
  type LedgerIndicators,
  type IndicatorHeading,
  type Rate,
  type TemplateConsolidationResult,
} from '@taizhang/schema'

/** One column of the consolidation table. */
export interface ConsolidationColumn {
  key: string
  label: string
  group?: string
  kind: 'unit' | 'count' | 'rate'
  /** Width in characters. */
  width: number
  value(indicators: LedgerIndicators): number | Rate
}

const GROUP_OF: Partial<Record<LedgerIndicatorId, string>> = {
  orgCount: '组织数',
  enterpriseCount: '组织数',
  socialOrgCount: '组织数',
  employees: '人员',
  members: '人员',
  probationary: '人员',
  builtCount: '党组织',
  singleCount: '党组织',
  jointCount: '党组织',
  attachedCount: '党组织',
  regionalCount: '党组织',
  orgCoverage: '覆盖率与达标率',
  workCoverage: '覆盖率与达标率',
  singleRate: '覆盖率与达标率',
  over50WithMemberRate: '覆盖率与达标率',
  over100BuiltRate: '覆盖率与达标率',
  social20WithMemberRate: '覆盖率与达标率',
  social50BuiltRate: '覆盖率与达标率',
  sixHaveRate: '覆盖率与达标率',
  unionCount: '群团组织与党建指导员',
  youthLeagueCount: '群团组织与党建指导员',
  womenFedCount: '群团组织与党建指导员',
  instructorCount: '群团组织与党建指导员',
}

const STAR_LABELS = ['一星', '二星', '三星', '四星', '五星']

/** The first column: the child unit's name (合计 on the total row). */
export const UNIT_COLUMN_LABEL = '单位'

/** The indicator columns, in SPEC §6.1 order, 星级分布 expanded to five. */
export const CONSOLIDATION_COLUMNS: readonly ConsolidationColumn[] = LEDGER_INDICATORS.flatMap(
  (def): ConsolidationColumn[] => {
    if (def.kind === 'distribution') {
      return STAR_KEYS.map((key, i) => ({
        key: `stars.${key}`,
        label: STAR_LABELS[i]!,
        group: def.label,
        kind: 'count',
        width: 6,
        value: (ind) => ind.stars[key],
      }))
    }
    const group = GROUP_OF[def.id]
    const rate = def.kind === 'rate'
    return [
      {
        key: def.id,
        label: def.label,
        ...(group ? { group } : {}),
        kind: rate ? 'rate' : 'count',
        width: rate ? 11 : 8,
        value: (ind) => ind[def.id] as number | Rate,
      },
    ]
  },
)

/**
 * A cell of the table: the unit's name, a count, a rate, or an average score; `below` marks a
 * figure under its indicator's target (SPEC §7 targets: the 汇总 marks units below target).
 */
export type ConsolidationCell = (
  | { kind: 'unit'; text: string }
  | { kind: 'count'; value: number }
  | { kind: 'rate'; rate: Rate; text: string }
  | { kind: 'score'; value: number | null; text: string }
) & { below?: true }

/** What a header needs of a column (the first column is 单位). */
export interface TableColumn {
  label: string
  group?: string | undefined
  /** Width in characters. */
  width: number
}

/** Header columns and body rows (child units, then 合计) of a consolidation. */
export interface ConsolidationTable {
  columns: TableColumn[]
  rows: ConsolidationCell[][]
}

const UNIT_COLUMN: TableColumn = { label: UNIT_COLUMN_LABEL, width: 16 }

function ledgerTable(result: LedgerConsolidation): ConsolidationTable {
  const row = (name: string, ind: LedgerIndicators): ConsolidationCell[] => [
    { kind: 'unit', text: name },
    ...CONSOLIDATION_COLUMNS.map((c): ConsolidationCell => {
      const v = c.value(ind)
      return typeof v === 'number'
        ? { kind: 'count', value: v }
        : { kind: 'rate', rate: v, text: formatRate(v) }
    }),
  ]
  return {
    columns: [UNIT_COLUMN, ...CONSOLIDATION_COLUMNS],
    rows: [...result.units.map((u) => row(u.unit, u)), row('合计', result.total)],
  }
}

function scoringTable(result: ScoringConsolidation): ConsolidationTable {
  // Grade order as the total lists them: the template's bands, best first.
  const grades = Object.keys(result.total.grades)
  const row = (name: string, ind: ScoringIndicators): ConsolidationCell[] => [
    { kind: 'unit', text: name },
    { kind: 'count', value: ind.count },
    {
      kind: 'score',
      value: ind.average,
      text: ind.average === null ? '—' : formatTenths(Math.round(ind.average * 10)),
    },
    ...grades.map((g): ConsolidationCell => ({ kind: 'count', value: ind.grades[g] ?? 0 })),
    { kind: 'count', value: ind.problemCount },
  ]
  return {
    columns: [
      UNIT_COLUMN,
      { label: '督查组织数', width: 10 },
      { label: '平均分', width: 8 },
      ...grades.map((g) => ({ label: g, group: '等次分布', width: 8 })),
      { label: '问题数', width: 8 },
    ],
    rows: [...result.units.map((u) => row(u.unit, u)), row('合计', result.total)],
  }
}

/**
 * The table of any template's 汇总 (`TemplateConsolidationResult`): one column per indicator
 * in the template's order (a distribution one per value, under the indicator's label), and
 * figures below target marked.
 */
function templateTable(result: TemplateConsolidationResult): ConsolidationTable {
  type Col = TableColumn & { id: string; key?: string; kind: IndicatorHeading['kind'] }
  const columns: Col[] = result.indicators.flatMap((ind): Col[] =>
    ind.kind === 'distribution'
      ? (ind.values ?? []).map((v) => ({
          id: ind.id,
          key: String(v),
          kind: ind.kind,
          label: String(v),
          group: ind.label,
          width: 6,
        }))
      : [{ id: ind.id, kind: ind.kind, label: ind.label, width: ind.kind === 'rate' ? 11 : 8 }],
  )
  const row = (
    name: string,
    figures: Record<string, unknown> & { met?: Record<string, boolean | null> },
  ): ConsolidationCell[] => [
    { kind: 'unit', text: name },
    ...columns.map((c): ConsolidationCell => {
      const below = figures.met?.[c.id] === false ? ({ below: true } as const) : {}
      const v = figures[c.id]
      if (c.kind === 'distribution') {
        const n = (v as Record<string, number> | null)?.[c.key!] ?? 0
        return { kind: 'count', value: n, ...below }
      }
      if (c.kind === 'rate') {
        const rate = (v as Rate | null) ?? { num: 0, den: 0, pct: null }
        return { kind: 'rate', rate, text: formatRate(rate), ...below }
      }
      if (c.kind === 'avg') {
        const n = typeof v === 'number' ? v : null
        return {
          kind: 'score',
          value: n,
          text: n === null ? '—' : formatTenths(Math.round(n * 10)),
          ...below,
        }
      }
      return { kind: 'count', value: typeof v === 'number' ? v : 0, ...below }
    }),
  ]
  return {
    columns: [
      UNIT_COLUMN,
      ...columns.map((c) => ({ label: c.label, group: c.group, width: c.width })),
    ],
    rows: [...result.units.map((u) => row(u.unit, u)), row('合计', result.total)],
  }
}

/** A 汇总 any writer takes: the built-in ledger's or scoring's, or any template's. */
export type AnyConsolidation =
  LedgerConsolidation | ScoringConsolidation | TemplateConsolidationResult

/** The table of a ledger 汇总 (`consolidateLedger`), a scoring summary or any template's. */
export function consolidationTable(result: AnyConsolidation): ConsolidationTable {
  if ('indicators' in result) return templateTable(result)
  return 'orgCount' in result.total
    ? ledgerTable(result as LedgerConsolidation)
    : scoringTable(result as ScoringConsolidation)
}

/** The note under the table when rows with errors were counted (SPEC §2.4). */
export function errorRowsNote(rowsWithErrors: number | undefined): string | null {
  if (!rowsWithErrors) return null
  return `注：有 ${rowsWithErrors} 行存在错误，仍按规则计入（无法识别的单元格按空值计）。`
}
