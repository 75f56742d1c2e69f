/**
 * @module http/deps
 * What the HTTP routes need from the rest of the server, as narrow interfaces: the
 * meta store, sessions, login throttle, the sync rooms (only the calls the API makes),
 * cell history, and server-side findings. `main.ts` wires the real ones; a test can
 * build the app from the same parts without a port.
 */
import type { Finding, Row } from '@taizhang/schema'
import type * as Y from 'yjs'
import type { AuditEntry, AuditVerdict } from '../audit/auditLog'
import type { LoginThrottle } from '../auth/throttle'
import type { Sessions } from '../auth/sessions'
import { UnitTree } from '../auth/unitTree'
import type { DocStore } from '../storage/DocStore'
import type { MetaStore } from '../storage/metaStore'
import type { Unit } from '../storage/units'

/** The part of the sync RoomManager the API uses. */
export interface RoomsApi {
  /** The live document of a sheet (loaded from storage if no room is open). */
  getDoc(sheetId: string): Promise<Y.Doc> | Y.Doc
  /** Change a sheet as the server (or on behalf of `userId`): persisted, then relayed. */
  applyServerChange(
    sheetId: string,
    userId: string | null,
    fn: (doc: Y.Doc) => void,
  ): Promise<unknown> | unknown
  /** Lock (accepted) or unlock a sheet for every open connection. */
  setLocked(sheetId: string, locked: boolean): Promise<unknown> | unknown
  closeUserConnections(userId: string, code: number, reason: string): unknown
  /** Resolves when every change to the sheet received so far survives a power cut. */
  durable?(sheetId: string): Promise<void>
}

export interface CellChange {
  at: string
  by: string | null
  from: unknown
  to: unknown
}

/** Cell history and past states, rebuilt from the attributed update log. */
export interface HistoryApi {
  cellHistory(sheetId: string, rowId: string, column: string): Promise<CellChange[]>
  rowsAt(sheetId: string, at: Date): Promise<Row[]>
}

/** Server-side validation results, kept current as sheets change. */
export interface FindingsApi {
  /** The findings of a sheet with every change so far taken into account. */
  findings(sheetId: string): Promise<Finding[]>
}

/** One entry of the hash-chained audit log (issue 6): who did what security-relevant thing. */
export interface AuditEvent {
  userId: string | null
  /** `login`, `login-failed`, `logout`, `unit-create`, `user-create`, `sheet-create`,
   *  `workflow-submit` … `workflow-reopen`, `conflict-resolve` */
  action: string
  detail?: Record<string, unknown>
}

/** The audit chain as admins read it (`GET /api/audit`), whichever database holds it. */
export interface AuditReader {
  read(options: { afterId?: number; limit?: number }): Promise<AuditEntry[]>
  verify(): Promise<AuditVerdict>
}

export interface AppDeps {
  store: MetaStore
  sessions: Sessions
  throttle: LoginThrottle
  rooms: RoomsApi
  history: HistoryApi
  findings: FindingsApi
  /** Session lifetime, for the cookie's Max-Age. */
  sessionTtlMs: number
  /** Built web app to serve (client/dist), when it exists. */
  clientDir?: string
  /**
   * The stored sheet documents, for reading many sheets at once (consolidation) without
   * opening a sync room for each; absent, readers fall back to `rooms.getDoc`.
   */
  docs?: DocStore
  /** Append to the audit log; a no-op when not given. */
  audit?: (event: AuditEvent) => void
  /** Read and verify the audit log (admins); the route answers 404 without it. */
  auditLog?: AuditReader
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean
}

const trees = new WeakMap<readonly Unit[], UnitTree>()

/** The unit tree as of now (rebuilt only when the store's unit list changed). */
export async function unitTree(store: MetaStore): Promise<UnitTree> {
  const units = await store.units.list()
  let tree = trees.get(units)
  if (!tree) {
    tree = new UnitTree(units)
    trees.set(units, tree)
  }
  return tree
}
