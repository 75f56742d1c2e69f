/**
 * @module grid/GridToolbar
 * The row commands above the grid: 添加行, 删除行 (soft), 恢复 (with 显示已删除),
 * 上移 / 下移, 撤销 / 重做, and a status line for what just happened (paste counts, a
 * cell changed under the editor). Presentational only: SheetGrid owns the commands.
 * A read-only sheet shows a single line saying so instead.
 */
export interface GridToolbarProps {
  readOnly: boolean
  hasFocusedRow: boolean
  focusedRowDeleted: boolean
  showDeleted: boolean
  canUndo: boolean
  canRedo: boolean
  notice: string
  onAdd(): void
  onDelete(): void
  onRestore(): void
  onMove(direction: -1 | 1): void
  onUndo(): void
  onRedo(): void
  onShowDeleted(show: boolean): void
}

export function GridToolbar(props: GridToolbarProps) {
  if (props.readOnly) {
    return (
      <div className="tz-grid-toolbar tz-grid-readonly" role="status">
        只读：此表已锁定或你没有编辑权限
      </div>
    )
  }
  const { hasFocusedRow, focusedRowDeleted } = props
  return (
    <div className="tz-grid-toolbar" role="toolbar" aria-label="表格操作">
      <button type="button" onClick={props.onAdd}>
        添加行
      </button>
      <button type="button" onClick={props.onDelete} disabled={!hasFocusedRow || focusedRowDeleted}>
        删除行
      </button>
      {props.showDeleted && (
        <button type="button" onClick={props.onRestore} disabled={!focusedRowDeleted}>
          恢复
        </button>
      )}
      <button type="button" onClick={() => props.onMove(-1)} disabled={!hasFocusedRow}>
        上移
      </button>
      <button type="button" onClick={() => props.onMove(1)} disabled={!hasFocusedRow}>
        下移
      </button>
      <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title="Ctrl+Z">
        撤销
      </button>
      <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title="Ctrl+Y">
        重做
      </button>
      <label className="tz-grid-toggle">
        <input
          type="checkbox"
          checked={props.showDeleted}
          onChange={(e) => props.onShowDeleted(e.target.checked)}
        />
        显示已删除
      </label>
      <span className="tz-grid-notice" role="status" aria-live="polite">
        {props.notice}
      </span>
    </div>
  )
}
