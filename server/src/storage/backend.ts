/**
 * @module storage/backend
 * Opening the storage the settings name: SQLite in the data directory (one machine, the
 * default, `sqlite/`), or PostgreSQL (`--postgres URL`, `postgres/`) — and with `--redis URL`
 * as well, one node of a cluster (Redis fan-out, `cluster/ClusterSync.ts`). Either way it
 * hands `main.ts` the meta store, the (metered) DocStore, the audit hook, the rooms' cluster
 * fan-out, and the readiness checks and metrics of `routes/ops.ts`. The PostgreSQL and Redis
 * modules are loaded only by a server that uses them (they would cost a single node ~4 MiB
 * of heap).
 * Not for: the stores themselves (`sqlite/`, `postgres/`) or the fan-out (`cluster/`).
 */
import {
  appendAudit,
  ensureAuditKeyed,
  readAudit,
  verifyAuditChain,
  type AuditEvent,
  type AuditReader,
} from '../audit/auditLog'
import { ConfigError, type Config } from '../config'
import { AuditKeyError, loadAuditKey } from '../audit/auditKey'
import type { Metric, OpsSources } from '../ops/opsSources'
import { openDatabase } from './sqlite/db'
import type { AttachmentStore } from './AttachmentStore'
import type { MetaStore } from './MetaStore'
import { SqliteAttachmentStore } from './sqlite/SqliteAttachmentStore'
import { sqliteMetaStore } from './sqlite/sqliteMetaStore'
import { SqliteDocStore } from './sqlite/SqliteDocStore'
import type { RoomStats } from '../sync/RoomManager'
import type { ClusterSync, ClusterTarget } from '../cluster/ClusterSync'
import { MeteredDocStore } from './meteredDocStore'

export interface Backend {
  kind: 'sqlite' | 'postgres'
  store: MetaStore
  docStore: MeteredDocStore
  /** 佐证材料 (SPEC §10): files in the data directory, or PostgreSQL rows every node reads. */
  attachments: AttachmentStore
  audit: (event: AuditEvent) => void
  /** Reading and checking the audit chain (admins export it: `GET /api/audit`). */
  auditLog: AuditReader
  /** The rooms' cluster fan-out (RoomManager `cluster` option); null on a single node. */
  cluster: ClusterSync | null
  /** Start the fan-out once the rooms exist (nothing to do on a single node). */
  start(rooms: ClusterTarget): Promise<void>
  /** `/readyz` checks and `/metrics` for `routes/ops.ts`. */
  ops(rooms: { stats(): RoomStats }): OpsSources
  /** After the rooms were closed: stop the fan-out, commit what is in flight, disconnect. */
  close(): Promise<void>
}

