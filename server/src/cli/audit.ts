/**
 * @module cli/audit
 * `taizhang audit verify --data DIR` checks the audit log's hash chain (exit 0 intact,
 * 1 tampered); `taizhang audit export --data DIR [--out FILE]` writes it as JSON lines.
 */
import { writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { readAudit, verifyAuditChain } from '../audit/auditLog'
import { databasePath } from '../storage/db'
import { parseCommand, UsageError } from './usage'

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    data: { type: 'string' },
    out: { type: 'string' },
  })
  const sub = positionals[0]
  if ((sub !== 'verify' && sub !== 'export') || !values.data) {
    throw new UsageError('用法：taizhang audit verify|export --data 目录 [--out 文件]')
  }
  let db: Database.Database
  try {
    db = new Database(databasePath(values.data), { readonly: true, fileMustExist: true })
  } catch {
    throw new UsageError(`${values.data}：没有找到台账数据库`)
  }
  try {
    if (sub === 'verify') {
      const verdict = verifyAuditChain(db)
      if (verdict.ok) {
        process.stdout.write(`审计日志完整：${verdict.entries} 条记录\n`)
        return 0
      }
      process.stdout.write(`审计日志被篡改：第 ${verdict.brokenAt} 条记录，${verdict.reason}\n`)
      return 1
    }
    const lines: string[] = []
    for (let afterId = 0; ;) {
      const batch = readAudit(db, { afterId, limit: 5000 })
      if (batch.length === 0) break
      for (const entry of batch) lines.push(JSON.stringify(entry))
      afterId = batch[batch.length - 1]!.id
    }
    const text = lines.join('\n') + (lines.length ? '\n' : '')
    if (values.out) writeFileSync(values.out, text)
    else process.stdout.write(text)
    return 0
  } finally {
    db.close()
  }
}
