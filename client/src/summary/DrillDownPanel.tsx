/**
 * @module summary/DrillDownPanel
 * The rows behind one figure of the 汇总 (SPEC §2.4 "every number links back to the
 * rows it counts"): asks the drill-down route, then lists each organisation with its
 * 统一社会信用代码, 所属网格, the cells that decide whether it counts, and a link to
 * the sheet it lives in.
 * Not for: choosing the figure (SummaryTable.tsx).
 */
import {
  scoringTemplate,
  withComputed,
  type DrillDownFigure,
  type DrillDownRow,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { formatValue } from '../components/formatValue'
import { sheetHref } from '../hooks/useRoute'
import { AppLink } from './AppLink'
import { fetchDrillDown, type ConsolidationState, type TemplateChoice } from './consolidationApi'
import { ledgerDrillColumns, scoringDrillColumns } from './drillColumns'
import { indicatorDrillColumns } from './templateColumns'

interface Props {
  unitId: string
  template: TemplateChoice
  /** The template object of a 汇总 of a template other than `ledger`/`scoring`. */
  custom?: GridTemplate | null
  state: ConsolidationState
  figure: DrillDownFigure & { label: string }
  /** Changes when the 汇总 is refetched, so an open list follows the figures. */
  version: string | null
  /** The reporting round the 汇总 is of (SPEC §8), if any. */
  round?: string | undefined
  onClose(): void
}

export function DrillDownPanel({
  unitId,
  template,
  custom,
  state,
  figure,
  version,
  round,
  onClose,
}: Props) {
  const [rows, setRows] = useState<DrillDownRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { indicator, child, part, star, grade } = figure

  useEffect(() => {
    let cancelled = false
    fetchDrillDown(unitId, template, state, { indicator, child, part, star, grade }, round).then(
      (answer) => {
        if (cancelled) return
        setRows(answer)
        setError(null)
      },
      (failure: unknown) => {
        if (!cancelled) setError(errorMessage(failure))
      },
    )
    return () => {
      cancelled = true
    }
  }, [unitId, template, state, indicator, child, part, star, grade, version, round])

  const columns = custom
    ? indicatorDrillColumns(custom, indicator)
    : template === 'ledger'
      ? ledgerDrillColumns(indicator)
      : scoringDrillColumns(indicator)
  const scored = custom
    ? custom.kind === 'scoring'
      ? custom
      : null
    : template === 'scoring'
      ? scoringTemplate
      : null
  const shown = (row: DrillDownRow): Row =>
    scored ? withComputed(scored, row as unknown as Row) : (row as unknown as Row)

  return (
    <section className="drilldown panel" aria-label="明细">
      <header className="drilldown-head">
        <h3>
          {figure.label}
          {rows && <span className="count">{rows.length} 个组织</span>}
        </h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label="关闭明细">
          ×
        </button>
      </header>
      {error && <p className="error">{error}</p>}
      {!rows && !error && <p className="muted">正在读取明细…</p>}
      {rows && rows.length === 0 && <p className="muted">没有计入此数的组织。</p>}
      {rows && rows.length > 0 && (
        <div className="drilldown-scroll">
          <table className="drilldown-table">
            <thead>
              <tr>
                <th>序号</th>
                <th>组织名称</th>
                {columns.map((c) => (
                  <th key={c.id}>{c.label}</th>
                ))}
                <th>所在表格</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const values = shown(row)
                return (
                  <tr key={`${row.sheetId}/${row.rowId}`} data-row-id={row.rowId}>
                    <td>{i + 1}</td>
                    <td>
                      <AppLink href={sheetHref(row.sheetId)}>{row.name ?? '（未填名称）'}</AppLink>
                    </td>
                    {columns.map((c) => (
                      <td key={c.id}>{formatValue(values[c.id])}</td>
                    ))}
                    <td>
                      <AppLink href={sheetHref(row.sheetId)}>
                        {row.unitName} · {row.sheetTitle}
                      </AppLink>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
