/**
 * @module attachments/PhotoThumb
 * One attachment as a thumbnail (SPEC §10): the photo from IndexedDB while it waits to be
 * uploaded (marked 待上传), else fetched with the session; tapping it shows it large. When it
 * cannot be shown (offline, no permission) the reason stands in its place.
 */
import { useState } from 'react'
import { Dialog } from '../components/Dialog'
import { usePhotoUrl } from './usePhotoUrl'

export function PhotoThumb({
  id,
  notUploaded,
  onRemove,
}: {
  id: string
  notUploaded: boolean
  /** Shown as a × button when the person may remove the photo. */
  onRemove?: () => void
}) {
  const { url, error } = usePhotoUrl(id)
  const [large, setLarge] = useState(false)
  return (
    <figure className="photo-thumb" data-attachment-id={id} data-uploaded={!notUploaded}>
      {url ? (
        <button type="button" className="photo-open" onClick={() => setLarge(true)}>
          <img src={url} alt="佐证照片" />
        </button>
      ) : (
        <span className="photo-missing muted small">{error ?? '正在读取…'}</span>
      )}
      {notUploaded && <figcaption className="photo-pending">待上传</figcaption>}
      {onRemove && (
        <button type="button" className="photo-remove" aria-label="移除照片" onClick={onRemove}>
          ×
        </button>
      )}
      {large && url && (
        <Dialog title="佐证照片" wide onClose={() => setLarge(false)}>
          <img className="photo-large" src={url} alt="佐证照片" />
        </Dialog>
      )}
    </figure>
  )
}
