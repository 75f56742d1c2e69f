/**
 * @module storage/postgres/PgMetaStore
 * The `MetaStore` on PostgreSQL (users and grants, units, sheets, sessions, workflow
 * events), with the same behaviour as the SQLite repositories beside `metaStore.ts`:
 * the same ISO time strings, parents-before-children unit order, and a status transition
 * that writes its workflow event in the same transaction, only if the status is still
 * the one the caller saw. Every node of a cluster reads and writes the same rows, so
 * nothing is cached across requests except the unit list's identity (see `PgUnitStore`).
 * Not for: the update log (`PgDocStore.ts`).
 */
import { newId, type Grant, type SheetStatus } from '@taizhang/schema'
import type { EventStore, NewWorkflowEvent, WorkflowEvent } from '../events'
import type { MetaStore } from '../metaStore'
import type { SessionRecord, SessionStore } from '../sessions'
import type { NewSheet, SheetRecord, SheetStore } from '../sheets'
import type { NewUnit, Unit, UnitStore } from '../units'
import type { NewUser, User, UserStore } from '../users'
import { inTransaction, type PgClient, type PgPool } from './pgDatabase'

type Queryable = PgPool | PgClient

interface UserRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  disabled: boolean
  is_admin: boolean
  created_at: string
}

async function insertGrants(db: Queryable, userId: string, grants: Grant[]): Promise<void> {
  if (grants.length === 0) return
  await db.query(
    `INSERT INTO grants (user_id, unit_id, role)
     SELECT $1, g.unit_id, g.role FROM unnest($2::text[], $3::text[]) AS g(unit_id, role)
     ON CONFLICT DO NOTHING`,
    [userId, grants.map((g) => g.unitId), grants.map((g) => g.role)],
  )
}

export class PgUserStore implements UserStore {
  constructor(private readonly pool: PgPool) {}

  async create({ username, displayName, passwordHash, isAdmin = false, grants = [] }: NewUser) {
    const id = newId()
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, username, displayName, passwordHash, isAdmin, new Date().toISOString()],
      )
      await insertGrants(client, id, grants)
    })
    return (await this.byId(id))!
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return rows[0] ? this.toUser(rows[0]) : undefined
  }

  async byUsername(username: string) {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE username = $1', [
      username,
    ])
    const row = rows[0]
    return row ? { ...(await this.toUser(row)), passwordHash: row.password_hash } : undefined
  }

  async addGrants(userId: string, grants: Grant[]) {
    await insertGrants(this.pool, userId, grants)
  }

  async removeGrants(userId: string, grants: Grant[]) {
    if (grants.length === 0) return
    await this.pool.query(
      `DELETE FROM grants g USING unnest($2::text[], $3::text[]) AS r(unit_id, role)
       WHERE g.user_id = $1 AND g.unit_id = r.unit_id AND g.role = r.role`,
      [userId, grants.map((g) => g.unitId), grants.map((g) => g.role)],
    )
  }

  async count() {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
    return rows[0]!.n
  }

  private async toUser(row: UserRow): Promise<User> {
    const { rows } = await this.pool.query<Grant>(
      // COLLATE "C": the byte order SQLite uses
      `SELECT unit_id AS "unitId", role FROM grants WHERE user_id = $1
       ORDER BY unit_id COLLATE "C", role COLLATE "C"`,
      [row.id],
    )
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      disabled: row.disabled,
      createdAt: row.created_at,
      grants: rows,
    }
  }
}

export class PgUnitStore implements UnitStore {
  /** The last list returned: handed out again while unchanged, so per-list caches hold. */
  private last: Unit[] = []
  private lastKey = ''

  constructor(private readonly pool: PgPool) {}

