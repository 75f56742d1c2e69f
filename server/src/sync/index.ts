/**
 * @module sync
 * The sync layer's surface for code outside the server (`@taizhang/server/sync`): the
 * rooms of one node, as the in-process cluster tests build them.
 * Not for: the HTTP side (`routes/sync.ts` upgrades sockets and decides access).
 */
export { DEFAULT_MAX_MESSAGE_BYTES, RoomManager } from './RoomManager'
export type { RoomManagerOptions, RoomStats } from './RoomManager'
