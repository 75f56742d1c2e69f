/**
 * @module scoring/InspectionSummary
 * The inspection team's summary above a 督查评分表 (SPEC §2.2, §2.4): 平均分, 等次分布
 * and 问题清单 (every organisation with 存在问题, its 整改要求 and 整改期限), computed
 * live from the local doc with schema's `scoringIndicators` / `withComputed`, the same
 * code the 汇总 and the exports use, so the figures agree everywhere.
 */
import {
  readRows,
  rowsMap,
  scoringIndicators,
  withComputed,
  type Row,
  type ScoringTemplate,
} from '@taizhang/schema'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { formatAverage } from '../summary/summaryColumns'
import './scoring.css'

/** The doc's rows, re-read on every change. */
function useRows(doc: Y.Doc): Row[] {
  const [rows, setRows] = useState<Row[]>(() => readRows(doc))
  useEffect(() => {
    const rows = rowsMap(doc)
    const update = () => setRows(readRows(doc))
    update()
    rows.observeDeep(update)
    return () => rows.unobserveDeep(update)
  }, [doc])
  return rows
}

export function InspectionSummary({ doc, template }: { doc: Y.Doc; template: ScoringTemplate }) {
  const rows = useRows(doc)
  const figures = scoringIndicators(rows, template)
  const problems = rows
    .map((r) => withComputed(template, r))
    .filter((r) => typeof r.problems === 'string' && r.problems.trim() !== '')
  const [open, setOpen] = useState(false)
  return (
    <section className="inspection-summary" aria-label="督查汇总">
      <span>
        已督查 <strong>{figures.count}</strong> 家
      </span>
      <span>
        平均分 <strong data-figure="average">{formatAverage(figures.average)}</strong>
      </span>
      <span className="grades">
        等次分布：
        {Object.entries(figures.grades).map(([grade, n]) => (
          <span key={grade} className="grade-chip">
            {grade} <strong>{n}</strong>
          </span>
        ))}
      </span>
      <button type="button" className="link" onClick={() => setOpen((v) => !v)}>
        问题清单（{problems.length}）{open ? '▴' : '▾'}
      </button>
      {open && (
        <ol className="problem-list">
          {problems.length === 0 && <li className="muted">暂无记录的问题</li>}
          {problems.map((r) => (
            <li key={r.id}>
              <strong>{String(r.org ?? '（未填组织名称）')}</strong>
              {typeof r.total === 'number' && (
                <span className="muted">
                  （{r.total} 分，{String(r.grade ?? '')}）
                </span>
              )}
              ：{String(r.problems)}
              {r.rectification ? (
                <div className="small">整改要求：{String(r.rectification)}</div>
              ) : null}
              {r.deadline ? <div className="small">整改期限：{String(r.deadline)}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
