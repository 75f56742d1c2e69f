/**
 * @module components/DialogFooter
 * The end of every form in a dialog: the error the last try gave (announced), then 取消 and
 * the confirming button — red for what cannot simply be undone (归档, 停用).
 */

export function DialogFooter({
  error,
  confirm,
  danger = false,
  disabled = false,
  onCancel,
}: {
  error: string | null
  /** The confirming button's text (保存, 确认归档 …); it submits the form. */
  confirm: string
  danger?: boolean
  disabled?: boolean
  onCancel: () => void
}) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={disabled}>
          {confirm}
        </button>
      </div>
    </>
  )
}
