/**
 * @module storage/postgres/PgAuditLog
 * The hash-chained audit log (`audit/auditLog.ts`) on PostgreSQL, with the same
 * entry hash, so `verifyPgAuditChain` and the SQLite verifier agree on what a valid chain
 * is. Many nodes append to one chain: each append takes a transaction-level advisory lock,
 * reads the last hash and inserts, so the chain never forks. The server's audit hook is
 * synchronous (`(event) => void`), so `append` queues the write and `flush` waits for it.
 * Not for: the SQLite audit log, or what is audited (the routes decide).
 */
import {
  auditKeyEvent,
  entryHash,
  entryMac,
  GENESIS_HASH,
  toAuditEntry,
  verifyAuditRows,
  type AuditEntry,
  type AuditRow,
  type AuditVerdict,
} from '../../audit/auditLog'
import { auditQuerySql, type AuditQuery } from '../../audit/auditQuery'
import { inTransaction, type PgClient, type PgPool } from './pgDatabase'

/** One entry to append (the server's `AuditEvent`, with an optional time). */
type AuditInput = {
  userId: string | null
  action: string
  detail?: Record<string, unknown>
  at?: Date
}

/** Arbitrary constant: the advisory lock key of the audit chain. */
const AUDIT_LOCK = 7_202_612

export class PgAuditLog {
  private chain: Promise<void> = Promise.resolve()

  constructor(
    private readonly pool: PgPool,
    private readonly onError: (error: unknown) => void = () => {},
    /** The audit key (audit/auditKey): entries are signed with it, `verify` checks them. */
    private readonly key: Buffer | null = null,
  ) {}

  /** Queue one entry (written in call order); failures go to `onError`. */
  append(entry: AuditInput): void {
    this.chain = this.chain.then(() => this.write(() => entry)).catch(this.onError)
  }

  /**
   * Before the first entry this node signs: the `audit-key` entry when the last one is not
   * signed with our key (audit/auditLog `auditKeyEvent`), under the chain's lock.
   */
  async ensureKeyed(): Promise<AuditInput | null> {
    const key = this.key
    if (!key) return null
    let added: AuditInput | null = null
    const run = this.chain.then(() =>
      this.write(async (client) => {
        const { rows } = await client.query<{ hash: string; mac: string | null; n: string }>(
          `SELECT hash, mac, (SELECT count(*) FROM audit) AS n FROM audit ORDER BY id DESC LIMIT 1`,
        )
        added = auditKeyEvent(rows[0], key, Number(rows[0]?.n ?? 0))
        return added
      }),
    )
    this.chain = run.catch(this.onError)
    await run
    return added
  }

  /** One entry (or none) under the advisory lock: read the last hash, insert, sign. */
  private write(
    next: (client: PgClient) => AuditInput | null | Promise<AuditInput | null>,
  ): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK])
      const entry = await next(client)
      if (!entry) return
      const at = (entry.at ?? new Date()).toISOString()
      const detail = JSON.stringify(entry.detail ?? {})
      const { rows } = await client.query<{ hash: string }>(
        'SELECT hash FROM audit ORDER BY id DESC LIMIT 1',
      )
      const prevHash = rows[0]?.hash ?? GENESIS_HASH
      const hash = entryHash(prevHash, at, entry.userId, entry.action, detail)
      await client.query(
        `INSERT INTO audit (at, user_id, action, detail, prev_hash, hash, mac)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          at,
          entry.userId,
          entry.action,
          detail,
          prevHash,
          hash,
          this.key ? entryMac(this.key, hash) : null,
        ],
      )
    })
  }

  /** Resolves when every queued entry is written. */
  flush(): Promise<void> {
    return this.chain
  }

  async read(query: AuditQuery = {}): Promise<AuditEntry[]> {
    await this.flush()
    const { sql, params } = auditQuerySql(query, (n) => `$${n}`, "(detail::jsonb ->> 'userId')")
    const { rows } = await this.pool.query<AuditRow>(`SELECT * FROM audit${sql}`, params)
    return rows.map(toAuditEntry)
  }

  /** Walk the whole chain; the first row whose link or hash does not hold. */
  async verify(): Promise<AuditVerdict> {
    await this.flush()
    const { rows } = await this.pool.query<AuditRow>('SELECT * FROM audit ORDER BY id')
    return verifyAuditRows(rows, this.key)
  }
}
