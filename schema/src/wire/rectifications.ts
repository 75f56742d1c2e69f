/**
 * @module wire/rectifications
 * What the rectification routes send and take (SPEC §9): the item with its event log, the
 * answer of a generation, the list. Shared by the server and the web app's 整改 page.
 */
import type { CriterionShortfall } from '../rectification/fromScoringRow'
import type { RectificationAction, RectificationStatus } from '../rectification/states'

/** Who did something, as people see them. */
export interface RectificationActor {
  id: string
  username: string
  displayName: string
}

/** One logged action on an item: `generate`, `assign`, `edit` or a transition. */
export interface RectificationEvent {
  action: RectificationAction | 'generate' | 'assign' | 'edit'
  by: RectificationActor | null
  at: string
  /** The reason (驳回, 重新打开), a note, or what an edit changed. */
  note: string | null
  from?: RectificationStatus | null
  to?: RectificationStatus | null
}

export interface RectificationItem {
  id: string
  sheetId: string
  rowId: string
  org: string
  creditCode: string | null
  /** The responsible grid (责任单位), null until found by credit code or set by the lead. */
  unitId: string | null
  unitName?: string | null
  /** The unit of the scoring sheet (the inspection team). */
  sheetUnitId: string
  criteria: CriterionShortfall[]
  grade: string | null
  problems: string
  requirement: string
  deadline: string | null
  status: RectificationStatus
  overdue: boolean
  progress: string
  evidence: string[]
  createdAt: string
  updatedAt: string
  /** When it was last closed (销号时间), null while not closed. */
  closedAt: string | null
  events: RectificationEvent[]
}

export interface GenerateAnswer {
  created: number
  existing: number
}

export interface RectificationList {
  items: RectificationItem[]
}
