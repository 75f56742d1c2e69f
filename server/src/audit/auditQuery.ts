/**
 * @module audit/auditQuery
 * Which audit entries an admin asked for (`GET /api/audit`), as one WHERE clause both
 * databases run: after or before an id (paging forward for the export and the CLI, backward
 * for the newest-first page of the web app), by user (the actor, or the user an entry is
 * about: `detail.userId`), by action, and by day in Asia/Shanghai (`from`/`to`, both
 * included). The filters run in the database, so a page of 200 matching entries never reads
 * the whole log into memory.
 */

export interface AuditQuery {
  afterId?: number
  beforeId?: number
  limit?: number
  userId?: string
  action?: string
  /** First day included, `YYYY-MM-DD` in Asia/Shanghai. */
  fromDay?: string
  /** Last day included, `YYYY-MM-DD` in Asia/Shanghai. */
  toDay?: string
  newestFirst?: boolean
}

/** The UTC instant (as stored, `toISOString()`) at which a Shanghai day starts. */
export function shanghaiDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString()
}

/** The day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * `WHERE … ORDER BY … LIMIT …` for `query`; `param(n)` writes the n-th placeholder (`?` for
 * SQLite, `$n` for PostgreSQL). `detailUser` is the SQL that reads `detail.userId` (JSON text
 * in both).
 */
export function auditQuerySql(
  query: AuditQuery,
  param: (n: number) => string,
  detailUser: string,
): { sql: string; params: unknown[] } {
  const where: string[] = []
  const params: unknown[] = []
  const add = (clause: (p: () => string) => string, ...values: unknown[]) => {
    const start = params.length
    params.push(...values)
    let i = start
    where.push(clause(() => param(++i)))
  }
  if (query.afterId) add((p) => `id > ${p()}`, query.afterId)
  if (query.beforeId) add((p) => `id < ${p()}`, query.beforeId)
  if (query.userId) {
    add((p) => `(user_id = ${p()} OR ${detailUser} = ${p()})`, query.userId, query.userId)
  }
  if (query.action) add((p) => `action = ${p()}`, query.action)
  if (query.fromDay) add((p) => `at >= ${p()}`, shanghaiDayStart(query.fromDay))
  if (query.toDay) add((p) => `at < ${p()}`, shanghaiDayStart(nextDay(query.toDay)))
  const limit = query.limit ?? 1000
  params.push(limit)
  const sql =
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY id ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT ${param(params.length)}`
  return { sql, params }
}
