/**
 * @module summary/useConsolidation
 * The live 汇总 (SPEC §2.4 "recomputes live as child sheets change"): fetches the
 * consolidation and fetches it again every few seconds while the page is visible, and
 * at once when the tab comes back into view or gets focus. The last answer stays on
 * screen while the next is on its way; a failed poll keeps it and says why. Each answer
 * is also kept in IndexedDB, so with no network the last 汇总 seen still opens. A null
 * template asks nothing (a view not shown).
 * Not for: drawing (SummaryTable.tsx).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, errorMessage } from '../api/client'
import { getCached, setCached } from '../sync/localStore'
import {
  fetchConsolidation,
  type ConsolidationResult,
  type ConsolidationState,
  type TemplateChoice,
} from './consolidationApi'

export interface LiveConsolidation<R = ConsolidationResult> {
  data: R | null
  error: string | null
  offline: boolean
  loading: boolean
  /** When the shown figures were fetched. */
  fetchedAt: Date | null
  reload(): void
}

export const POLL_MS = 5000

export function useConsolidation<R = ConsolidationResult>(
  unitId: string,
  template: TemplateChoice | null,
  state: ConsolidationState,
  pollMs = POLL_MS,
  /** A reporting round (SPEC §8): its sheets only. */
  round?: string,
): LiveConsolidation<R> {
  const [data, setData] = useState<R | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [offline, setOffline] = useState(false)
  const [loading, setLoading] = useState(true)
  const [fetchedAt, setFetchedAt] = useState<Date | null>(null)
  const inFlight = useRef<AbortController | null>(null)
  const key = `${unitId}|${template}|${state}${round ? `|${round}` : ''}`
  const keyRef = useRef(key)
  keyRef.current = key

  const load = useCallback(() => {
    if (inFlight.current || template === null) return
    const controller = new AbortController()
    inFlight.current = controller
    const asked = key
    fetchConsolidation<R>(unitId, template, state, controller.signal, round)
      .then(
        (answer) => {
          if (keyRef.current !== asked) return
          setData(answer)
          setError(null)
          setOffline(false)
          setFetchedAt(new Date())
          void setCached(`consolidation:${asked}`, answer)
        },
        (failure: unknown) => {
          if (keyRef.current !== asked || (failure as Error)?.name === 'AbortError') return
          const isOffline = failure instanceof ApiError && failure.offline
          setOffline(isOffline)
          setError(isOffline ? '网络不可用，显示的是上次获取的汇总' : errorMessage(failure))
        },
      )
      .finally(() => {
        if (inFlight.current === controller) inFlight.current = null
        if (keyRef.current === asked) setLoading(false)
      })
  }, [key, unitId, template, state, round])

  useEffect(() => {
    // a new unit, template or state: forget the old figures at once
    inFlight.current?.abort()
    inFlight.current = null
    setData(null)
    setError(null)
    setLoading(template !== null)
    if (template === null) return
    const asked = key
    void getCached<R>(`consolidation:${asked}`).then((cached) => {
      // only until the first answer of the server arrives
      if (cached && keyRef.current === asked) setData((shown) => shown ?? cached)
    })
    load()
    const tick = () => {
      if (document.visibilityState === 'visible') load()
    }
    const timer = window.setInterval(tick, pollMs)
    window.addEventListener('focus', tick)
    document.addEventListener('visibilitychange', tick)
    return () => {
      window.clearInterval(timer)
      window.removeEventListener('focus', tick)
      document.removeEventListener('visibilitychange', tick)
      inFlight.current?.abort()
      inFlight.current = null
    }
  }, [load, pollMs, key, template])

  return { data, error, offline, loading, fetchedAt, reload: load }
}
