/**
 * @module rounds/period
 * The period of a reporting round (SPEC §8): `YYYY` (年度), `YYYY-Hn` (上/下半年),
 * `YYYY-Qn` (季度) or `YYYY-MM` (月), its Chinese label (2026-Q1 → 2026年第一季度), and a sort
 * key that puts periods in time order (a year after its last quarter, a half after its months).
 */

const PERIOD = /^(\d{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?$/
const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度']
const HALVES = ['上半年', '下半年']

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month'

export interface Period {
  text: string
  kind: PeriodKind
  year: number
  /** 1–2 (half), 1–4 (quarter), 1–12 (month); 1 for a year. */
  index: number
}

/** The period `text` names, or null when it is not one of the four forms. */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD.exec(text)
  if (!m) return null
  const year = Number(m[1])
  if (year < 1900 || year > 2999) return null
  if (m[2]) return { text, kind: 'half', year, index: Number(m[2]) }
  if (m[3]) return { text, kind: 'quarter', year, index: Number(m[3]) }
  if (m[4]) return { text, kind: 'month', year, index: Number(m[4]) }
  return { text, kind: 'year', year, index: 1 }
}

export function isPeriod(text: string): boolean {
  return parsePeriod(text) !== null
}

/** 2026 → 2026年度, 2026-H1 → 2026年上半年, 2026-Q1 → 2026年第一季度, 2026-03 → 2026年3月. */
export function periodLabel(text: string): string {
  const p = parsePeriod(text)
  if (!p) return text
  switch (p.kind) {
    case 'year':
      return `${p.year}年度`
    case 'half':
      return `${p.year}年${HALVES[p.index - 1]}`
    case 'quarter':
      return `${p.year}年${QUARTERS[p.index - 1]}`
    case 'month':
      return `${p.year}年${p.index}月`
  }
}

/**
 * A key that sorts periods by the month they end in (ties: the shorter period first), so
 * 2026-03 < 2026-Q1 < 2026-Q2 < 2026-H1 < 2026-Q3 < … < 2026-Q4 < 2026-H2 < 2026.
 */
export function periodSortKey(text: string): string {
  const p = parsePeriod(text)
  if (!p) return `9999-99-9-${text}`
  const endMonth =
    p.kind === 'month'
      ? p.index
      : p.kind === 'quarter'
        ? p.index * 3
        : p.kind === 'half'
          ? p.index * 6
          : 12
  const span = { month: 1, quarter: 2, half: 3, year: 4 }[p.kind]
  return `${p.year}-${String(endMonth).padStart(2, '0')}-${span}`
}

/** Compare two periods in time order (for `Array.prototype.sort`). */
export function comparePeriods(a: string, b: string): number {
  const ka = periodSortKey(a)
  const kb = periodSortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}
