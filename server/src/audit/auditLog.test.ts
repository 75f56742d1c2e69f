import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/sqlite/db'
import { appendAudit, readAudit, verifyAuditChain } from './auditLog'

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
