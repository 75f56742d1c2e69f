/**
 * @module grid/usePresenceOutlines
 * React adapter between Yjs awareness and the grid's presence marks: publishes me as
 * awareness `user` (SPEC §6.3), and — throttled to one redraw per 100 ms however many
 * cursors move — turns the other states into the `presence` index the cellClassRules
 * read, sets each outline slot's colour as a CSS variable on the grid wrapper, and
 * redraws only the rows whose outlines changed. Our own `cursor` is set by SheetGrid
 * on cell focus and cleared here on unmount.
 */
import type { PresenceUser } from '@taizhang/schema'
import { useEffect, type RefObject } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { changedRows } from './cellMarks'
import type { GridMarks } from './columnDefs'
import { indexPresence, peerCursors, PeerSlots, throttle } from './presence'

const PRESENCE_MS = 100

export function usePresenceOutlines(
  awareness: Awareness | null,
  me: PresenceUser,
  marks: GridMarks,
  wrapperRef: RefObject<HTMLElement | null>,
  refreshRows: (rowIds: Iterable<string>) => void,
): void {
  useEffect(() => {
    if (!awareness) return
    awareness.setLocalStateField('user', { id: me.id, name: me.name, color: me.color })
  }, [awareness, me.id, me.name, me.color])

  useEffect(() => {
    if (!awareness) return
    const slots = new PeerSlots()
    const sameSlots = (a: unknown, b: unknown) => String(a) === String(b)
    const redraw = throttle(() => {
      const cursors = peerCursors(awareness.getStates(), awareness.clientID)
      const assigned = slots.assign(cursors)
      const next = indexPresence(cursors, assigned)
      const rows = changedRows(marks.presence.slots, next.slots, sameSlots)
      marks.presence = next
      const wrapper = wrapperRef.current
      for (const cursor of cursors) {
        const slot = assigned.get(cursor.clientId)
        if (wrapper && slot !== undefined) {
          wrapper.style.setProperty(`--tz-peer-${slot}`, cursor.user.color)
        }
      }
      refreshRows(rows)
    }, PRESENCE_MS)
    awareness.on('change', redraw)
    redraw()
    return () => {
      awareness.off('change', redraw)
      redraw.cancel()
      awareness.setLocalStateField('cursor', null)
    }
  }, [awareness, marks, wrapperRef, refreshRows])
}
