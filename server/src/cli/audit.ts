/**
 * @module cli/audit
 * `taizhang audit verify --data DIR` checks the audit log's hash chain (exit 0 intact,
 * 1 tampered); `taizhang audit export --data DIR [--out FILE]` writes it as JSON lines.
 * With `--postgres URL` (or `TAIZHANG_POSTGRES_URL`) instead of `--data`, the log of a
 * PostgreSQL deployment (docs/DEPLOY.md) is read.
 * The signatures (audit/auditKey) are checked with the key from `--key-file FILE`,
 * TAIZHANG_AUDIT_KEY, TAIZHANG_AUDIT_KEY_FILE or the data directory's audit.key; without a
 * key only the hash chain is checked, and the output says so.
 */
import { writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { AuditKeyError, loadAuditKey } from '../audit/auditKey'
import { readAudit, verifyAuditChain, type AuditReader } from '../audit/auditLog'
import { databasePath } from '../storage/sqlite/db'
import { openPgPool } from '../storage/postgres/pgDatabase'
import { PgAuditLog } from '../storage/postgres/PgAuditLog'
import { parseCommand, UsageError } from './usage'

const USAGE =
  '用法：taizhang audit verify|export --data 目录 [--out 文件] [--key-file 密钥文件]（PostgreSQL：--postgres 地址）'

/** The audit log of a data directory or a PostgreSQL database, and how to let go of it. */
function openLog(
  data: string | undefined,
  postgres: string | undefined,
  key: Buffer | null,
): AuditReader & { close(): Promise<void> } {
  if (postgres) {
    if (!/^postgres(ql)?:\/\//.test(postgres)) {
      throw new UsageError('--postgres 必须是 postgres:// 地址')
    }
    const pool = openPgPool(postgres)
    const log = new PgAuditLog(pool, () => {}, key)
    return {
      read: (options) => log.read(options),
      verify: () => log.verify(),
      close: () => pool.end(),
    }
  }
  let db: Database.Database
  try {
    db = new Database(databasePath(data!), { readonly: true, fileMustExist: true })
  } catch {
    throw new UsageError(`${data}：没有找到台账数据库`)
  }
  return {
    read: async (options) => readAudit(db, options),
    verify: async () => verifyAuditChain(db, key),
    close: async () => void db.close(),
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    data: { type: 'string' },
    postgres: { type: 'string' },
    out: { type: 'string' },
    'key-file': { type: 'string' },
  })
  const sub = positionals[0]
  const postgres = values.postgres ?? (values.data ? undefined : process.env.TAIZHANG_POSTGRES_URL)
  if ((sub !== 'verify' && sub !== 'export') || (!values.data && !postgres)) {
    throw new UsageError(USAGE)
  }
  let key: Buffer | null
  try {
    key =
      loadAuditKey(
        {
          key: process.env.TAIZHANG_AUDIT_KEY || undefined,
          keyFile: values['key-file'] ?? (process.env.TAIZHANG_AUDIT_KEY_FILE || undefined),
          dataDir: values.data,
        },
        { create: false },
      )?.key ?? null
  } catch (error) {
    if (error instanceof AuditKeyError) throw new UsageError(error.message)
    throw error
  }
  const log = openLog(values.data, postgres, key)
  try {
    if (sub === 'verify') {
      const verdict = await log.verify()
      if (verdict.ok) {
        const how = verdict.keyed
          ? '（哈希链与密钥签名均已校验）'
          : '（未提供审计密钥，只校验了哈希链：能改数据库的人可以重算哈希链；用 --key-file 或 TAIZHANG_AUDIT_KEY 校验签名）'
        process.stdout.write(`审计日志完整：${verdict.entries} 条记录${how}\n`)
        return 0
      }
      process.stdout.write(`审计日志被篡改：第 ${verdict.brokenAt} 条记录，${verdict.reason}\n`)
      return 1
    }
    const lines: string[] = []
    for (let afterId = 0; ;) {
      const batch = await log.read({ afterId, limit: 5000 })
      if (batch.length === 0) break
      for (const entry of batch) lines.push(JSON.stringify(entry))
      afterId = batch[batch.length - 1]!.id
    }
    const text = lines.join('\n') + (lines.length ? '\n' : '')
    if (values.out) writeFileSync(values.out, text)
    else process.stdout.write(text)
    return 0
  } finally {
    await log.close()
  }
}
