/**
 * @module storage/postgres/pgMetaStore
 * The `MetaStore` on PostgreSQL (users and grants, units, sheets, sessions, workflow
 * events), with the same behaviour as the SQLite one (`sqlite/sqliteMetaStore.ts`): the
 * same ISO time strings, parents-before-children unit order, and a status transition that
 * writes its workflow event in the same transaction. Every node of a cluster reads and
 * writes the same rows, so nothing is cached across requests except the unit list's
 * identity (`PgUnitStore.ts`).
 * Not for: the update log (`PgDocStore.ts`).
 */
import type { MetaStore } from '../MetaStore'
import type { PgPool } from './pgDatabase'
import { PgEventStore } from './PgEventStore'
import { PgRoundStore } from './PgRoundStore'
import { PgSessionStore } from './PgSessionStore'
import { PgSheetStore } from './PgSheetStore'
import { PgSyncTicketStore } from './PgSyncTicketStore'
import { PgTemplateStore } from './PgTemplateStore'
import { PgUnitStore } from './PgUnitStore'
import { PgUserStore } from './PgUserStore'

export function pgMetaStore(pool: PgPool): MetaStore {
  return {
    users: new PgUserStore(pool),
    units: new PgUnitStore(pool),
    sheets: new PgSheetStore(pool),
    sessions: new PgSessionStore(pool),
    events: new PgEventStore(pool),
    syncTickets: new PgSyncTicketStore(pool),
    rounds: new PgRoundStore(pool),
    templates: new PgTemplateStore(pool),
  }
}
