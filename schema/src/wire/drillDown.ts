/**
 * @module wire/drillDown
 * The drill-down of a 汇总 figure (SPEC §2.4): which figure the 汇总 view asks about
 * (`GET /api/units/:id/consolidation/drilldown?indicator=…`) and the rows behind it, each
 * with the sheet and unit it lives in.
 */
import type { ConsolidationState, ConsolidationTemplate } from '../consolidate/consolidationReport'
import type { Row } from '../templates/types'

/** Which 汇总 a query is about. */
export interface ConsolidationQuery {
  template: ConsolidationTemplate
  state: ConsolidationState
}

/** Which figure was clicked: an indicator of one child (or of the total, `child` absent). */
export interface DrillDownFigure {
  indicator: string
  /** A direct child unit; absent: every child (the total row). */
  child?: string | undefined
  /** For rates: the numerator's rows (default) or the denominator's. */
  part?: 'num' | 'den' | undefined
  /** For `stars`: one star level. */
  star?: string | undefined
  /** For scoring `grades`: one grade. */
  grade?: string | undefined
}

export interface DrillDownQuery extends ConsolidationQuery, DrillDownFigure {}

/** One row behind a figure, with the sheet it lives in. */
export type DrillDownRow = Row & {
  sheetId: string
  sheetTitle: string
  unitId: string
  unitName: string
  rowId: string
  name: string | null
}
