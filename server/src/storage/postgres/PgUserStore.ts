/**
 * @module storage/postgres/PgUserStore
 * The `UserStore` on PostgreSQL, with the SQLite store's behaviour: the same ISO time
 * strings, and a user's grants in the byte order SQLite sorts them in.
 */
import { newId, type Grant } from '@taizhang/schema'
import type { NewUser, User, UserPatch, UserStore } from '../UserStore'
import { inTransaction, type PgPool, type Queryable } from './pgDatabase'

interface UserRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  disabled: boolean
  is_admin: boolean
  created_at: string
  must_change_password: boolean
  last_login_at: string | null
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

  async create({
    username,
    displayName,
    passwordHash,
    isAdmin = false,
    grants = [],
    mustChangePassword = false,
  }: NewUser) {
    const id = newId()
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at,
                            must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          username,
          displayName,
          passwordHash,
          isAdmin,
          new Date().toISOString(),
          mustChangePassword,
        ],
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

  async setPasswordHash(id: string, passwordHash: string) {
    await this.pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id])
  }

  async list() {
    const { rows } = await this.pool.query<UserRow>(
      'SELECT * FROM users ORDER BY username COLLATE "C"',
    )
    const { rows: all } = await this.pool.query<Grant & { userId: string }>(
      `SELECT user_id AS "userId", unit_id AS "unitId", role FROM grants
       ORDER BY unit_id COLLATE "C", role COLLATE "C"`,
    )
    const grants = new Map<string, Grant[]>()
    for (const { userId, unitId, role } of all) {
      const list = grants.get(userId)
      if (list) list.push({ unitId, role })
      else grants.set(userId, [{ unitId, role }])
    }
    return rows.map((row) => this.plain(row, grants.get(row.id) ?? []))
  }

  async update(id: string, patch: UserPatch) {
    const sets: string[] = []
    const values: unknown[] = [id]
    const set = (column: string, value: unknown) => {
      values.push(value)
      sets.push(`${column} = $${values.length}`)
    }
    if (patch.displayName !== undefined) set('display_name', patch.displayName)
    if (patch.disabled !== undefined) set('disabled', patch.disabled)
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash)
    if (patch.mustChangePassword !== undefined) {
      set('must_change_password', patch.mustChangePassword)
    }
    if (sets.length === 0) return (await this.byId(id)) !== undefined
    const result = await this.pool.query(
      `UPDATE users SET ${sets.join(', ')} WHERE id = $1`,
      values,
    )
    return (result.rowCount ?? 0) > 0
  }

  async recordLogin(id: string, at: string) {
    await this.pool.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, at])
  }

  private async toUser(row: UserRow): Promise<User> {
    const { rows } = await this.pool.query<Grant>(
      // COLLATE "C": the byte order SQLite uses
      `SELECT unit_id AS "unitId", role FROM grants WHERE user_id = $1
       ORDER BY unit_id COLLATE "C", role COLLATE "C"`,
      [row.id],
    )
    return this.plain(row, rows)
  }

  private plain(row: UserRow, grants: Grant[]): User {
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      disabled: row.disabled,
      createdAt: row.created_at,
      grants,
      mustChangePassword: row.must_change_password,
      lastLoginAt: row.last_login_at,
    }
  }
}
