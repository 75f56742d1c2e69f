/**
 * @module sync/appliedUpdate
 * What the room reads off a Yjs update or the transaction that applied it, without applying
 * or encoding anything again: the client ids an update writes with (its authors), whether an
 * applied update added anything (a duplicate is not relayed), and — on the rare path where
 * `Y.applyUpdate` threw half-way — what it had integrated before (Yjs does not roll back).
 * And the two other ways into a doc: the stored state at load, and a change the server makes
 * (the update its transaction produced).
 *
 * Not for: the wire format (`protocol.ts`) or deciding what to relay to whom (`Room.ts`).
 */
import * as Y from 'yjs'
import type { LoadedDoc } from '../storage/DocStore'

/** An update with no structs and no deletions (what a client sends for "nothing new"). */
export const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0

export type DecodedStructs = ReturnType<typeof Y.decodeUpdate>['structs']

/** An update's structs; null when it cannot be decoded. */
export function decodeStructs(update: Uint8Array): DecodedStructs | null {
  try {
    return Y.decodeUpdate(update).structs
  } catch {
    return null
  }
}

/** The Yjs client ids whose structs an update holds; null when it cannot be decoded. */
export function structClients(update: Uint8Array): number[] | null {
  const structs = decodeStructs(update)
  return structs && clientsOf(structs)
}

/** The Yjs client ids of decoded structs, in order of appearance. */
export function clientsOf(structs: DecodedStructs): number[] {
  const clients: number[] = []
  for (const struct of structs) {
    // an update lists each client's structs together
    const client = struct.id.client
    if (clients[clients.length - 1] !== client && !clients.includes(client)) clients.push(client)
  }
  return clients
}

/** Whether a transaction changed the doc at all (as Yjs decides whether to emit 'update'). */
function addedSomething(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true
  }
  return false
}

/** The outcome of the doc's last transaction (fed from its `afterTransaction` event). */
export class LastTransaction {
  private added = false
  private beforeState: Map<number, number> | null = null

  noted(transaction: Y.Transaction): void {
    this.added = addedSomething(transaction)
    this.beforeState = transaction.beforeState
  }

  /**
   * Whether the update just applied is worth relaying: it added to the doc, or it may have
   * (its missing dependencies keep part of it pending: the others must hold it too, or the
   * update completing it would not be enough for them). A duplicate is not relayed.
   */
  addedTo(doc: Y.Doc): boolean {
    const { pendingStructs, pendingDs } = doc.store
    return this.added || pendingStructs !== null || pendingDs !== null
  }

  /**
   * What an `applyUpdate` that threw had integrated, as an update (null if nothing): the
   * structs added since the state before it, with the doc's deletions. Only on this rare
   * path: the usual one relays the received bytes and encodes nothing.
   */
  integratedInto(doc: Y.Doc): Uint8Array | null {
    if (!this.added || !this.beforeState) return null
    return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.beforeState))
  }
}

/**
 * Run `fn` in one transaction on `doc` and return the update it produced (null: it changed
 * nothing) and what it threw. Yjs does not roll back: what `fn` changed before throwing is in
 * the update like the rest.
 */
export function transactCapturing(
  doc: Y.Doc,
  fn: (doc: Y.Doc) => void,
  origin: unknown,
): { update: Uint8Array | null; error: unknown } {
  let update: Uint8Array | null = null
  let error: unknown = null
  const capture = (u: Uint8Array): void => {
    update = update ? Y.mergeUpdates([update, u]) : u
  }
  doc.on('update', capture)
  try {
    doc.transact(() => fn(doc), origin)
  } catch (thrown) {
    error = thrown
  } finally {
    doc.off('update', capture)
  }
  return { update, error }
}

/**
 * Put a sheet's stored state into `doc` in one transaction: the snapshot, then the updates
 * after it. A stored update that cannot be applied must not keep the sheet from opening: it
 * is reported (`skipped`) and the rest is applied.
 */
export function applyLoaded(
  doc: Y.Doc,
  { snapshot, updates }: LoadedDoc,
  origin: unknown,
  skipped: (seq: number, error: unknown) => void,
): void {
  doc.transact(() => {
    if (snapshot) Y.applyUpdate(doc, snapshot)
    for (const u of updates) {
      try {
        Y.applyUpdate(doc, u.data)
      } catch (error) {
        skipped(u.seq, error)
      }
    }
  }, origin)
}
