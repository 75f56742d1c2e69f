// Stored sessions: only the token's hash is kept, a token expires, logout revokes it,
// and a disabled user's token stops working.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { sqliteMetaStore } from '../storage/sqlite/sqliteMetaStore'
import { hashToken, Sessions } from './sessions'

async function setup(ttlMs = 60_000) {
  const db = openDatabase(':memory:')
  const store = sqliteMetaStore(db)
  const user = await store.users.create({ username: 'li', displayName: '李', passwordHash: 'x' })
  return { db, store, user, sessions: new Sessions(store, ttlMs) }
}

describe('Sessions', () => {
  it('stores only the hash of the token and finds the user by the token', async () => {
    const { db, sessions, user } = await setup()
    const { token } = await sessions.create(user.id)
    const stored = db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[]
    expect(stored).toEqual([{ token_hash: hashToken(token) }])
    expect(JSON.stringify(stored)).not.toContain(token)
    expect((await sessions.authenticate(token))?.username).toBe('li')
    expect(await sessions.authenticate(token + 'x')).toBeNull()
    expect(await sessions.authenticate(undefined)).toBeNull()
  })

  it('an expired token is refused and removed', async () => {
    const { db, sessions, user } = await setup(-1)
    const { token } = await sessions.create(user.id)
    expect(await sessions.authenticate(token)).toBeNull()
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 })
  })

  it('revoke ends a session; a disabled user is refused', async () => {
    const { db, sessions, user } = await setup()
    const first = await sessions.create(user.id)
    const second = await sessions.create(user.id)
    await sessions.revoke(first.token)
    expect(await sessions.authenticate(first.token)).toBeNull()
    expect(await sessions.authenticate(second.token)).not.toBeNull()
    db.prepare('UPDATE users SET disabled = 1').run()
    expect(await sessions.authenticate(second.token)).toBeNull()
  })
})