  async create({ name, parentId, level }: NewUnit) {
    const unit: Unit = { id: newId(), name, parentId, level, createdAt: new Date().toISOString() }
    await this.pool.query(
      'INSERT INTO units (id, name, parent_id, level, created_at) VALUES ($1, $2, $3, $4, $5)',
      [unit.id, unit.name, unit.parentId, unit.level, unit.createdAt],
    )
    return unit
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<Unit>(
      `SELECT id, name, parent_id AS "parentId", level, created_at AS "createdAt"
       FROM units WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async list() {
    // another node may have added a unit: read every time, but keep the array's identity
    const { rows } = await this.pool.query<Unit>(
      `SELECT id, name, parent_id AS "parentId", level, created_at AS "createdAt"
       FROM units ORDER BY created_at, ord`,
    )
    const key = JSON.stringify(rows)
    if (key !== this.lastKey) {
      this.last = rows
      this.lastKey = key
    }
    return this.last
  }
}

const SHEET_COLUMNS = `id, unit_id AS "unitId", template, title, status, created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt"`

async function insertEvent(db: Queryable, e: NewWorkflowEvent): Promise<void> {
  await db.query(
    `INSERT INTO workflow_events (sheet_id, action, from_status, to_status, user_id, reason, detail, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.sheetId,
      e.action,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.userId,
      e.reason ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail),
      new Date().toISOString(),
    ],
  )
}

export class PgSheetStore implements SheetStore {
  constructor(private readonly pool: PgPool) {}

  async create({ id, unitId, template, title, createdBy }: NewSheet) {
    const now = new Date().toISOString()
    await this.pool.query(
      `INSERT INTO sheets (id, unit_id, template, title, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7)`,
      [id, unitId, template, title, createdBy, now, now],
    )
    return (await this.byId(id))!
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<SheetRecord>(
      `SELECT ${SHEET_COLUMNS} FROM sheets WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async list(unitIds?: string[]) {
    if (unitIds?.length === 0) return []
    const { rows } = unitIds
      ? await this.pool.query<SheetRecord>(
          `SELECT ${SHEET_COLUMNS} FROM sheets WHERE unit_id = ANY($1::text[])
           ORDER BY created_at, ord`,
          [unitIds],
        )
      : await this.pool.query<SheetRecord>(
          `SELECT ${SHEET_COLUMNS} FROM sheets ORDER BY created_at, ord`,
        )
    return rows
  }

  async transition(
    id: string,
    from: SheetStatus,
    to: SheetStatus,
    event: Omit<NewWorkflowEvent, 'sheetId' | 'fromStatus' | 'toStatus'>,
  ) {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        'UPDATE sheets SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4',
        [to, new Date().toISOString(), id, from],
      )
      if (!rowCount) return false
      await insertEvent(client, { ...event, sheetId: id, fromStatus: from, toStatus: to })
      return true
    })
  }
}

export class PgSessionStore implements SessionStore {
  constructor(private readonly pool: PgPool) {}

  async create({ tokenHash, userId, createdAt, expiresAt }: SessionRecord) {
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [tokenHash, userId, createdAt, expiresAt],
    )
  }

  async find(tokenHash: string) {
    const { rows } = await this.pool.query<SessionRecord>(
      `SELECT token_hash AS "tokenHash", user_id AS "userId", created_at AS "createdAt",
              expires_at AS "expiresAt"
       FROM sessions WHERE token_hash = $1`,
      [tokenHash],
    )
    return rows[0]
  }

  async delete(tokenHash: string) {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
  }

  async purgeExpired(now: string) {
    return (
      (await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [now])).rowCount ?? 0
    )
  }
}

export class PgEventStore implements EventStore {
  constructor(private readonly pool: PgPool) {}

  async append(event: NewWorkflowEvent) {
    await insertEvent(this.pool, event)
  }

  async list(sheetId: string) {
    const { rows } = await this.pool.query<
      Omit<WorkflowEvent, 'detail'> & { detail: string | null }
    >(
      `SELECT id, sheet_id AS "sheetId", action, from_status AS "fromStatus",
              to_status AS "toStatus", user_id AS "userId", reason, detail, at
       FROM workflow_events WHERE sheet_id = $1 ORDER BY id`,
      [sheetId],
    )
    return rows.map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }))
  }
}

export function pgMetaStore(pool: PgPool): MetaStore {
  return {
    users: new PgUserStore(pool),
    units: new PgUnitStore(pool),
    sheets: new PgSheetStore(pool),
    sessions: new PgSessionStore(pool),
    events: new PgEventStore(pool),
  }
}
