/**
 * @module components/HistoryDialog
 * A cell's history (SPEC §4): who changed it, when, from what to what — from the
 * server's attributed update log, so it needs a connection.
 */
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { fetchHistory } from '../api/endpoints'
import type { HistoryEntry } from '../api/types'
import { Dialog } from './Dialog'
import { formatTime, formatValue } from './formatValue'

export function HistoryDialog({
  sheetId,
  rowId,
  column,
  title,
  onClose,
}: {
  sheetId: string
  rowId: string
  column: string
  title: string
  onClose: () => void
}) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    fetchHistory(sheetId, rowId, column).then(
      (list) => !cancelled && setEntries(list),
      (failure: unknown) => !cancelled && setError(errorMessage(failure)),
    )
    return () => {
      cancelled = true
    }
  }, [sheetId, rowId, column])
  return (
    <Dialog title={`修改记录：${title}`} onClose={onClose} wide>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p className="muted">正在读取…</p>}
      {entries && entries.length === 0 && <p className="muted">此单元格还没有修改记录。</p>}
      {entries && entries.length > 0 && (
        <table className="history">
          <thead>
            <tr>
              <th>时间</th>
              <th>修改人</th>
              <th>原值</th>
              <th>新值</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i}>
                <td>{formatTime(e.at)}</td>
                <td>{e.by.displayName}</td>
                <td>{formatValue(e.from)}</td>
                <td>{formatValue(e.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  )
}
