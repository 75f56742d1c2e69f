/**
 * @module storage/sqlite/sqliteMetaStore
 * The `MetaStore` on SQLite: one repository per table family, all on the server's database
 * connection.
 */
import type { MetaStore } from '../MetaStore'
import type { Db } from './db'
import { SqliteEventStore } from './SqliteEventStore'
import { SqliteRoundStore } from './SqliteRoundStore'
import { SqliteSessionStore } from './SqliteSessionStore'
import { SqliteSheetStore } from './SqliteSheetStore'
import { SqliteSyncTicketStore } from './SqliteSyncTicketStore'
import { SqliteTemplateStore } from './SqliteTemplateStore'
import { SqliteUnitStore } from './SqliteUnitStore'
import { SqliteUserStore } from './SqliteUserStore'

export function sqliteMetaStore(db: Db): MetaStore {
  return {
    users: new SqliteUserStore(db),
    units: new SqliteUnitStore(db),
    sheets: new SqliteSheetStore(db),
    sessions: new SqliteSessionStore(db),
    events: new SqliteEventStore(db),
    syncTickets: new SqliteSyncTicketStore(db),
    rounds: new SqliteRoundStore(db),
    templates: new SqliteTemplateStore(db),
  }
}
