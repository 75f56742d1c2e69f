/**
 * @module grid/presence
 * Other people's current cells from Yjs awareness (SPEC §6.3: each state is
 * `{user:{id, name, color}, cursor:{rowId, colId} | null}`), reduced to what the grid
 * draws: a coloured outline per cell. Each peer gets one of a fixed number of slots
 * whose colour is a CSS variable, so a cellClassRule per slot draws any colour without
 * per-cell styles. Pure apart from the small throttle helper; no AG Grid, no DOM.
 */
import { safeColor, type PresenceUser } from '@taizhang/schema'
import { cellKey } from './cellMarks'

export { safeColor }

export interface PeerCursor {
  clientId: number
  user: PresenceUser
  rowId: string
  colId: string
}

/** Outline slots (CSS classes tz-peer-0 … tz-peer-7); more peers share the last one. */
export const PEER_SLOTS = 8

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Cursors of everyone but me, from awareness states; malformed states are ignored. */
export function peerCursors(
  states: ReadonlyMap<number, unknown>,
  selfClientId: number,
): PeerCursor[] {
  const cursors: PeerCursor[] = []
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !isRecord(state)) continue
    const { user, cursor } = state
    if (!isRecord(user) || !isRecord(cursor)) continue
    if (typeof cursor.rowId !== 'string' || typeof cursor.colId !== 'string') continue
    cursors.push({
      clientId,
      user: {
        id: String(user.id ?? clientId),
        name: typeof user.name === 'string' ? user.name : '协作者',
        color: safeColor(user.color),
      },
      rowId: cursor.rowId,
      colId: cursor.colId,
    })
  }
  return cursors.sort((a, b) => a.clientId - b.clientId)
}

/** Stable slot per client: a peer keeps its outline class while it stays. */
export class PeerSlots {
  private readonly slots = new Map<number, number>()

  assign(cursors: readonly PeerCursor[]): Map<number, number> {
    const present = new Set(cursors.map((c) => c.clientId))
    for (const id of [...this.slots.keys()]) if (!present.has(id)) this.slots.delete(id)
    const used = new Set(this.slots.values())
    for (const c of cursors) {
      if (this.slots.has(c.clientId)) continue
      let slot = 0
      while (used.has(slot) && slot < PEER_SLOTS - 1) slot++
      this.slots.set(c.clientId, slot)
      used.add(slot)
    }
    return new Map(this.slots)
  }
}

/** cell key → slots outlining it, and the names for its tooltip. */
export interface PresenceIndex {
  slots: Map<string, number[]>
  names: Map<string, string[]>
}

export function indexPresence(
  cursors: readonly PeerCursor[],
  slots: ReadonlyMap<number, number>,
): PresenceIndex {
  const index: PresenceIndex = { slots: new Map(), names: new Map() }
  for (const c of cursors) {
    const key = cellKey(c.rowId, c.colId)
    const slot = slots.get(c.clientId) ?? PEER_SLOTS - 1
    index.slots.set(key, [...(index.slots.get(key) ?? []), slot])
    index.names.set(key, [...(index.names.get(key) ?? []), c.user.name])
  }
  return index
}

/** Call `fn` at most once per `ms`, always with the latest state (trailing call). */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = 0
  const run = (): void => {
    timer = null
    last = Date.now()
    fn()
  }
  const throttled = (): void => {
    if (timer !== null) return
    const wait = Math.max(0, last + ms - Date.now())
    timer = setTimeout(run, wait)
  }
  throttled.cancel = (): void => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  return throttled
}
