/**
 * @module hooks/useSheet
 * The adapter between an open sheet's `sync/` session and React: opens the session for
 * the page's sheet (IndexedDB first, then the socket), and exposes the doc, whether the
 * local copy is loaded, the connection indicator, the doc's meta (title, status — the
 * server writes `status` there when the workflow moves, so a sheet locks at once) and
 * the presence of everyone in the sheet.
 */
import { presenceColor, readMeta, type PresenceState, type SheetMeta } from '@taizhang/schema'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { type ConnectionStatus, type SheetConnection } from '../sync/connection'
import { openSheetSession, type SheetSession } from '../sync/sheetSession'

export interface OpenSheet {
  session: SheetSession | null
  doc: Y.Doc | null
  /** The IndexedDB copy is in the doc. */
  ready: boolean
  status: ConnectionStatus
  meta: Partial<SheetMeta> & Record<string, unknown>
}

const OFFLINE: ConnectionStatus = { state: 'offline', pending: 0, refused: null }

export function useSheet(
  sheetId: string,
  token: string | null,
  user: { id: string; displayName: string } | null,
): OpenSheet {
  const [session, setSession] = useState<SheetSession | null>(null)
  const [ready, setReady] = useState(false)
  const userId = user?.id
  const userName = user?.displayName

  useEffect(() => {
    if (!token || !userId) return
    const opened = openSheetSession(sheetId, token, {
      id: userId,
      name: userName ?? userId,
      color: presenceColor(userId),
    })
    setSession(opened)
    setReady(false)
    let cancelled = false
    void opened.ready.then(() => {
      if (!cancelled) setReady(true)
    })
    return () => {
      cancelled = true
      opened.destroy()
      setSession(null)
    }
  }, [sheetId, token, userId, userName])

  const status = useConnectionStatus(session?.connection ?? null)
  const meta = useDocMeta(ready ? (session?.doc ?? null) : null)
  return { session, doc: session?.doc ?? null, ready, status, meta }
}

export function useConnectionStatus(connection: SheetConnection | null): ConnectionStatus {
  const subscribe = useMemo(
    () => (listener: () => void) => connection?.subscribe(listener) ?? (() => {}),
    [connection],
  )
  return useSyncExternalStore(subscribe, () => connection?.getStatus() ?? OFFLINE)
}

/** The doc's meta map as plain data, re-read when it changes. */
export function useDocMeta(doc: Y.Doc | null): Partial<SheetMeta> & Record<string, unknown> {
  const [meta, setMeta] = useState<Partial<SheetMeta> & Record<string, unknown>>({})
  useEffect(() => {
    if (!doc) {
      setMeta({})
      return
    }
    const map = doc.getMap('meta')
    const update = () => setMeta(readMeta(doc))
    update()
    map.observe(update)
    return () => map.unobserve(update)
  }, [doc])
  return meta
}

export interface SheetPerson extends PresenceState {
  clientId: number
  self: boolean
}

/** Everyone whose awareness state is known (this tab first), deduplicated per user+tab. */
export function useSheetPeople(connection: SheetConnection | null): SheetPerson[] {
  const [people, setPeople] = useState<SheetPerson[]>([])
  useEffect(() => {
    if (!connection) {
      setPeople([])
      return
    }
    const awareness = connection.awareness
    const update = () => {
      const list: SheetPerson[] = []
      awareness.getStates().forEach((state, clientId) => {
        const s = state as Partial<PresenceState>
        if (!s.user) return
        list.push({
          user: s.user,
          cursor: s.cursor ?? null,
          clientId,
          self: clientId === awareness.clientID,
        })
      })
      list.sort(
        (a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name, 'zh'),
      )
      setPeople(list)
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [connection])
  return people
}
