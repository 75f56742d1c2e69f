/**
 * @module outbox/useOutbox
 * React adapters of the outbox: `useOutbox` gives the person's unsent records and refusals,
 * kept current as they change in any tab; `useOutboxSender` (mounted once, in the app frame)
 * sends them when the page opens, when the network returns, after each new record, and every
 * so often while something is left — waiting longer after each failed try, up to a minute.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { Keyed, RefusalRecord } from './entries'
import { flushOutbox, type FlushResult } from './flushOutbox'
import { dismissRefusal, listOutbox, onOutboxChange, refusalsOf } from './outboxStore'

export interface OutboxState {
  entries: Keyed[]
  refusals: { key: number; refusal: RefusalRecord }[]
  /** False until IndexedDB has been read once. */
  ready: boolean
  dismiss(key: number): void
}

interface Snapshot {
  userId: string
  entries: Keyed[]
  refusals: OutboxState['refusals']
}

// One read of IndexedDB per change, shared by every component that shows outbox state (a
// grid renders an attachment cell per visible row).
let snapshot: Snapshot | null = null
let reading: string | null = null
const subscribers = new Set<() => void>()

function refresh(userId: string): void {
  reading = userId
  void Promise.all([listOutbox(userId), refusalsOf(userId)]).then(([entries, refusals]) => {
    if (reading !== userId) return
    snapshot = { userId, entries, refusals }
    subscribers.forEach((s) => s())
  })
}

onOutboxChange(() => {
  if (reading) refresh(reading)
})

const dismiss = (key: number) => void dismissRefusal(key)
const EMPTY: Keyed[] = []

export function useOutbox(userId: string | null | undefined): OutboxState {
  const current = useSyncExternalStore(
    useCallback((listener: () => void) => {
      subscribers.add(listener)
      return () => subscribers.delete(listener)
    }, []),
    () => snapshot,
  )
  useEffect(() => {
    if (userId && reading !== userId) refresh(userId)
  }, [userId])
  const mine = current && current.userId === userId ? current : null
  return {
    entries: mine?.entries ?? EMPTY,
    refusals: mine?.refusals ?? [],
    ready: mine !== null,
    dismiss,
  }
}

const flushListeners = new Set<(result: FlushResult) => void>()

/** Told after every run that sent or refused something (pages reload their items then). */
export function onFlushed(listener: (result: FlushResult) => void): () => void {
  flushListeners.add(listener)
  return () => flushListeners.delete(listener)
}

const FIRST_RETRY_MS = 5_000
const MAX_RETRY_MS = 60_000

export function useOutboxSender(userId: string | null | undefined): void {
  useEffect(() => {
    if (!userId) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let delay = FIRST_RETRY_MS
    let again = false
    let busy = false
    const run = async () => {
      if (stopped) return
      if (busy) {
        again = true
        return
      }
      busy = true
      clearTimeout(timer)
      try {
        const result = await flushOutbox(userId)
        if (result.sent + result.refused > 0) flushListeners.forEach((l) => l(result))
        if (result.left > 0) {
          timer = setTimeout(() => void run(), delay)
          delay = Math.min(delay * 2, MAX_RETRY_MS)
        } else {
          delay = FIRST_RETRY_MS
        }
      } catch (error) {
        console.warn('[台账] 待同步内容发送失败', error)
        timer = setTimeout(() => void run(), MAX_RETRY_MS)
      } finally {
        busy = false
      }
      if (again) {
        again = false
        void run()
      }
    }
    const online = () => {
      delay = FIRST_RETRY_MS
      void run()
    }
    void run()
    window.addEventListener('online', online)
    const off = onOutboxChange(() => {
      if (navigator.onLine) void run()
    })
    return () => {
      stopped = true
      clearTimeout(timer)
      window.removeEventListener('online', online)
      off()
    }
  }, [userId])
}
