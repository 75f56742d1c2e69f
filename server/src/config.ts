/**
 * @module config
 * `taizhang serve` settings from flags and `TAIZHANG_*` environment variables (flags
 * win), validated with zod at start-up. A wrong value stops the start with ONE clear
 * line naming the setting (`ConfigError`), which `cli/serve` prints before exiting 2.
 *
 *   --port / TAIZHANG_PORT                  8080 (0 = any free port)
 *   --host / TAIZHANG_HOST                  127.0.0.1
 *   --data / TAIZHANG_DATA                  ./data
 *   --demo / TAIZHANG_DEMO=1                seed the demo district
 *   --max-message-bytes / TAIZHANG_MAX_MESSAGE_BYTES   16 MiB (sync frame limit)
 *   --client-dir / TAIZHANG_CLIENT_DIR      client/dist of this repository
 *   TAIZHANG_ADMIN_PASSWORD                 first admin's password (else generated)
 *   TAIZHANG_DEMO_PASSWORD                  every demo user's password (else generated)
 *   TAIZHANG_SESSION_TTL_HOURS              168
 *   TAIZHANG_SESSION_IDLE_HOURS             8 (a session unused this long ends; 0 = never)
 *   TAIZHANG_LOGIN_MAX_FAILURES             5 per username (×4 per address)
 *   TAIZHANG_LOGIN_WINDOW_SECONDS           900
 *   TAIZHANG_LOGIN_CONCURRENCY              one per two cores (password checks at once)
 *   TAIZHANG_LOGIN_QUEUE                    16 (logins waiting for a check; more: 503)
 *   TAIZHANG_UNLOAD_AFTER_MS                30000 (idle room kept in memory)
 *   TAIZHANG_COMPACT_EVERY                  500 (updates between snapshots)
 *   TAIZHANG_VALIDATE_DEBOUNCE_MS           300
 *   --relay-after / TAIZHANG_RELAY_AFTER    write (default): relay an edit once it is in the
 *                                           log file (safe from a server crash; flushed to
 *                                           the disk before the web app shows it saved) |
 *                                           fsync: relay only after the flush
 *   TAIZHANG_FLUSH_AFTER_MS                 1000 (SQLite): flush edits nobody asked about (stock
 *                                           clients, scripts) to the disk within this long
 *   TAIZHANG_AUDIT_KEY                      the audit log's signing key (hex or base64, ≥ 32
 *                                           bytes); else TAIZHANG_AUDIT_KEY_FILE, else
 *                                           DATA/audit.key, made at the first start (cluster:
 *                                           every node needs the same key)
 *   --postgres / TAIZHANG_POSTGRES_URL      PostgreSQL instead of SQLite (postgres://…)
 *   --redis / TAIZHANG_REDIS_URL            with --postgres: one node of a cluster (redis://…)
 *   TAIZHANG_MAX_ROWS_PER_SHEET             100000 (rows a sheet may hold, deleted ones included:
 *                                           sync writes and imports past it are refused)
 *   TAIZHANG_SYNC_MAX_BUFFERED_BYTES        8 MiB (a sync connection's unread output; past it the
 *                                           connection is closed, 4508)
 *   TAIZHANG_HEAVY_REQUESTS_PER_MINUTE      60 per user (exports, consolidation, history,
 *                                           rows?at=; 429 past it)
 *   TAIZHANG_ATTACHMENT_QUOTA_MB            500 (佐证材料 one user may upload, SPEC §10)
 *   TAIZHANG_TRUST_PROXY=1                  behind a reverse proxy: the client address for
 *                                           login throttling is the X-Forwarded-For entry the
 *                                           proxy appended (the right-most), else X-Real-IP; the
 *                                           session cookie is Secure unless the proxy says
 *                                           X-Forwarded-Proto: http
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

export class ConfigError extends Error {}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)
const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes')

const ConfigSchema = z.object({
  port: int(0, 65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  data: z.string().min(1).default('./data'),
  demo: bool.default(false),
  maxMessageBytes: int(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  clientDir: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../client/dist', import.meta.url))),
  adminPassword: z.string().min(8).optional(),
  demoPassword: z.string().min(8).optional(),
  sessionTtlHours: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .default(168),
  sessionIdleHours: z.coerce
    .number()
    .min(0)
    .max(24 * 366)
    .default(8),
  loginMaxFailures: int(1, 1000).default(5),
  loginWindowSeconds: int(1, 86_400).default(900),
  loginConcurrency: int(1, 64).optional(),
  loginQueue: int(0, 10_000).default(16),
  unloadAfterMs: int(0, 86_400_000).default(30_000),
  compactEvery: int(1, 1_000_000).default(500),
  validateDebounceMs: int(0, 60_000).default(300),
  relayAfter: z.enum(['write', 'fsync']).default('write'),
  flushAfterMs: int(0, 60_000).default(1000),
  trustProxy: bool.default(false),
  maxRowsPerSheet: int(1, 10_000_000).default(100_000),
  syncMaxBufferedBytes: int(64 * 1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  heavyRequestsPerMinute: int(1, 100_000).default(60),
  attachmentQuotaMb: int(1, 1_000_000).default(500),
  auditKey: z.string().min(1).optional(),
  auditKeyFile: z.string().min(1).optional(),
  /** Multi-node (issue 7): PostgreSQL for all storage instead of SQLite… */
  postgres: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '必须是 postgres:// 地址')
    .optional(),
  /** …and Redis for the fan-out between the nodes (requires `postgres`). */
  redis: z
    .string()
    .regex(/^rediss?:\/\//, '必须是 redis:// 地址')
    .optional(),
})
export type Config = z.infer<typeof ConfigSchema>

