/**
 * @module storage/metaStore
 * Everything the server keeps besides the Yjs update log, behind one interface so the
 * PostgreSQL backend (issue 7) can stand in for SQLite: users and grants, units,
 * sheets, workflow events, sessions. Methods are async even though better-sqlite3 is
 * not, because a networked database will be.
 */
import type { Db } from './db'
import { SqliteEventStore, type EventStore } from './events'
import { SqliteSessionStore, type SessionStore } from './sessions'
import { SqliteSheetStore, type SheetStore } from './sheets'
import { SqliteUnitStore, type UnitStore } from './units'
import { SqliteUserStore, type UserStore } from './users'

export interface MetaStore {
  users: UserStore
  units: UnitStore
  sheets: SheetStore
  sessions: SessionStore
  events: EventStore
}

export function sqliteMetaStore(db: Db): MetaStore {
  return {
    users: new SqliteUserStore(db),
    units: new SqliteUnitStore(db),
    sheets: new SqliteSheetStore(db),
    sessions: new SqliteSessionStore(db),
    events: new SqliteEventStore(db),
  }
}
