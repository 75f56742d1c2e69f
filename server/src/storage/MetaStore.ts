/**
 * @module storage/MetaStore
 * Everything the server keeps besides the Yjs update log, behind one interface so SQLite
 * (`sqlite/sqliteMetaStore.ts`) and PostgreSQL (`postgres/pgMetaStore.ts`) stand in for each
 * other: users and grants, units, sheets, workflow events, sessions, rounds, templates. Methods are async even
 * though better-sqlite3 is not, because a networked database is.
 */
import type { EventStore } from './EventStore'
import type { RoundStore } from './RoundStore'
import type { SessionStore } from './SessionStore'
import type { SheetStore } from './SheetStore'
import type { SyncTicketStore } from './SyncTicketStore'
import type { TemplateStore } from './TemplateStore'
import type { UnitStore } from './UnitStore'
import type { UserStore } from './UserStore'

export interface MetaStore {
  users: UserStore
  units: UnitStore
  sheets: SheetStore
  sessions: SessionStore
  events: EventStore
  /** Short-lived single-use tickets that open a sync socket (auth/syncTickets). */
  syncTickets: SyncTicketStore
  rounds: RoundStore
  /** Stored, versioned templates (SPEC §7). */
  templates: TemplateStore
}
