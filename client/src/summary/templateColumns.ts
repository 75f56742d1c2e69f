/**
 * @module summary/templateColumns
 * The 汇总 columns of any ledger or scoring template (SPEC §7 `?template=ID`), from its
 * indicators: a count, sum or average as a number, a rate as `pct` with num/den, a
 * distribution spread over one column per value (its `values`, else the keys the answer
 * has). An indicator with a target says whether a unit meets it (`met`, from the answer)
 * and what the target is, so the table marks units below it. Also which cells the
 * drill-down shows for an indicator: the columns its conditions read.
 * Not for: the built-ins' typed columns (summaryColumns.ts), drawing (SummaryTable.tsx).
 */
import {
  columnsOf,
  formatRate,
  type Column,
  type Condition,
  type GridTemplate,
  type IndicatorDefinition,
  type Rate,
} from '@taizhang/schema'
import type { Figure, SummaryColumn } from './summaryColumns'

/** A unit's figures as the answer flattens them, with `met` when the template has targets. */
export type TemplateValues = Record<string, unknown> & { met?: Record<string, boolean | null> }

const OP_TEXT: Record<string, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '==': '=',
  '!=': '≠',
}

const isRate = (v: unknown): v is Rate =>
  typeof v === 'object' && v !== null && 'num' in v && 'den' in v

function numberFigure(value: unknown): Figure {
  const n = typeof value === 'number' ? value : null
  return { kind: 'number', text: n === null ? '—' : String(n), value: n }
}

/** "目标 ≥ 98%" */
export function targetText(ind: IndicatorDefinition): string | undefined {
  if (!ind.target) return undefined
  return `目标 ${OP_TEXT[ind.target.op] ?? ind.target.op} ${ind.target.value}${ind.kind === 'rate' ? '%' : ''}`
}

/** The keys a distribution shows: its values, else those of the answer's total. */
function distributionKeys(ind: IndicatorDefinition, total: TemplateValues | undefined): string[] {
  if (ind.kind !== 'distribution') return []
  if (ind.values) return ind.values.map(String)
  const v = total?.[ind.id]
  return v && typeof v === 'object' ? Object.keys(v) : []
}

export function templateColumns(
  indicators: readonly IndicatorDefinition[],
  total: TemplateValues | undefined,
): SummaryColumn<TemplateValues>[] {
  const out: SummaryColumn<TemplateValues>[] = []
  for (const ind of indicators) {
    const id = ind.id
    const met = ind.target ? (v: TemplateValues) => v.met?.[id] : undefined
    const target = targetText(ind)
    if (ind.kind === 'distribution') {
      for (const key of distributionKeys(ind, total)) {
        out.push({
          key: `${id}.${key}`,
          label: key,
          group: ind.label,
          figure: (v) => numberFigure((v[id] as Record<string, unknown> | null)?.[key] ?? 0),
          ref: { indicator: id, grade: key },
        })
      }
    } else if (ind.kind === 'rate') {
      out.push({
        key: id,
        label: ind.label,
        figure: (v) => {
          const rate = isRate(v[id]) ? (v[id] as Rate) : { num: 0, den: 0, pct: null }
          return { kind: 'rate', text: formatRate(rate), rate }
        },
        ref: { indicator: id, part: 'num' },
        met,
        target,
      })
    } else {
      out.push({
        key: id,
        label: ind.label,
        figure: (v) => numberFigure(v[id]),
        ref: { indicator: id },
        met,
        target,
      })
    }
  }
  return out
}

/** Column ids a condition or expression reads. */
function readColumns(value: unknown, into: Set<string>): void {
  const stack = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (Array.isArray(v)) stack.push(...v)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o.col === 'string') into.add(o.col)
      stack.push(...Object.values(o))
    }
  }
}

/** What the drill-down of an indicator shows: 信用代码 and 网格 when there, then the cells it reads. */
export function indicatorDrillColumns(template: GridTemplate, indicatorId: string): Column[] {
  const ind = template.indicators.find((i) => i.id === indicatorId)
  const ids = new Set<string>(['creditCode', 'grid'])
  if (ind) {
    if ('col' in ind) ids.add(ind.col)
    const parts = ind as { where?: Condition; num?: Condition; den?: Condition }
    for (const c of [parts.where, parts.num, parts.den]) if (c) readColumns(c, ids)
  }
  const byId = new Map(columnsOf(template).map((c) => [c.id, c]))
  return [...ids].map((id) => byId.get(id)).filter((c): c is Column => !!c && c.id !== 'name')
}
