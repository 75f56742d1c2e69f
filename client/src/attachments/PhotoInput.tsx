/**
 * @module attachments/PhotoInput
 * 拍照/选择照片: a file input that opens the phone's rear camera (`capture="environment"`),
 * keeps each chosen photo through `keepPhoto` (scaled, re-encoded, in IndexedDB) and then
 * hands its id to the caller. While offline it works the same: the outbox uploads later.
 */
import { useRef, useState } from 'react'
import { errorMessage } from '../api/client'
import { keepPhoto, type KeptPhoto, type PhotoTarget } from './keepPhoto'

export function PhotoInput({
  userId,
  target,
  disabled = false,
  label = '拍照 / 添加照片',
  onKept,
}: {
  userId: string
  target: PhotoTarget
  disabled?: boolean
  label?: string
  onKept?: (photo: KeptPhoto) => void
}) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="photo-input">
      <label className={disabled || busy ? 'button disabled' : 'button'}>
        {busy ? '正在处理照片…' : label}
        <input
          ref={input}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          disabled={disabled || busy}
          hidden
          onChange={async (e) => {
            const files = [...(e.target.files ?? [])]
            e.target.value = ''
            if (files.length === 0) return
            setBusy(true)
            setError(null)
            try {
              for (const file of files) {
                const kept = await keepPhoto(file, userId, target)
                onKept?.(kept)
              }
            } catch (failure) {
              setError(errorMessage(failure))
            } finally {
              setBusy(false)
            }
          }}
        />
      </label>
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
