/**
 * @module audit/auditLog
 * Append-only, hash-chained audit log (docs/RELIABILITY.md): logins, workflow actions,
 * imports, exports and permission changes. Each entry's hash covers its own fields and the
 * previous entry's hash, so changing, deleting or reordering any row breaks the chain
 * from that row on; `verifyAuditChain` finds the first broken row.
 * Not for: cell edits (the attributed update log holds those) or workflow state itself.
 */
import { createHash } from 'node:crypto'
import type { Db } from '../storage/sqlite/db'

/** One entry to append: who did what security-relevant thing. */
export interface AuditEvent {
  userId: string | null
  /** `login`, `login-failed`, `logout`, `logout-everywhere`, `unit-create`, `user-create`, `grant-add`,
   *  `grant-revoke`, `sheet-create`, `workflow-submit` … `workflow-reopen`,
   *  `conflict-resolve`, `sheet-import`, `sheet-export`, `consolidation-export`,
   *  `audit-export` */
  action: string
  detail?: Record<string, unknown>
}

/** The chain as admins read it (`GET /api/audit`, `taizhang audit`), whichever database holds it. */
export interface AuditReader {
  read(options: { afterId?: number; limit?: number }): Promise<AuditEntry[]>
  verify(): Promise<AuditVerdict>
}

export interface AuditEntry {
  id: number
  at: string
  userId: string | null
  action: string
  detail: Record<string, unknown>
  prevHash: string
  hash: string
}

/** A row of the `audit` table (the same columns on SQLite and PostgreSQL). */
export interface AuditRow {
  id: number
  at: string
  user_id: string | null
  action: string
  detail: string
  prev_hash: string
  hash: string
}

/** Hash of the very first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64)

/** The hash that chains an entry to its predecessor (both backends). */
export function entryHash(
  prevHash: string,
  at: string,
  userId: string | null,
  action: string,
  detail: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, at, userId, action, detail]))
    .digest('hex')
}

/** Appends one entry; the read of the last hash and the insert are one transaction. */
export function appendAudit(
  db: Db,
  entry: { userId: string | null; action: string; detail?: Record<string, unknown>; at?: Date },
): void {
  const at = (entry.at ?? new Date()).toISOString()
  const detail = JSON.stringify(entry.detail ?? {})
  db.transaction(() => {
    const last = db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').get() as
      { hash: string } | undefined
    const prevHash = last?.hash ?? GENESIS_HASH
    const hash = entryHash(prevHash, at, entry.userId, entry.action, detail)
    db.prepare(
      'INSERT INTO audit (at, user_id, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(at, entry.userId, entry.action, detail, prevHash, hash)
  }).immediate()
}

export function readAudit(db: Db, { limit = 1000, afterId = 0 } = {}): AuditEntry[] {
  const rows = db
    .prepare('SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?')
    .all(afterId, limit) as AuditRow[]
  return rows.map(toAuditEntry)
}

/** A stored row as the API and the CLI show it. */
export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    action: r.action,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

export type AuditVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string }

/** Walks the whole chain; reports the first row whose link or hash does not hold. */
export function verifyAuditChain(db: Db): AuditVerdict {
  return verifyAuditRows(
    db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<AuditRow>,
  )
}

/** The chain check itself, over the rows in id order (both backends). */
export function verifyAuditRows(rows: Iterable<AuditRow>): AuditVerdict {
  let prevHash = GENESIS_HASH
  let count = 0
  for (const r of rows) {
    count++
    if (r.prev_hash !== prevHash) {
      return {
        ok: false,
        entries: count,
        brokenAt: r.id,
        reason: '与上一条记录的链接不符（有记录被删除或调换）',
      }
    }
    if (entryHash(r.prev_hash, r.at, r.user_id, r.action, r.detail) !== r.hash) {
      return {
        ok: false,
        entries: count,
        brokenAt: r.id,
        reason: '记录内容与其哈希不符（记录被改动）',
      }
    }
    prevHash = r.hash
  }
  return { ok: true, entries: count }
}
