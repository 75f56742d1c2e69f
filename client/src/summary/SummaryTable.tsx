/**
 * @module summary/SummaryTable
 * The 汇总表 itself (SPEC §2.4): one row per child unit and a 合计 row, every figure a
 * button that opens its drill-down (a rate's percentage lists the rows of its
 * numerator, the small "/d" its denominator), and per child the sheets 未报送 / 已退回 /
 * 待审核 and how many counted rows still have errors; for ledgers, the 整改完成率 and 逾期数 of
 * the rectification items in each child (SPEC §9), each a link to that child's 整改台账.
 * Column headers come from `summaryColumns` / `templateColumns` (Chinese labels, grouped
 * 星级分布 / 等次分布); a figure below its indicator's target (SPEC §7 `met: false`) is
 * marked 未达标.
 * Not for: fetching (useConsolidation.ts) or the drill-down list (DrillDownPanel.tsx).
 */
import { formatRate, type DrillDownFigure, type Rate } from '@taizhang/schema'
import { Fragment } from 'react'
import { rectificationsHref, sheetHref } from '../hooks/useRoute'
import { AppLink } from './AppLink'
import type { ChildExtras } from './consolidationApi'
import type { SummaryColumn } from './summaryColumns'

export interface SummaryRow<T> {
  values: T
  /** Absent for the 合计 row. */
  child?: ChildExtras
}

interface Props<T> {
  columns: SummaryColumn<T>[]
  rows: SummaryRow<T>[]
  total: T & { errorRows: number } & Rectification
  selected: (DrillDownFigure & { label: string }) | null
  /** Opens a figure's drill-down; without it the figures are plain text. */
  onFigure?(ref: DrillDownFigure & { label: string }): void
}

/** The 整改 figures a ledger 汇总 carries per child and in the total. */
interface Rectification {
  rectificationRate?: Rate
  rectificationOverdue?: number
}

/** Header cells for the two header rows: grouped columns under one merged cell. */
function headerGroups<T>(columns: SummaryColumn<T>[]) {
  const top: { label: string; span: number; grouped: boolean }[] = []
  for (const c of columns) {
    const last = top.at(-1)
    if (c.group && last?.grouped && last.label === c.group) last.span++
    else top.push({ label: c.group ?? c.label, span: 1, grouped: !!c.group })
  }
  return top
}

function sameRef(a: DrillDownFigure | null, b: DrillDownFigure): boolean {
  return (
    !!a &&
    a.indicator === b.indicator &&
    a.child === b.child &&
    (a.part ?? 'num') === (b.part ?? 'num') &&
    a.star === b.star &&
    a.grade === b.grade
  )
}

