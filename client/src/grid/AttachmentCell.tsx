/**
 * @module grid/AttachmentCell
 * The grid's cell for an `attachment` column (SPEC §10): how many photos the cell names and how
 * many of them wait to be uploaded (待上传); a tap opens them in a dialog (`AttachmentField`:
 * thumbnails, 拍照 / 添加照片, remove), which writes the new cell text through the grid's `write`.
 * Only this column has a React renderer: every other cell stays plain text.
 */
import type { CellValue, Column } from '@taizhang/schema'
import { attachmentIdsOf, DELETED } from '@taizhang/schema'
import type { CustomCellRendererProps } from 'ag-grid-react'
import { useState } from 'react'
import { createPortal } from 'react-dom'
import { AttachmentField } from '../attachments/AttachmentField'
import { Dialog } from '../components/Dialog'
import { useSession } from '../hooks/useSession'
import { notUploadedOf } from '../outbox/entries'
import { useOutbox } from '../outbox/useOutbox'
import type { GridRow } from './rowChanges'

export interface AttachmentCellParams {
  column: Column
  readOnly: boolean
  write(rowId: string, column: Column, input: unknown): CellValue
}

export function AttachmentCell(props: CustomCellRendererProps<GridRow> & AttachmentCellParams) {
  const { data, column, readOnly, write } = props
  const { user } = useSession()
  const outbox = useOutbox(user?.id)
  const [open, setOpen] = useState(false)
  if (!data) return null
  const value = data[column.id]
  const ids = attachmentIdsOf(value)
  const waiting = notUploadedOf(ids, outbox.entries).size
  const locked = readOnly || !!data[DELETED]
  return (
    <>
      <button
        type="button"
        className="tz-attachment-cell"
        data-count={ids.length}
        onClick={() => setOpen(true)}
        disabled={locked && ids.length === 0}
      >
        {ids.length > 0 ? `照片 ${ids.length}` : locked ? '—' : '＋ 照片'}
        {waiting > 0 && <span className="tz-attachment-waiting">待上传 {waiting}</span>}
      </button>
      {open &&
        // Outside the cell: the grid's own keys and clicks must not act on the dialog.
        createPortal(
          <Dialog title={column.label} onClose={() => setOpen(false)}>
            <AttachmentField
              value={data[column.id]}
              readOnly={locked}
              onChange={(text) => {
                data[column.id] = write(data.id, column, text)
                props.api.refreshCells({ rowNodes: props.node ? [props.node] : [], force: true })
              }}
            />
          </Dialog>,
          document.body,
        )}
    </>
  )
}
