/**
 * @module storage/users
 * People who sign in, and the roles granted to them at units of the tree (SPEC §1; the
 * roles themselves are schema's `access/roles`). `UserStore` is the interface every backend
 * implements (`SqliteUserStore` here, `PgUserStore` in `postgres/`).
 * Not for: password hashing (auth/passwords) or deciding what a role may do
 * (schema's `access/permissions`).
 */
import { newId, type Grant, type User as PublicUser } from '@taizhang/schema'
import type { Db } from './db'

/** A stored user: what the API shows of it, plus what only the server reads. */
export interface User extends PublicUser {
  isAdmin: boolean
  disabled: boolean
  createdAt: string
  grants: Grant[]
}

export interface NewUser {
  username: string
  displayName: string
  passwordHash: string
  isAdmin?: boolean
  grants?: Grant[]
}

export interface UserStore {
  create(user: NewUser): Promise<User>
  byId(id: string): Promise<User | undefined>
  /** The user and its stored password hash, for login. */
  byUsername(username: string): Promise<(User & { passwordHash: string }) | undefined>
  addGrants(userId: string, grants: Grant[]): Promise<void>
  /** Withdraws roles; grants the user does not hold are ignored. */
  removeGrants(userId: string, grants: Grant[]): Promise<void>
  count(): Promise<number>
}

interface UserRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  disabled: number
  is_admin: number
  created_at: string
}

export class SqliteUserStore implements UserStore {
  constructor(private readonly db: Db) {}

  async create({ username, displayName, passwordHash, isAdmin = false, grants = [] }: NewUser) {
    const id = newId()
    const createdAt = new Date().toISOString()
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, username, displayName, passwordHash, isAdmin ? 1 : 0, createdAt)
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

  private insertGrants(userId: string, grants: Grant[]) {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO grants (user_id, unit_id, role) VALUES (?, ?, ?)',
    )
    for (const g of grants) insert.run(userId, g.unitId, g.role)
  }

  private toUser(row: UserRow): User {
    const grants = this.db
      .prepare(
        'SELECT unit_id AS unitId, role FROM grants WHERE user_id = ? ORDER BY unit_id, role',
      )
      .all(row.id) as Grant[]
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin === 1,
      disabled: row.disabled === 1,
      createdAt: row.created_at,
      grants,
    }
  }
}
