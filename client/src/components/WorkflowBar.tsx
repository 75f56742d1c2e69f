/**
 * @module components/WorkflowBar
 * The workflow buttons a person may use on a sheet in its current state (SPEC §3):
 * 提交 (lead), 退回 with a reason and 审核通过 (consolidator above), 重新打开 with a reason.
 * The server decides; a refusal (e.g. 422 with error findings) is shown as it says.
 */
import { ACTION_LABELS, type SheetAbilities, type WorkflowAction } from '@taizhang/schema'
import { useState } from 'react'
import { ApiError, errorMessage } from '../api/client'
import { runWorkflow } from '../api/endpoints'
import { ReasonDialog } from './ReasonDialog'

export function WorkflowBar({
  sheetId,
  abilities,
  online,
  errorCount,
  onDone,
}: {
  sheetId: string
  abilities: SheetAbilities
  online: boolean
  errorCount: number
  onDone: () => void
}) {
  const [asking, setAsking] = useState<'return' | 'reopen' | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const run = async (action: WorkflowAction, reason?: string) => {
    setBusy(true)
    setMessage(null)
    try {
      await runWorkflow(sheetId, action, reason)
      onDone()
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 422) {
        const count = (failure.body as { findings?: unknown[] } | null)?.findings?.length
        setMessage(count ? `表中还有 ${count} 处错误，修正后才能提交` : failure.message)
      } else {
        setMessage(errorMessage(failure))
      }
      throw failure
    } finally {
      setBusy(false)
    }
  }

  const any = abilities.submit || abilities.returnOrAccept || abilities.reopen
  if (!any) return null
  const offlineTitle = online ? undefined : '离线时不能办理流程'
  return (
    <div className="workflow" role="group" aria-label="流程">
      {abilities.submit && (
        <button
          type="button"
          className="primary"
          disabled={busy || !online}
          title={offlineTitle ?? (errorCount > 0 ? `还有 ${errorCount} 处错误` : undefined)}
          onClick={() => void run('submit').catch(() => {})}
        >
          {ACTION_LABELS.submit}
        </button>
      )}
      {abilities.returnOrAccept && (
        <>
          <button
            type="button"
            disabled={busy || !online}
            title={offlineTitle}
            onClick={() => setAsking('return')}
          >
            {ACTION_LABELS.return}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || !online}
            title={offlineTitle}
            onClick={() => void run('accept').catch(() => {})}
          >
            {ACTION_LABELS.accept}
          </button>
        </>
      )}
      {abilities.reopen && (
        <button
          type="button"
          disabled={busy || !online}
          title={offlineTitle}
          onClick={() => setAsking('reopen')}
        >
          {ACTION_LABELS.reopen}
        </button>
      )}
      {message && (
        <span className="error" role="alert">
          {message}
        </span>
      )}
      {asking && (
        <ReasonDialog
          title={asking === 'return' ? '退回表格' : '重新打开表格'}
          label={asking === 'return' ? '退回原因（填报人会看到）' : '重新打开的原因（记入日志）'}
          confirmText={asking === 'return' ? '退回' : '重新打开'}
          onConfirm={(reason) => run(asking, reason)}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  )
}
