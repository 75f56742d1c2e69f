import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { appendAudit, ensureAuditKeyed, readAudit, verifyAuditChain } from './auditLog'

describe('hash-chained audit log', () => {
  const seeded = () => {
    const db = openDatabase(':memory:')
    appendAudit(db, { userId: null, action: 'login', detail: { username: 'admin' } })
    appendAudit(db, { userId: 'u1', action: 'submit', detail: { sheetId: 's1' } })
    appendAudit(db, { userId: 'u2', action: 'accept', detail: { sheetId: 's1' } })
    return db
  }

  it('verifies an untouched chain', () => {
    const db = seeded()
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 3 })
    expect(readAudit(db).map((e) => e.action)).toEqual(['login', 'submit', 'accept'])
  })

  it('detects a changed row', () => {
    const db = seeded()
    db.prepare('UPDATE audit SET detail = \'{"sheetId":"s2"}\' WHERE id = 2').run()
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('detects a deleted row', () => {
    const db = seeded()
    db.prepare('DELETE FROM audit WHERE id = 2').run()
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3 })
  })
})

describe('the keyed audit log', () => {
  const key = Buffer.alloc(32, 7)
  const other = Buffer.alloc(32, 9)
  const keyed = () => {
    const db = openDatabase(':memory:')
    // a new log is signed from its first entry: no key entry needed
    expect(ensureAuditKeyed(db, key)).toBeNull()
    appendAudit(db, { userId: null, action: 'login' }, key)
    appendAudit(db, { userId: 'u1', action: 'submit' }, key)
    expect(ensureAuditKeyed(db, key)).toBeNull()
    appendAudit(db, { userId: 'u2', action: 'accept' }, key)
    return db
  }

  it('verifies with the key, and without it checks only the chain', () => {
    const db = keyed()
    expect(verifyAuditChain(db, key)).toEqual({ ok: true, entries: 3, keyed: true })
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 3 })
    expect(verifyAuditChain(db, other)).toMatchObject({ ok: false, brokenAt: 1 })
  })

  it('an entry written without the key, or a log with no key entry, fails', () => {
    const db = keyed()
    appendAudit(db, { userId: null, action: 'forged' })
    expect(verifyAuditChain(db, key)).toMatchObject({ ok: false, brokenAt: 4 })
    const plain = openDatabase(':memory:')
    appendAudit(plain, { userId: null, action: 'login' })
    expect(verifyAuditChain(plain, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/没有任何/),
    })
  })

  it('a log from before the key, or after a key change, gets one key entry that says so', () => {
    const db = openDatabase(':memory:')
    appendAudit(db, { userId: null, action: 'login' })
    expect(ensureAuditKeyed(db, key)?.detail).toMatchObject({
      reason: 'before-key',
      entriesBefore: 1,
    })
    expect(ensureAuditKeyed(db, other)?.detail).toMatchObject({
      reason: 'new-key',
      entriesBefore: 2,
    })
    appendAudit(db, { userId: null, action: 'login' }, other)
    expect(verifyAuditChain(db, other)).toEqual({ ok: true, entries: 4, keyed: true })
  })
})
