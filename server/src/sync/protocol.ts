/**
 * @module sync/protocol
 * The y-websocket wire protocol as the stock `y-websocket` WebsocketProvider speaks it: every
 * binary frame starts with a varuint message type —
 *   0 sync       (y-protocols/sync: 0 step 1 = state vector, 1 step 2 = diff, 2 update)
 *   1 awareness  (an encoded awareness update)
 *   2 auth       (y-protocols/auth: 0 permission denied + reason)
 *   3 query awareness (the peer wants everybody's awareness states)
 * This module only encodes and decodes frames; it decides nothing. Decoding never throws:
 * a frame that is not well-formed comes back as `{ type: 'invalid', reason }`.
 * Not for: applying updates or permissions (see `Room.ts`).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

export const messageSync = 0
export const messageAwareness = 1
export const messageAuth = 2
export const messageQueryAwareness = 3

export const syncStep1 = 0
export const syncStep2 = 1
export const syncUpdate = 2

export type IncomingMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  /** step 2 and update carry the same payload: a Yjs update */
  | { type: 'syncStep2' | 'syncUpdate'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' }
  | { type: 'invalid'; reason: string }

/** Read one frame. Trailing bytes after the message make it invalid too. */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    let message: IncomingMessage
    switch (type) {
      case messageSync: {
        const sub = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (sub === syncStep1) message = { type: 'syncStep1', stateVector: payload }
        else if (sub === syncStep2) message = { type: 'syncStep2', update: payload }
        else if (sub === syncUpdate) message = { type: 'syncUpdate', update: payload }
        else return { type: 'invalid', reason: `unknown sync message ${sub}` }
        break
      }
      case messageAwareness:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case messageQueryAwareness:
        message = { type: 'queryAwareness' }
        break
      case messageAuth:
        // clients have nothing to say in auth; read it and ignore it
        decoding.readVarUint(decoder)
        decoding.readVarString(decoder)
        message = { type: 'auth' }
        break
      default:
        return { type: 'invalid', reason: `unknown message type ${type}` }
    }
    if (decoding.hasContent(decoder)) return { type: 'invalid', reason: 'trailing bytes' }
    return message
  } catch {
    return { type: 'invalid', reason: 'truncated message' }
  }
}

/** Whether a state vector (sync step 1 payload) decodes. */
export function isValidStateVector(stateVector: Uint8Array): boolean {
  try {
    Y.decodeStateVector(stateVector)
    return true
  } catch {
    return false
  }
}

/** One client's entry in an awareness update (y-protocols/awareness); `state` null: it left. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/**
 * The entries of an awareness update (varuint count, then per client: id, clock, state as
 * JSON text). Throws where y-protocols would: a truncated update or a state that is not JSON.
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  // every entry takes at least three bytes, so a forged count runs out of input quickly
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state: unknown = JSON.parse(decoding.readVarString(decoder))
    entries.push({ clientId, clock, state })
  }
  return entries
}

/** An awareness update holding `entries` (the inverse of `decodeAwarenessEntries`). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length)
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(e, clientId)
      encoding.writeVarUint(e, clock)
      encoding.writeVarString(e, JSON.stringify(state))
    }
  })
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, messageSync)
    encoding.writeVarUint(e, syncStep1)
    encoding.writeVarUint8Array(e, stateVector)
  })

export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, messageSync)
    encoding.writeVarUint(e, syncStep2)
    encoding.writeVarUint8Array(e, update)
  })

export const encodeUpdate = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, messageSync)
    encoding.writeVarUint(e, syncUpdate)
    encoding.writeVarUint8Array(e, update)
  })

export const encodeAwareness = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, messageAwareness)
    encoding.writeVarUint8Array(e, update)
  })

/** y-protocols/auth "permission denied": the stock provider logs the reason. */
export const encodePermissionDenied = (reason: string): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, messageAuth)
    encoding.writeVarUint(e, 0)
    encoding.writeVarString(e, reason)
  })
