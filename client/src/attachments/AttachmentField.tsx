/**
 * @module attachments/AttachmentField
 * An `attachment` cell (SPEC §10: ids joined by `,`) as people use it: the photos as
 * thumbnails, 待上传 on those still only on this device, 拍照 / 添加照片 and × to remove. A new
 * photo is kept in IndexedDB first, then its id is written to the cell at once (`onChange`
 * gets the new cell text), so the row names it even before it is uploaded. Used by the grid's
 * attachment cells (in a dialog) and by the phone's row form.
 */
import { attachmentCell, attachmentIdsOf, MAX_EVIDENCE } from '@taizhang/schema'
import { useRef } from 'react'
import { useSession } from '../hooks/useSession'
import { notUploadedOf } from '../outbox/entries'
import { useOutbox } from '../outbox/useOutbox'
import { PhotoInput } from './PhotoInput'
import { PhotoThumb } from './PhotoThumb'

export function AttachmentField({
  value,
  readOnly,
  sheetId,
  onChange,
}: {
  value: unknown
  readOnly: boolean
  sheetId?: string
  onChange(text: string): void
}) {
  const { user } = useSession()
  const outbox = useOutbox(user?.id)
  const ids = attachmentIdsOf(value)
  const notUploaded = notUploadedOf(ids, outbox.entries)
  // Several photos chosen at once are each written as soon as kept: add to the latest list.
  const latest = useRef(ids)
  latest.current = ids
  const add = (id: string) => {
    latest.current = [...latest.current.filter((x) => x !== id), id]
    onChange(attachmentCell(latest.current))
  }
  return (
    <div className="attachment-field">
      <div className="photo-grid">
        {ids.map((id) => (
          <PhotoThumb
            key={id}
            id={id}
            notUploaded={notUploaded.has(id)}
            onRemove={
              readOnly ? undefined : () => onChange(attachmentCell(ids.filter((x) => x !== id)))
            }
          />
        ))}
        {ids.length === 0 && <span className="muted small">暂无照片</span>}
      </div>
      {!readOnly && user && (
        <PhotoInput
          userId={user.id}
          target={sheetId ? { sheetId } : {}}
          disabled={ids.length >= MAX_EVIDENCE}
          onKept={(photo) => add(photo.id)}
        />
      )}
    </div>
  )
}
