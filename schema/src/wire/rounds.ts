/**
 * @module wire/rounds
 * A reporting round (报送任务, SPEC §8) as the API sends it: `POST /api/rounds` answers
 * `{id, sheets}`, `GET /api/rounds?unit=` lists rounds with their counts, `GET /api/rounds/:id`
 * adds the progress of every target unit (the round board at /rounds/:id).
 */
import type { SheetStatus } from '../workflow/states'

/** One target unit of a round and where its sheet stands. */
export interface RoundProgress {
  unitId: string
  unitName: string
  sheetId: string
  status: SheetStatus
  /** Last submit (ISO 8601), null while never submitted. */
  submittedAt: string | null
  acceptedAt: string | null
  /** Not submitted (or returned and not resubmitted) after the end of the due date. */
  overdue: boolean
  /** Rows with at least one `error` finding. */
  errorRows: number
  /** A draft somebody has edited since it was issued: 填报中, else 未填报 (absent: unknown). */
  started?: boolean
  /** The last 催报 this unit received in this round (ISO 8601). */
  remindedAt?: string | null
}

export interface RoundCounts {
  draft: number
  submitted: number
  returned: number
  accepted: number
  overdue: number
  /** Drafts nobody has edited since the round was issued (未填报; part of `draft`). */
  notStarted?: number
}

export interface RoundInfo {
  id: string
  unitId: string
  unitName?: string
  template: string
  templateVersion: number
  /** `YYYY`, `YYYY-Hn`, `YYYY-Qn` or `YYYY-MM`. */
  period: string
  /** The period in Chinese: 2026年第一季度. */
  periodLabel: string
  title: string
  dueDate: string
  createdBy: string | null
  createdAt: string
  /** Past the end of the due date (Asia/Shanghai). */
  pastDue: boolean
  counts: RoundCounts
  /** Only in `GET /api/rounds/:id`. */
  progress?: RoundProgress[]
}

export interface IssuedRound {
  id: string
  sheets: { unitId: string; sheetId: string }[]
}

/** `GET /api/rounds/:id/compare` and `GET /api/sheets/:id/compare` (SPEC §8). */
export interface UnitComparison {
  unitId: string
  unitName?: string
  /** The two sheets compared (either may be missing: a unit new to or gone from a round). */
  fromSheetId?: string | null
  toSheetId?: string | null
  added: { rowId: string; name: string | null }[]
  removed: { rowId: string; name: string | null }[]
  changed: {
    rowId: string
    name: string | null
    column: string
    from: import('../templates/types').CellValue
    to: import('../templates/types').CellValue
  }[]
}

export interface IndicatorDelta {
  from: unknown
  to: unknown
  /** `to − from` for counts and sums, percentage points for a rate; null when not a number. */
  delta: number | null
}

export interface Comparison {
  units: UnitComparison[]
  indicators: Record<string, IndicatorDelta>
}