/** Where each setting comes from, for the one-line error message. */
const SOURCES: Record<keyof Config, { flag?: string; env: string }> = {
  port: { flag: '--port', env: 'TAIZHANG_PORT' },
  host: { flag: '--host', env: 'TAIZHANG_HOST' },
  data: { flag: '--data', env: 'TAIZHANG_DATA' },
  demo: { flag: '--demo', env: 'TAIZHANG_DEMO' },
  maxMessageBytes: { flag: '--max-message-bytes', env: 'TAIZHANG_MAX_MESSAGE_BYTES' },
  clientDir: { flag: '--client-dir', env: 'TAIZHANG_CLIENT_DIR' },
  adminPassword: { env: 'TAIZHANG_ADMIN_PASSWORD' },
  demoPassword: { env: 'TAIZHANG_DEMO_PASSWORD' },
  sessionTtlHours: { env: 'TAIZHANG_SESSION_TTL_HOURS' },
  sessionIdleHours: { env: 'TAIZHANG_SESSION_IDLE_HOURS' },
  loginMaxFailures: { env: 'TAIZHANG_LOGIN_MAX_FAILURES' },
  loginWindowSeconds: { env: 'TAIZHANG_LOGIN_WINDOW_SECONDS' },
  loginConcurrency: { env: 'TAIZHANG_LOGIN_CONCURRENCY' },
  loginQueue: { env: 'TAIZHANG_LOGIN_QUEUE' },
  unloadAfterMs: { env: 'TAIZHANG_UNLOAD_AFTER_MS' },
  compactEvery: { env: 'TAIZHANG_COMPACT_EVERY' },
  validateDebounceMs: { env: 'TAIZHANG_VALIDATE_DEBOUNCE_MS' },
  relayAfter: { flag: '--relay-after', env: 'TAIZHANG_RELAY_AFTER' },
  flushAfterMs: { env: 'TAIZHANG_FLUSH_AFTER_MS' },
  trustProxy: { env: 'TAIZHANG_TRUST_PROXY' },
  auditKey: { env: 'TAIZHANG_AUDIT_KEY' },
  auditKeyFile: { env: 'TAIZHANG_AUDIT_KEY_FILE' },
  maxRowsPerSheet: { env: 'TAIZHANG_MAX_ROWS_PER_SHEET' },
  syncMaxBufferedBytes: { env: 'TAIZHANG_SYNC_MAX_BUFFERED_BYTES' },
  heavyRequestsPerMinute: { env: 'TAIZHANG_HEAVY_REQUESTS_PER_MINUTE' },
  attachmentQuotaMb: { env: 'TAIZHANG_ATTACHMENT_QUOTA_MB' },
  postgres: { flag: '--postgres', env: 'TAIZHANG_POSTGRES_URL' },
  redis: { flag: '--redis', env: 'TAIZHANG_REDIS_URL' },
}

/** Flags + environment → validated settings; throws `ConfigError` with one line. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {}
  const used: Partial<Record<keyof Config, string>> = {}
  for (const [key, source] of Object.entries(SOURCES) as [keyof Config, { env: string }][]) {
    const value = env[source.env]
    if (value !== undefined && value !== '') {
      raw[key] = value
      used[key] = source.env
    }
  }
  const byFlag = new Map(
    Object.entries(SOURCES)
      .filter(([, s]) => s.flag)
      .map(([key, s]) => [s.flag!, key as keyof Config]),
  )
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    const key = byFlag.get(flag)
    if (!key) throw new ConfigError(`未知参数 ${arg}（可用：${[...byFlag.keys()].join(' ')}）`)
    used[key] = flag
    if (key === 'demo') {
      raw.demo = eq > 0 ? arg.slice(eq + 1) : true
      continue
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new ConfigError(`参数 ${flag} 缺少取值`)
    raw[key] = value
  }
  const parsed = ConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const key = issue.path[0] as keyof Config
    const where = used[key] ?? SOURCES[key]?.env ?? String(key)
    const secret = key === 'adminPassword' || key === 'demoPassword' || key === 'auditKey'
    const shown = secret ? '' : `（收到 "${raw[key]}"）`
    throw new ConfigError(`配置错误：${where} ${describe(issue)}${shown}`)
  }
  if (parsed.data.redis && !parsed.data.postgres) {
    throw new ConfigError(
      `配置错误：${used.redis ?? '--redis'} 需要同时设置 --postgres（各节点共用 PostgreSQL 中的数据）`,
    )
  }
  return parsed.data
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string'
        ? `至少需要 ${issue.minimum} 个字符`
        : `不能小于 ${issue.minimum}`
    case 'too_big':
      return `不能大于 ${issue.maximum}`
    case 'invalid_type':
      return issue.expected === 'int' ? '必须是整数' : '必须是数字'
    case 'invalid_value':
      return `必须是 ${issue.values.map(String).join(' 或 ')}`
    default:
      return issue.code === 'invalid_union' ? '必须是 1/0/true/false' : '取值无效'
  }
}
