/**
 * @module components/FindingsPanel
 * The sheet's findings as a list (SPEC §2): errors first, then open warnings, then
 * acknowledged ones. A click jumps to the cell; a warning can be acknowledged with a
 * reason (stored in the doc's `acks`, so it syncs and survives offline).
 */
import { acknowledgeFinding, removeAcknowledgement, type Column } from '@taizhang/schema'
import { memo, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { FindingsSnapshot, LiveFinding } from '../findings/liveFindings'
import { ReasonDialog } from './ReasonDialog'

const LIMIT = 300

export const FindingsPanel = memo(function FindingsPanel({
  doc,
  snapshot,
  columns,
  rowLabel,
  readOnly,
  userName,
  onJump,
}: {
  doc: Y.Doc
  snapshot: FindingsSnapshot
  columns: Column[]
  rowLabel: (rowId: string) => string
  readOnly: boolean
  userName: string
  onJump: (rowId: string, column: string) => void
}) {
  const [acking, setAcking] = useState<LiveFinding | null>(null)
  const labels = useMemo(() => new Map(columns.map((c) => [c.id, c.label])), [columns])
  const sorted = useMemo(() => {
    const rank = (f: LiveFinding) => (f.severity === 'error' ? 0 : f.ack ? 2 : 1)
    return [...snapshot.findings].sort((a, b) => rank(a) - rank(b))
  }, [snapshot])

  return (
    <section className="panel findings" aria-label="校验结果">
      <h3>
        校验结果
        <span className="count count-error">{snapshot.errors} 错误</span>
        <span className="count count-warning">{snapshot.openWarnings} 待确认警告</span>
      </h3>
      {sorted.length === 0 && <p className="muted">没有发现问题。</p>}
      <ul>
        {sorted.slice(0, LIMIT).map((f) => (
          <li
            key={`${f.rowId}/${f.column}/${f.rule}`}
            className={`finding finding-${f.severity}${f.ack ? ' finding-acked' : ''}`}
            data-row-id={f.rowId}
            data-col-id={f.column}
            data-rule={f.rule}
          >
            <button type="button" className="link" onClick={() => onJump(f.rowId, f.column)}>
              <span className="finding-where">
                {rowLabel(f.rowId)} · {labels.get(f.column) ?? f.column}
              </span>
              <span className="finding-message">{f.message}</span>
            </button>
            {f.severity === 'warning' && f.ack && (
              <span className="finding-ack">
                已确认（{f.ack.by}）：{f.ack.reason}
                {!readOnly && (
                  <button
                    type="button"
                    className="link small"
                    onClick={() => removeAcknowledgement(doc, f)}
                  >
                    撤销
                  </button>
                )}
              </span>
            )}
            {f.severity === 'warning' && !f.ack && !readOnly && (
              <button type="button" className="small" onClick={() => setAcking(f)}>
                确认
              </button>
            )}
          </li>
        ))}
      </ul>
      {sorted.length > LIMIT && (
        <p className="muted">
          仅显示前 {LIMIT} 条，共 {sorted.length} 条。
        </p>
      )}
      {acking && (
        <ReasonDialog
          title="确认警告"
          label={`“${acking.message}”——说明保留原值的理由`}
          confirmText="确认"
          onConfirm={(reason) =>
            acknowledgeFinding(doc, acking, { reason, by: userName, at: new Date().toISOString() })
          }
          onClose={() => setAcking(null)}
        />
      )}
    </section>
  )
})
