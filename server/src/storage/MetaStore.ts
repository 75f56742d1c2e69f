/**
 * @module storage/MetaStore
 * Everything the server keeps besides the Yjs update log, behind one interface so SQLite
 * (`sqlite/sqliteMetaStore.ts`) and PostgreSQL (`postgres/pgMetaStore.ts`) stand in for each
 * other: users and grants, units, sheets, workflow events, sessions, rounds, rectification items. Methods are async even
 * though better-sqlite3 is not, because a networked database is.
 */
import type { EventStore } from './EventStore'
import type { RectificationStore } from './RectificationStore'
import type { RoundStore } from './RoundStore'
import type { SessionStore } from './SessionStore'
import type { SheetStore } from './SheetStore'
import type { SyncTicketStore } from './SyncTicketStore'
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
  /** 整改台账 items and their events (SPEC §9). */
  rectifications: RectificationStore
}
