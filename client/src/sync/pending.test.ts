// Unit tests of the pure pending-change and indicator decisions (sync/pending).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectionState, nextCheckDelay, splitConfirmed } from './pending'

describe('splitConfirmed', () => {
  it('confirms a marker once the server clock for its client reaches it', () => {
    const markers = [
      { client: 1, clock: 3 },
      { client: 1, clock: 7 },
      { client: 2, clock: 1 },
    ]
    const { confirmed, pending } = splitConfirmed(markers, new Map([[1, 5]]))
    expect(confirmed).toEqual([{ client: 1, clock: 3 }])
    expect(pending).toEqual([
      { client: 1, clock: 7 },
      { client: 2, clock: 1 },
    ])
  })

  it('agrees with real Yjs state vectors after the server applies the update', () => {
    const local = new Y.Doc()
    const server = new Y.Doc()
    local.getMap('rows').set('a', 1)
    const marker = { client: local.clientID, clock: Y.getState(local.store, local.clientID) }
    expect(
      splitConfirmed([marker], Y.decodeStateVector(Y.encodeStateVector(server))).pending,
    ).toHaveLength(1)
    Y.applyUpdate(server, Y.encodeStateAsUpdate(local))
    const sv = Y.decodeStateVector(Y.encodeStateVector(server))
    expect(splitConfirmed([marker], sv).confirmed).toEqual([marker])
  })
})

describe('connectionState', () => {
  it('is 离线 without a socket even with pending changes', () => {
    expect(connectionState({ connected: false, synced: false, pending: 3 })).toBe('offline')
  })
  it('is 同步中 while the first sync runs or changes wait for confirmation', () => {
    expect(connectionState({ connected: true, synced: false, pending: 0 })).toBe('syncing')
    expect(connectionState({ connected: true, synced: true, pending: 1 })).toBe('syncing')
  })
  it('is 在线 when synced with nothing waiting', () => {
    expect(connectionState({ connected: true, synced: true, pending: 0 })).toBe('online')
  })
})

describe('nextCheckDelay', () => {
  it('backs off and is capped', () => {
    expect(nextCheckDelay(0)).toBe(250)
    expect(nextCheckDelay(2)).toBe(1000)
    expect(nextCheckDelay(20)).toBe(5000)
  })
})
