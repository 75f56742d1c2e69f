/**
 * @module summary/summaryColumns
 * The columns of the 汇总 table (SPEC §2.4), as data: for ledgers one column per
 * indicator of schema's `LEDGER_INDICATORS` (Chinese labels, §6.1 ids) with 星级分布
 * spread over five columns; for scoring sheets 组织数, 平均分, one column per 等次 and
 * 问题数. Each column says how to show a unit's figure and which drill-down query lists
 * the rows behind it, so the table, the drill-down and the tests agree.
 * Not for: rendering (SummaryTable.tsx).
 */
import {
  LEDGER_INDICATORS,
  STAR_KEYS,
  formatRate,
  formatTenths,
  type LedgerIndicators,
  type Rate,
  type DrillDownFigure,
  type ScoringIndicators,
} from '@taizhang/schema'

/** What a cell shows: a plain figure, or a rate with its numerator and denominator. */
export type Figure =
  | { kind: 'number'; text: string; value: number | null }
  | { kind: 'rate'; text: string; rate: Rate }

export interface SummaryColumn<T> {
  key: string
  label: string
  /** The merged header above (星级分布, 等次分布), if any. */
  group?: string
  figure(values: T): Figure
  /** The drill-down of this column's figure (`child` is added by the caller). */
  ref: DrillDownFigure
  /** For an indicator with a target (SPEC §7): whether a unit meets it (null: no figure). */
  met?: (values: T) => boolean | null | undefined
  /** The target as people read it ("目标 ≥ 98%"). */
  target?: string | undefined
}

const num = (value: number | null, text = value === null ? '—' : String(value)): Figure => ({
  kind: 'number',
  text,
  value,
})

/** The ledger 汇总 columns in §6.1 order. */
export function ledgerColumns(): SummaryColumn<LedgerIndicators>[] {
  const out: SummaryColumn<LedgerIndicators>[] = []
  for (const def of LEDGER_INDICATORS) {
    if (def.kind === 'distribution') {
      for (const star of STAR_KEYS) {
        out.push({
          key: `stars.${star}`,
          label: `${star}星`,
          group: def.label,
          figure: (v) => num(v.stars[star]),
          ref: { indicator: 'stars', star },
        })
      }
    } else if (def.kind === 'rate') {
      const id = def.id
      out.push({
        key: id,
        label: def.label,
        figure: (v) => ({ kind: 'rate', text: formatRate(v[id]), rate: v[id] }),
        ref: { indicator: id, part: 'num' },
      })
    } else {
      const id = def.id
      out.push({ key: id, label: def.label, figure: (v) => num(v[id]), ref: { indicator: id } })
    }
  }
  return out
}

/** 平均分 with one decimal ("86.5"), "—" when nothing is scored. */
export function formatAverage(average: number | null): string {
  return average === null ? '—' : formatTenths(Math.round(average * 10))
}

/** The scoring 汇总 columns; `grades` are the template's grades, best first. */
export function scoringColumns(grades: readonly string[]): SummaryColumn<ScoringIndicators>[] {
  return [
    { key: 'count', label: '组织数', figure: (v) => num(v.count), ref: { indicator: 'count' } },
    {
      key: 'average',
      label: '平均分',
      figure: (v) => num(v.average, formatAverage(v.average)),
      ref: { indicator: 'average' },
    },
    ...grades.map((grade): SummaryColumn<ScoringIndicators> => ({
      key: `grades.${grade}`,
      label: grade,
      group: '等次分布',
      figure: (v) => num(v.grades[grade] ?? 0),
      ref: { indicator: 'grades', grade },
    })),
    {
      key: 'problemCount',
      label: '问题数',
      figure: (v) => num(v.problemCount),
      ref: { indicator: 'problemCount' },
    },
  ]
}
