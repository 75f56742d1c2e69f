/**
 * @module http/deps
 * What the HTTP routes need from the rest of the server, as narrow interfaces declared
 * beside what implements them: the meta store, sessions, login throttle, the sync rooms
 * (`RoomsApi`), cell history, server-side findings and the audit log. `main.ts` wires the
 * real ones; a test can build the app from the same parts without a port.
 */
import type { AuditEvent, AuditReader } from '../audit/auditLog'
import type { LoginGate } from '../auth/loginGate'
import type { LoginThrottle } from '../auth/throttle'
import type { Sessions } from '../auth/sessions'
import type { SyncTickets } from '../auth/syncTickets'
import type { HistoryApi } from '../history/cellHistory'
import type { AttachmentStore } from '../storage/AttachmentStore'
import type { DocStore } from '../storage/DocStore'
import type { MetaStore } from '../storage/MetaStore'
import type { RoomsApi } from '../sync/RoomsApi'
import type { FindingsApi } from '../validation/findingsService'

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
  /**
   * Take the client address the reverse proxy appended to X-Forwarded-For (or X-Real-IP),
   * and mark the session cookie `Secure` unless the proxy says the request came over http.
   */
  trustProxy?: boolean
  /** How many password checks run at once and wait (auth/loginGate); a default gate without. */
  loginGate?: LoginGate
  /** Single-use sync tickets (`POST /api/sync-ticket`); the route answers 404 without them. */
  tickets?: SyncTickets
  /** Rows a sheet may hold (imports past it are refused); default 100,000. */
  maxRowsPerSheet?: number
  /** Heavy GETs (exports, consolidation, history, rows?at=) per user and minute; default 60. */
  heavyRequestsPerMinute?: number
  /** 佐证材料 (SPEC §10); the attachment routes answer 404 without it. */
  attachments?: AttachmentStore
  /** Bytes of distinct content one user may upload; default 500 MiB. */
  attachmentQuotaBytes?: number
}
