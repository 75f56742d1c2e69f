/**
 * @module components/ReasonDialog
 * Asks for a reason (退回、重新打开、确认警告) before an action that must record one.
 */
import { useState } from 'react'
import { Dialog } from './Dialog'
import { DialogFooter } from './DialogFooter'

export function ReasonDialog({
  title,
  label,
  confirmText,
  onConfirm,
  onClose,
}: {
  title: string
  label: string
  confirmText: string
  onConfirm: (reason: string) => Promise<void> | void
  onClose: () => void
}) {
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (!reason.trim()) {
            setError('请填写原因')
            return
          }
          setBusy(true)
          try {
            await onConfirm(reason.trim())
            onClose()
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : '操作失败')
          } finally {
            setBusy(false)
          }
        }}
      >
        <label>
          {label}
          <textarea
            name="reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
        </label>
        <DialogFooter error={error} confirm={confirmText} disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  )
}
