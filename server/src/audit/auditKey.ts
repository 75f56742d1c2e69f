/**
 * @module audit/auditKey
 * The secret that keys the audit log (docs/RELIABILITY.md §4), kept OUTSIDE the database: with
 * only the plain SHA-256 chain, anyone who can write the database can rewrite history and
 * recompute every hash after it. Each entry now also carries `mac` = HMAC-SHA256(key, hash)
 * (`auditLog.ts`), which such a writer cannot forge.
 * Where the key comes from, first found wins:
 *   TAIZHANG_AUDIT_KEY        the key itself, hex (≥ 64 digits) or base64 (≥ 32 bytes)
 *   TAIZHANG_AUDIT_KEY_FILE   a file holding it (hex)
 *   <data>/audit.key          made on the server's first start (32 random bytes, hex,
 *                             mode 0600) when neither is set
 * Every node of a cluster must use the same key (set TAIZHANG_AUDIT_KEY, or copy the
 * file): a node with another key writes entries the others' key does not verify. Keep the
 * key with the backups of the data directory but not in the database or its dumps.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class AuditKeyError extends Error {}

export const AUDIT_KEY_FILE = 'audit.key'

/** The key in a setting or file: hex or base64 text, at least 32 bytes. */
export function parseAuditKey(text: string, where: string): Buffer {
  const trimmed = text.trim()
  const key =
    /^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64')
  if (key.length < 32) {
    throw new AuditKeyError(`${where}：审计日志密钥至少需要 32 字节（64 位十六进制）`)
  }
  return key
}

export interface AuditKeySource {
  /** TAIZHANG_AUDIT_KEY */
  key?: string
  /** TAIZHANG_AUDIT_KEY_FILE */
  keyFile?: string
  /** The data directory (its audit.key) */
  dataDir?: string
}

/**
 * The audit key, or null when there is none (`create` false: the CLI reading a log).
 * `created` says a new key file was just written (the server logs that and re-keys).
 */
export function loadAuditKey(
  { key, keyFile, dataDir }: AuditKeySource,
  { create }: { create: boolean },
): { key: Buffer; created: boolean; where: string } | null {
  if (key)
    return {
      key: parseAuditKey(key, 'TAIZHANG_AUDIT_KEY'),
      created: false,
      where: 'TAIZHANG_AUDIT_KEY',
    }
  const file = keyFile ?? (dataDir ? join(dataDir, AUDIT_KEY_FILE) : undefined)
  if (!file) return null
  if (existsSync(file)) {
    return { key: parseAuditKey(readFileSync(file, 'utf8'), file), created: false, where: file }
  }
  if (keyFile) throw new AuditKeyError(`TAIZHANG_AUDIT_KEY_FILE：找不到文件 ${keyFile}`)
  if (!create) return null
  const fresh = randomBytes(32)
  mkdirSync(dataDir!, { recursive: true })
  // 'wx': never overwrite a key another process just made
  writeFileSync(file, fresh.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
  return { key: fresh, created: true, where: file }
}
