/**
 * @module sync/clusterFanout
 * The other nodes of a cluster as a room sees them (`cluster/ClusterSync.ts` implements it;
 * absent on a single node). Handing a stored change to `publish` is the last step of the
 * room's write pipeline, beside relaying it to the room's own connections; loading tells the
 * fan-out which stored state the room starts from, so nothing falls between load and
 * subscription.
 *
 * Changes the other nodes stored come the other way as data, not as calls into a room: the
 * fan-out hands them to `RoomManager.applyRemoteUpdate`, and the sheet's room takes them
 * through the same pipeline from its apply step (stored already, so not stored again, and
 * relayed to this node's connections only).
 *
 * Not for: Redis or the log (`cluster/`).
 */

export interface ClusterFanout {
  /** Before the stored state is read (the cluster notes the stream position to replay from). */
  beforeLoad(sheetId: string): Promise<void>
  /** The stored state up to `lastSeq` is in the room's doc. */
  loaded(sheetId: string, lastSeq: number): void
  /** A change of this node was stored with `seq`: send it to the other nodes. */
  publish(sheetId: string, update: Uint8Array, seq: number): void
  /** An awareness change of this node's connections (a y-protocols awareness update). */
  publishAwareness(sheetId: string, update: Uint8Array): void
  /** The sheet's room was unloaded and no newer room replaced it (RoomManager calls it). */
  closed?(sheetId: string): void
  /** A user's connections were closed here (logout, changed grants): close them everywhere. */
  userClosed?(userId: string, code: number, reason: string): void
}