export function SummaryTable<T>({ columns, rows, total, selected, onFigure }: Props<T>) {
  const top = headerGroups(columns)
  const all = [...rows, { values: total } as SummaryRow<T>]
  const rectification = (row: SummaryRow<T>): Rectification => row.child ?? total
  const rectify = all.some((row) => rectification(row).rectificationRate !== undefined)
  return (
    <div className="summary-scroll">
      <table className="summary-table">
        <thead>
          <tr>
            <th rowSpan={2} className="summary-unit">
              单位
            </th>
            <th rowSpan={2}>有错误的行</th>
            <th rowSpan={2} className="summary-status-col">
              报送情况
            </th>
            {rectify && (
              <>
                <th rowSpan={2}>整改完成率</th>
                <th rowSpan={2}>逾期数</th>
              </>
            )}
            {top.map((h, i) =>
              h.grouped ? (
                <th key={i} colSpan={h.span}>
                  {h.label}
                </th>
              ) : (
                <th key={i} rowSpan={2}>
                  {h.label}
                  {targetOf(columns, h.label) && (
                    <span className="summary-target">{targetOf(columns, h.label)}</span>
                  )}
                </th>
              ),
            )}
          </tr>
          <tr>
            {columns
              .filter((c) => c.group)
              .map((c) => (
                <th key={c.key}>{c.label}</th>
              ))}
          </tr>
        </thead>
        <tbody>
          {all.map((row) => {
            const child = row.child
            const unitLabel = child ? child.unit : '合计'
            const errorRows = child ? child.errorRows : total.errorRows
            return (
              <tr key={child?.unitId ?? 'total'} className={child ? undefined : 'summary-total'}>
                <th scope="row" className="summary-unit">
                  {unitLabel}
                  {child?.notAccepted && <span className="tag-unaccepted">含未审核</span>}
                </th>
                <td className={errorRows > 0 ? 'summary-errors' : undefined}>{errorRows}</td>
                <td className="summary-status">{child && <ChildStatus child={child} />}</td>
                {rectify && (
                  <RectificationCells figures={rectification(row)} unitId={child?.unitId} />
                )}
                {columns.map((c) => {
                  const figure = c.figure(row.values)
                  const ref: DrillDownFigure = { ...c.ref, child: child?.unitId }
                  const label = `${unitLabel} · ${c.group ? `${c.group} ${c.label}` : c.label}`
                  const below = c.met?.(row.values) === false
                  return (
                    <td
                      key={c.key}
                      data-indicator={c.key}
                      data-row={child?.unitId ?? 'total'}
                      className={below ? 'below-target' : undefined}
                      data-met={c.met ? String(c.met(row.values) ?? 'null') : undefined}
                    >
                      {below && (
                        <span
                          className="target-miss"
                          title={c.target ? `未达到${c.target}` : '未达标'}
                        >
                          未达标
                        </span>
                      )}
                      {!onFigure && (
                        <span className="figure">
                          {figure.text}
                          {figure.kind === 'rate' && (
                            <>
                              <br />
                              <span className="figure-part">
                                {figure.rate.num}/{figure.rate.den}
                              </span>
                            </>
                          )}
                        </span>
                      )}
                      {onFigure && (
                        <button
                          type="button"
                          className={sameRef(selected, ref) ? 'figure selected' : 'figure'}
                          onClick={() => onFigure({ ...ref, label })}
                          title="查看计入此数的组织"
                        >
                          {figure.text}
                        </button>
                      )}
                      {onFigure && figure.kind === 'rate' && (
                        <Fragment>
                          <br />
                          <button
                            type="button"
                            className="figure figure-part"
                            onClick={() =>
                              onFigure({ ...ref, part: 'num', label: `${label}（分子）` })
                            }
                            title="分子：计入的组织"
                          >
                            {figure.rate.num}
                          </button>
                          /
                          <button
                            type="button"
                            className={
                              sameRef(selected, { ...ref, part: 'den' })
                                ? 'figure figure-part selected'
                                : 'figure figure-part'
                            }
                            onClick={() =>
                              onFigure({ ...ref, part: 'den', label: `${label}（分母）` })
                            }
                            title="分母：参与计算的组织"
                          >
                            {figure.rate.den}
                          </button>
                        </Fragment>
                      )}
                    </td>
                  )
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** 整改完成率 (closed / items) and 逾期数; a child's link to its 整改台账. */
function RectificationCells({ figures, unitId }: { figures: Rectification; unitId?: string }) {
  const rate = figures.rectificationRate
  const text = rate ? `${formatRate(rate)}（${rate.num}/${rate.den}）` : '—'
  const overdue = figures.rectificationOverdue ?? 0
  return (
    <>
      <td data-indicator="rectificationRate" data-row={unitId ?? 'total'}>
        {unitId && rate ? <AppLink href={rectificationsHref(unitId)}>{text}</AppLink> : text}
      </td>
      <td
        data-indicator="rectificationOverdue"
        data-row={unitId ?? 'total'}
        className={overdue > 0 ? 'summary-errors' : undefined}
      >
        {overdue}
      </td>
    </>
  )
}

/** The target text of the ungrouped column with this label, if it has one. */
function targetOf<T>(columns: SummaryColumn<T>[], label: string): string | undefined {
  return columns.find((c) => !c.group && c.label === label)?.target
}

/** 未报送 / 已退回 / 待审核 sheets of one child, each a link to the sheet. */
function ChildStatus({ child }: { child: ChildExtras }) {
  if (!child.missing.length && !child.returned.length && !child.pending.length) {
    return <span className="muted small">已全部报送</span>
  }
  return (
    <ul className="summary-sheets">
      {child.missing.map((m) => (
        <li key={`m-${m.sheetId ?? m.unitId}`} className="missing">
          <span className="tag tag-missing">未报送</span>
          {m.sheetId ? <AppLink href={sheetHref(m.sheetId)}>{m.unitName}</AppLink> : m.unitName}
          {m.status === 'none' && <span className="muted small">（无表格）</span>}
        </li>
      ))}
      {child.returned.map((s) => (
        <li key={`r-${s.id}`} className="returned">
          <span className="tag tag-returned">已退回</span>
          <AppLink href={sheetHref(s.id)}>{s.unitName}</AppLink>
        </li>
      ))}
      {child.pending.map((s) => (
        <li key={`p-${s.id}`} className="pending">
          <span className="tag tag-pending">待审核</span>
          <AppLink href={sheetHref(s.id)}>{s.unitName}</AppLink>
        </li>
      ))}
    </ul>
  )
}
