/**
 * @module sync/pending
 * Pure decisions about local changes the server has not confirmed yet, and the
 * connection indicator shown to people (在线 / 离线 / 同步中). A local change is a
 * marker `{client, clock}`: the Yjs client id that made it and that client's clock
 * right after it. The server holds the change once its state vector has reached that
 * clock for that client — the server writes an update to disk before it relays it,
 * so its state vector is a confirmation, not a guess.
 * Not for: storing markers (localStore) or asking the server (connection).
 */

export interface PendingMarker {
  client: number
  clock: number
}

/** Splits markers into those the server's state vector covers and those it does not. */
export function splitConfirmed<T extends PendingMarker>(
  markers: readonly T[],
  serverStateVector: ReadonlyMap<number, number>,
): { confirmed: T[]; pending: T[] } {
  const confirmed: T[] = []
  const pending: T[] = []
  for (const marker of markers) {
    if ((serverStateVector.get(marker.client) ?? 0) >= marker.clock) confirmed.push(marker)
    else pending.push(marker)
  }
  return { confirmed, pending }
}

export type ConnectionState = 'online' | 'offline' | 'syncing'

export interface ConnectionFacts {
  /** The socket is open. */
  connected: boolean
  /** The first sync exchange on this socket has completed. */
  synced: boolean
  /** Local changes not yet confirmed by the server. */
  pending: number
}

/** 在线 only when connected, synced and nothing is waiting; 离线 when no socket is open. */
export function connectionState({ connected, synced, pending }: ConnectionFacts): ConnectionState {
  if (!connected) return 'offline'
  if (!synced || pending > 0) return 'syncing'
  return 'online'
}

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  online: '在线',
  offline: '离线',
  syncing: '同步中',
}

/** Delay before the next confirmation check: quick at first, then backing off. */
export function nextCheckDelay(attempt: number, { first = 250, max = 5000 } = {}): number {
  return Math.min(max, first * 2 ** Math.max(0, attempt))
}
