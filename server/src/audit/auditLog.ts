/**
 * @module audit/auditLog
 * Append-only, hash-chained audit log (docs/RELIABILITY.md): logins, workflow actions,
 * imports, exports and permission changes. Each entry's hash covers its own fields and the
 * previous entry's hash, so changing, deleting or reordering any row breaks the chain
 * from that row on; `verifyAuditChain` finds the first broken row.
 * Keyed (docs/RELIABILITY.md §4): each entry also carries `mac` = HMAC-SHA256(key, hash) with a
 * key kept outside the database (`audit/auditKey.ts`), so whoever can write the database
 * still cannot rewrite history and recompute the chain unnoticed. A new log is signed from
 * its first entry. A server whose key does not sign the last entry — a log from before
 * keys, or a new key — first appends an `audit-key` entry that says so
 * (`ensureAuditKeyed`). Verifying with the key: the chain holds, and every entry from the
 * last `audit-key` (or the first, when that is signed) on carries a valid mac; that entry's
 * mac anchors the chain before it (older entries: the chain only).
 * Without the key only the chain is checked, and the verdict says so (`keyed` absent).
 * Not for: cell edits (the attributed update log holds those) or workflow state itself.
 */
import { createHash, createHmac } from 'node:crypto'
import type { AuditEntryView, AuditVerdict } from '@taizhang/schema'
import type { Db } from '../storage/sqlite/db'
import { auditQuerySql, type AuditQuery } from './auditQuery'

/** One entry to append: who did what security-relevant thing. */
export interface AuditEvent {
  userId: string | null
  /** `login`, `login-failed`, `logout`, `logout-everywhere`, `unit-create`, `user-create`, `grant-add`,
   *  `grant-revoke`, `sheet-create`, `workflow-submit` … `workflow-reopen`,
   *  `conflict-resolve`, `sheet-import`, `sheet-export`, `consolidation-export`,
   *  `audit-export`, `audit-key` (the log is signed with a key from here on) */
  action: string
  detail?: Record<string, unknown>
}

/** The chain as admins read it (`GET /api/audit`, `taizhang audit`), whichever database holds it. */
export interface AuditReader {
  read(options: AuditQuery): Promise<AuditEntry[]>
  verify(): Promise<AuditVerdict>
}

export interface AuditEntry extends AuditEntryView {
  prevHash: string
  hash: string
  /** HMAC-SHA256 of `hash` with the audit key; null for entries from before the key. */
  mac: string | null
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
  mac?: string | null
}

/** The entry that starts the part of the log signed with the current key. */
export const AUDIT_KEY_ACTION = 'audit-key'

/** An entry's signature: HMAC-SHA256 of its hash with the audit key. */
export const entryMac = (key: Buffer, hash: string): string =>
  createHmac('sha256', key).update(hash).digest('hex')

/**
 * The `audit-key` entry a server with `key` appends first, or null when `last` is signed
 * with that key already. `entriesBefore`: how many entries the log held before it.
 */
export function auditKeyEvent(
  last: Pick<AuditRow, 'hash' | 'mac'> | undefined,
  key: Buffer,
  entriesBefore: number,
): AuditEvent | null {
  // an empty log is signed from its first entry on: nothing to say
  if (!last || (last.mac && last.mac === entryMac(key, last.hash))) return null
  const reason = !last.mac ? 'before-key' : 'new-key'
  const note = {
    'before-key': `此前的 ${entriesBefore} 条记录来自启用密钥之前，只由哈希链保护；自此起每条记录都用密钥签名`,
    'new-key': '审计密钥已更换（原密钥未找到）：此前的记录由哈希链保护，自此起用新密钥签名',
  }[reason]
  return { userId: null, action: AUDIT_KEY_ACTION, detail: { reason, entriesBefore, note } }
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

/**
 * Appends one entry, signed with `key` when given; the read of the last hash and the
 * insert are one transaction.
 */
export function appendAudit(
  db: Db,
  entry: { userId: string | null; action: string; detail?: Record<string, unknown>; at?: Date },
  key?: Buffer | null,
): void {
  db.transaction(() => insertAudit(db, entry, key)).immediate()
}

function insertAudit(
  db: Db,
  entry: { userId: string | null; action: string; detail?: Record<string, unknown>; at?: Date },
  key?: Buffer | null,
): void {
  const at = (entry.at ?? new Date()).toISOString()
  const detail = JSON.stringify(entry.detail ?? {})
  const last = db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined
  const prevHash = last?.hash ?? GENESIS_HASH
  const hash = entryHash(prevHash, at, entry.userId, entry.action, detail)
  db.prepare(
    'INSERT INTO audit (at, user_id, action, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(at, entry.userId, entry.action, detail, prevHash, hash, key ? entryMac(key, hash) : null)
}

/** Before the first entry signed with `key`: the `audit-key` entry, if the log needs one. */
export function ensureAuditKeyed(db: Db, key: Buffer): AuditEvent | null {
  return db
    .transaction(() => {
      const last = db.prepare('SELECT hash, mac FROM audit ORDER BY id DESC LIMIT 1').get() as
        Pick<AuditRow, 'hash' | 'mac'> | undefined
      const { n } = db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }
      const event = auditKeyEvent(last, key, n)
      if (event) insertAudit(db, event, key)
      return event
    })
    .immediate()
}

export function readAudit(db: Db, query: AuditQuery = {}): AuditEntry[] {
  const { sql, params } = auditQuerySql(query, () => '?', "json_extract(detail, '$.userId')")
  const rows = db.prepare(`SELECT * FROM audit${sql}`).all(...params) as AuditRow[]
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
    mac: r.mac ?? null,
  }
}

export type { AuditVerdict }

/** Walks the whole chain; reports the first row whose link, hash or signature does not hold. */
export function verifyAuditChain(db: Db, key?: Buffer | null): AuditVerdict {
  return verifyAuditRows(
    db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<AuditRow>,
    key,
  )
}

/**
 * The chain check itself, over the rows in id order (both backends). With `key`: also every
 * row from the last `audit-key` entry on (or from the first row, when it is signed) must
 * carry its valid signature; a non-empty log with neither may have been rewritten whole.
 */
export function verifyAuditRows(rows: Iterable<AuditRow>, key?: Buffer | null): AuditVerdict {
  let prevHash = GENESIS_HASH
  let count = 0
  let lastId = 0
  let anchored = false
  let badSignature: number | null = null
  for (const r of rows) {
    // a log signed from its very first entry needs no key entry
    if (count === 0 && r.mac) anchored = true
    count++
    lastId = r.id
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
    if (key) {
      // a new key-entry starts the signed part again: what came before is anchored by it
      if (r.action === AUDIT_KEY_ACTION) {
        anchored = true
        badSignature = null
      }
      if (anchored && badSignature === null && r.mac !== entryMac(key, r.hash)) {
        badSignature = r.id
      }
    }
    prevHash = r.hash
  }
  if (!key) return { ok: true, entries: count }
  if (count > 0 && !anchored) {
    return {
      ok: false,
      entries: count,
      brokenAt: lastId,
      reason: '没有任何用密钥签名的记录（日志可能被整体重写，或密钥不对）',
    }
  }
  if (badSignature !== null) {
    return {
      ok: false,
      entries: count,
      brokenAt: badSignature,
      reason: '密钥签名不符（记录被改动，或由不知道密钥的人写入）',
    }
  }
  return { ok: true, entries: count, keyed: true }
}
