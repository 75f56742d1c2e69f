// Sync tickets: stored only as a hash, good for one socket, expire, and die with their session.
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { sqliteMetaStore } from '../storage/sqlite/sqliteMetaStore'
import { hashToken, Sessions } from './sessions'
import { SyncTickets } from './syncTickets'

async function setup(ticketTtlMs = 30_000) {
  const db = openDatabase(':memory:')
  const store = sqliteMetaStore(db)
  const user = await store.users.create({ username: 'li', displayName: '李', passwordHash: 'x' })
  const sessions = new Sessions(store, 60_000)
  const { token } = await sessions.create(user.id)
  return {
    db,
    user,
    sessions,
    token,
    tickets: new SyncTickets(store.syncTickets, sessions, ticketTtlMs),
  }
}

describe('SyncTickets', () => {
  it('a ticket names its session once, and only its hash is stored', async () => {
    const { db, user, token, tickets } = await setup()
    const { ticket } = await tickets.issue(hashToken(token), user.id)
    const stored = JSON.stringify(db.prepare('SELECT * FROM sync_tickets').all())
    expect(stored).toContain(hashToken(ticket))
    expect(stored).not.toContain(ticket)
    const first = await tickets.redeem(ticket)
    expect(first?.user.id).toBe(user.id)
    expect(first?.tokenHash).toBe(hashToken(token))
    expect(await tickets.redeem(ticket)).toBeNull()
    expect(await tickets.redeem(undefined)).toBeNull()
  })

  it('an expired ticket, or one whose session ended, opens nothing', async () => {
    const expired = await setup(-1)
    const old = await expired.tickets.issue(hashToken(expired.token), expired.user.id)
    expect(await expired.tickets.redeem(old.ticket)).toBeNull()
    expect(await expired.tickets.purgeExpired()).toBe(0) // redeem already took it

    const { user, sessions, token, tickets } = await setup()
    const { ticket } = await tickets.issue(hashToken(token), user.id)
    await sessions.revoke(token)
    expect(await tickets.redeem(ticket)).toBeNull()
  })
})
