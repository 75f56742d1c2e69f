/**
 * @module components/ConflictsPanel
 * Cells two people changed while apart (SPEC §4): both values with author and time,
 * read live from the doc's `conflicts` map (the server writes it). A lead picks the
 * value to keep (POST …/conflicts/resolve); the choice is logged by the server.
 */
import type { CellValue, Column, ConflictRecord } from '@taizhang/schema'
import { memo, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { resolveConflict } from '../api/endpoints'
import { formatTime, formatValue } from './formatValue'

export const ConflictsPanel = memo(function ConflictsPanel({
  sheetId,
  conflicts,
  columns,
  rowLabel,
  canResolve,
  online,
  onJump,
}: {
  sheetId: string
  conflicts: ConflictRecord[]
  columns: Column[]
  rowLabel: (rowId: string) => string
  canResolve: boolean
  online: boolean
  onJump: (rowId: string, column: string) => void
}) {
  const labels = useMemo(() => new Map(columns.map((c) => [c.id, c.label])), [columns])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (conflicts.length === 0) return null

  const pick = async (c: ConflictRecord, value: CellValue) => {
    setBusy(true)
    setError(null)
    try {
      await resolveConflict(sheetId, c.rowId, c.column, value)
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel conflicts" aria-label="编辑冲突">
      <h3>
        编辑冲突 <span className="count count-error">{conflicts.length}</span>
      </h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {conflicts.map((c) => (
          <li
            key={`${c.rowId}/${c.column}`}
            className="conflict"
            data-row-id={c.rowId}
            data-col-id={c.column}
          >
            <button type="button" className="link" onClick={() => onJump(c.rowId, c.column)}>
              {rowLabel(c.rowId)} · {labels.get(c.column) ?? c.column}
            </button>
            <ol className="conflict-values">
              {c.values.map((v, i) => (
                <li key={i}>
                  <span className="conflict-value">{formatValue(v.value)}</span>
                  <span className="muted">
                    {v.by} · {formatTime(v.at)}
                  </span>
                  {canResolve && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy || !online}
                      onClick={() => void pick(c, v.value)}
                    >
                      采用此值
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      {!canResolve && <p className="muted">由组长选择保留哪个值。</p>}
    </section>
  )
})
