/**
 * @module storage/sqlite/SqliteUserStore
 * The `UserStore` on SQLite: the `users` and `grants` tables; a user's grants are read with
 * it, in unit then role order.
 */
import { newId, type Grant } from '@taizhang/schema'
import type { NewUser, User, UserPatch, UserStore } from '../UserStore'
import type { Db } from './db'

interface UserRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  disabled: number
  is_admin: number
  created_at: string
  must_change_password: number
  last_login_at: string | null
}

export class SqliteUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async create({
    username,
    displayName,
    passwordHash,
    isAdmin = false,
    grants = [],
    mustChangePassword = false,
  }: NewUser) {
    const id = newId()
    const createdAt = new Date().toISOString()
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at,
                              must_change_password)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          username,
          displayName,
          passwordHash,
          isAdmin ? 1 : 0,
          createdAt,
          mustChangePassword ? 1 : 0,
        )
      this.insertGrants(id, grants)
    })()
    return (await this.byId(id))!
  }

  async byId(id: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row ? this.toUser(row) : undefined
  }

  async byUsername(username: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined
    return row ? { ...this.toUser(row), passwordHash: row.password_hash } : undefined
  }

  async addGrants(userId: string, grants: Grant[]) {
    this.db.transaction(() => this.insertGrants(userId, grants))()
  }

  async removeGrants(userId: string, grants: Grant[]) {
    const remove = this.db.prepare(
      'DELETE FROM grants WHERE user_id = ? AND unit_id = ? AND role = ?',
    )
    this.db.transaction(() => {
      for (const g of grants) remove.run(userId, g.unitId, g.role)
    })()
  }

  async count() {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
  }

  async setPasswordHash(id: string, passwordHash: string) {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id)
  }

  async list() {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]
    const grants = new Map<string, Grant[]>()
    const all = this.db
      .prepare(
        'SELECT user_id AS userId, unit_id AS unitId, role FROM grants ORDER BY unit_id, role',
      )
      .all() as (Grant & { userId: string })[]
    for (const { userId, unitId, role } of all) {
      const list = grants.get(userId)
      if (list) list.push({ unitId, role })
      else grants.set(userId, [{ unitId, role }])
    }
    return rows.map((row) => this.toUser(row, grants.get(row.id) ?? []))
  }

  async update(id: string, patch: UserPatch) {
    const sets: string[] = []
    const values: (string | number)[] = []
    const set = (column: string, value: string | number) => {
      sets.push(`${column} = ?`)
      values.push(value)
    }
    if (patch.displayName !== undefined) set('display_name', patch.displayName)
    if (patch.disabled !== undefined) set('disabled', patch.disabled ? 1 : 0)
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash)
    if (patch.mustChangePassword !== undefined) {
      set('must_change_password', patch.mustChangePassword ? 1 : 0)
    }
    if (sets.length === 0) return (await this.byId(id)) !== undefined
    const result = this.db
      .prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`)
      .run(...values, id)
    return result.changes > 0
  }

  async recordLogin(id: string, at: string) {
    this.db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(at, id)
  }

  private insertGrants(userId: string, grants: Grant[]) {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO grants (user_id, unit_id, role) VALUES (?, ?, ?)',
    )
    for (const g of grants) insert.run(userId, g.unitId, g.role)
  }

  private toUser(row: UserRow, known?: Grant[]): User {
    const grants =
      known ??
      (this.db
        .prepare(
          'SELECT unit_id AS unitId, role FROM grants WHERE user_id = ? ORDER BY unit_id, role',
        )
        .all(row.id) as Grant[])
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin === 1,
      disabled: row.disabled === 1,
      createdAt: row.created_at,
      grants,
      mustChangePassword: row.must_change_password === 1,
      lastLoginAt: row.last_login_at,
    }
  }
}
