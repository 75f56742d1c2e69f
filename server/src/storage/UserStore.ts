/**
 * @module storage/UserStore
 * People who sign in, and the roles granted to them at units of the tree (SPEC §1; the
 * roles themselves are schema's `access/roles`): the records and the interface every
 * backend implements (`sqlite/SqliteUserStore.ts`, `postgres/PgUserStore.ts`).
 * Not for: password hashing (auth/passwords) or deciding what a role may do
 * (schema's `access/permissions`).
 */
import type { Grant, User as PublicUser } from '@taizhang/schema'

/** A stored user: what the API shows of it, plus what only the server reads. */
export interface User extends PublicUser {
  isAdmin: boolean
  disabled: boolean
  createdAt: string
  grants: Grant[]
  /** Imported or reset by an admin: every route but logout and a password change is 403. */
  mustChangePassword?: boolean
  /** The last successful login (ISO), null before the first. */
  lastLoginAt?: string | null
}

/** What an admin (or the user, for its password) may change of an account. */
export interface UserPatch {
  displayName?: string
  disabled?: boolean
  passwordHash?: string
  mustChangePassword?: boolean
}

export interface NewUser {
  username: string
  displayName: string
  passwordHash: string
  isAdmin?: boolean
  grants?: Grant[]
  mustChangePassword?: boolean
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
  /** Replaces a user's stored password hash (rehash at login with today's parameters). */
  setPasswordHash(id: string, passwordHash: string): Promise<void>
  /** Every user with its grants, in username order (the admin pages filter them). */
  list(): Promise<User[]>
  /** Changes the fields given; false when there is no such user. */
  update(id: string, patch: UserPatch): Promise<boolean>
  recordLogin(id: string, at: string): Promise<void>
}