/** `onError` that logs a repeated failure (Redis away) at most every 10 s. */
function throttledLog(log: (line: string) => void, prefix: string): (error: unknown) => void {
  let last = 0
  return (error) => {
    const now = Date.now()
    if (now - last < 10_000) return
    last = now
    log(`${prefix}${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The audit key (audit/auditKey), made in the data directory on the first start. */
function auditKeyFor(config: Config, log: (line: string) => void): Buffer {
  let loaded
  try {
    loaded = loadAuditKey(
      { key: config.auditKey, keyFile: config.auditKeyFile, dataDir: config.data },
      { create: true },
    )!
  } catch (error) {
    if (error instanceof AuditKeyError) throw new ConfigError(`配置错误：${error.message}`)
    throw error
  }
  if (loaded.created) {
    log(
      `已生成审计日志密钥 ${loaded.where}（请与数据目录一起备份，不要放进数据库${
        config.postgres
          ? '；多节点部署时各节点须使用同一密钥：复制此文件或设置 TAIZHANG_AUDIT_KEY'
          : ''
      }）`,
    )
  }
  return loaded.key
}

export async function openBackend(config: Config, log: (line: string) => void): Promise<Backend> {
  const auditKey = auditKeyFor(config, log)
  if (!config.postgres) {
    const db = openDatabase(config.data)
    const rekeyed = ensureAuditKeyed(db, auditKey)
    if (rekeyed) log(`审计日志：${rekeyed.detail?.note}`)
    // relaying after the flush: flush at once rather than gathering commits
    const raw = new SqliteDocStore(db, {
      syncDelayMs: config.relayAfter === 'fsync' ? 0 : config.flushAfterMs,
    })
    const docStore = new MeteredDocStore(raw)
    return {
      kind: 'sqlite',
      store: sqliteMetaStore(db),
      docStore,
      attachments: new SqliteAttachmentStore(db, config.data),
      audit: (event) => appendAudit(db, event, auditKey),
      auditLog: {
        read: async (options) => readAudit(db, options),
        verify: async () => verifyAuditChain(db, auditKey),
      },
      cluster: null,
      start: async () => {},
      ops: (rooms) => ({
        checks: { database: async () => db.prepare('SELECT 1').get() },
        metrics: () => commonMetrics(rooms.stats(), docStore),
      }),
      close: async () => {
        await raw.close()
        db.close()
      },
    }
  }

  const [
    { migratePg, openPgPool },
    { PgAuditLog },
    { PgDocStore },
    { pgMetaStore },
    { PgAttachmentStore },
  ] = await Promise.all([
    import('./postgres/pgDatabase'),
    import('./postgres/PgAuditLog'),
    import('./postgres/PgDocStore'),
    import('./postgres/pgMetaStore'),
    import('./postgres/PgAttachmentStore'),
  ])
  const { ClusterSync } = await import('../cluster/ClusterSync')
  const pool = openPgPool(config.postgres)
  await migratePg(pool)
  const raw = new PgDocStore(pool)
  const docStore = new MeteredDocStore(raw)
  const auditLog = new PgAuditLog(pool, throttledLog(log, '审计日志写入失败：'), auditKey)
  const rekeyed = await auditLog.ensureKeyed()
  if (rekeyed) log(`审计日志：${rekeyed.detail?.note}`)
  const cluster = config.redis
    ? new ClusterSync({
        redisUrl: config.redis,
        log: raw,
        onError: throttledLog(log, '集群同步（Redis）出错：'),
      })
    : null
  return {
    kind: 'postgres',
    store: pgMetaStore(pool),
    docStore,
    attachments: new PgAttachmentStore(pool),
    audit: (event) => auditLog.append(event),
    auditLog: {
      read: async (options) => {
        await auditLog.flush()
        return auditLog.read(options)
      },
      verify: async () => {
        await auditLog.flush()
        return auditLog.verify()
      },
    },
    cluster,
    start: async (rooms) => {
      await cluster?.start(rooms)
    },
    ops: (rooms) => ({
      checks: {
        database: () => pool.query('SELECT 1'),
        ...(cluster ? { redis: () => cluster.ping() } : {}),
      },
      metrics: () => {
        const metrics = commonMetrics(rooms.stats(), docStore)
        metrics.push({
          name: 'taizhang_compactions_skipped_total',
          help: 'Compactions skipped because another node held the sheet (advisory lock).',
          type: 'counter',
          value: raw.stats.compactionsSkipped,
        })
        if (cluster) metrics.push(...clusterMetrics(cluster))
        return metrics
      },
    }),
    close: async () => {
      await cluster?.close()
      await raw.close()
      await auditLog.flush()
      await pool.end()
    },
  }
}

function commonMetrics(rooms: RoomStats, docs: MeteredDocStore): Metric[] {
  const m = docs.meter
  return [
    {
      name: 'taizhang_connections',
      help: 'Open sync connections.',
      type: 'gauge',
      value: rooms.connections,
    },
    {
      name: 'taizhang_open_sheets',
      help: 'Sheets loaded in memory.',
      type: 'gauge',
      value: rooms.rooms,
    },
    {
      name: 'taizhang_updates_stored_total',
      help: 'Updates stored by this node.',
      type: 'counter',
      value: m.appends,
    },
    {
      name: 'taizhang_update_store_failures_total',
      help: 'Failed appends.',
      type: 'counter',
      value: m.appendFailures,
    },
    {
      name: 'taizhang_update_rate',
      help: 'Updates stored per second (last minute).',
      type: 'gauge',
      value: m.updateRate(),
    },
    {
      name: 'taizhang_compactions_total',
      help: 'Snapshots requested by this node.',
      type: 'counter',
      value: m.compactions,
    },
    {
      name: 'taizhang_compaction_failures_total',
      help: 'Failed compactions.',
      type: 'counter',
      value: m.compactionFailures,
    },
    {
      name: 'taizhang_compaction_seconds_total',
      help: 'Time spent compacting.',
      type: 'counter',
      value: m.compactionSeconds,
    },
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident memory.',
      type: 'gauge',
      value: process.memoryUsage().rss,
    },
  ]
}

function clusterMetrics(cluster: ClusterSync): Metric[] {
  const s = cluster.stats()
  const node = { node: s.nodeId }
  return [
    {
      name: 'taizhang_cluster_redis_up',
      help: 'Redis reachable (1) or not (0).',
      type: 'gauge',
      value: s.redisUp ? 1 : 0,
      labels: node,
    },
    {
      name: 'taizhang_cluster_published_total',
      help: 'Stored updates added to Redis streams.',
      type: 'counter',
      value: s.published,
      labels: node,
    },
    {
      name: 'taizhang_cluster_publish_failures_total',
      help: 'XADDs that failed (the log covers them).',
      type: 'counter',
      value: s.publishFailures,
      labels: node,
    },
    {
      name: 'taizhang_cluster_remote_updates_total',
      help: 'Updates of other nodes applied from streams.',
      type: 'counter',
      value: s.remoteApplied,
      labels: node,
    },
    {
      name: 'taizhang_cluster_caught_up_total',
      help: 'Updates fetched from the log to fill gaps.',
      type: 'counter',
      value: s.caughtUp,
      labels: node,
    },
    {
      name: 'taizhang_cluster_log_lag',
      help: 'Stored updates not yet held by this node (open sheets, last check).',
      type: 'gauge',
      value: s.logLag,
      labels: node,
    },
    {
      name: 'taizhang_cluster_stream_lag_ms',
      help: 'Age of the last remote stream entry when read.',
      type: 'gauge',
      value: s.streamLagMs,
      labels: node,
    },
    {
      name: 'taizhang_cluster_redis_errors_total',
      help: 'Redis connection errors.',
      type: 'counter',
      value: s.redisErrors,
      labels: node,
    },
  ]
}
