/**
 * @module attachments/usePhotoUrl
 * An object URL for showing one attachment: the bytes still in IndexedDB when they are not
 * uploaded yet, else `GET /api/attachments/:id` with the session. The URL is revoked when the
 * component goes away, so no link to a photo outlives the page (SPEC §10, personal data).
 */
import { useEffect, useState } from 'react'
import { errorMessage } from '../api/client'
import { getBlob } from '../outbox/outboxStore'
import { fetchAttachment } from './attachmentApi'

export interface PhotoUrl {
  url: string | null
  /** Why it cannot be shown (offline, refused), in Chinese. */
  error: string | null
}

export function usePhotoUrl(id: string | null): PhotoUrl {
  const [state, setState] = useState<PhotoUrl>({ url: null, error: null })
  useEffect(() => {
    if (!id) return
    const abort = new AbortController()
    let url: string | null = null
    setState({ url: null, error: null })
    void (async () => {
      try {
        const kept = await getBlob(id)
        const blob = kept
          ? new Blob([kept.bytes], { type: kept.type })
          : await fetchAttachment(id, abort.signal)
        if (abort.signal.aborted) return
        url = URL.createObjectURL(blob)
        setState({ url, error: null })
      } catch (failure) {
        if (!abort.signal.aborted) setState({ url: null, error: errorMessage(failure) })
      }
    })()
    return () => {
      abort.abort()
      if (url) URL.revokeObjectURL(url)
    }
  }, [id])
  return state
}
