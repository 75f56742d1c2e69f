/**
 * @module hooks/useCachedQuery
 * Network first with an offline copy: shows the IndexedDB copy at once, asks the server,
 * and stores its answer for the next time. When the server cannot be reached the copy
 * stays on screen and `offline` is true; other errors are shown as they are.
 */
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../api/client'
import { getCached, setCached } from '../sync/localStore'

export interface CachedQuery<T> {
  data: T | undefined
  /** A message for people, when the server answered with an error. */
  error: string | null
  /** The server could not be reached; `data` is the offline copy (if any). */
  offline: boolean
  loading: boolean
  reload(): void
}

export function useCachedQuery<T>(key: string | null, fetcher: () => Promise<T>): CachedQuery<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [offline, setOffline] = useState(false)
  const [loading, setLoading] = useState(true)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    if (key === null) return
    let cancelled = false
    let fresh = false
    setLoading(true)
    void getCached<T>(key).then((cached) => {
      if (!cancelled && !fresh && cached !== undefined) setData(cached)
    })
    fetcher().then(
      (answer) => {
        if (cancelled) return
        fresh = true
        setData(answer)
        setError(null)
        setOffline(false)
        setLoading(false)
        void setCached(key, answer)
      },
      (failure: unknown) => {
        if (cancelled) return
        const isOffline = failure instanceof ApiError && failure.offline
        setOffline(isOffline)
        setError(isOffline ? null : errorMessage(failure))
        setLoading(false)
      },
    )
    return () => {
      cancelled = true
    }
    // Keyed by `key` (not the fetcher closure): a re-render must not refetch.
  }, [key, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data, error, offline, loading, reload }
}
