/**
 * @module storage/postgres/PgTemplateStore
 * The `TemplateStore` on PostgreSQL, with the behaviour of the SQLite one. A save locks the
 * template's row (`FOR UPDATE`) — or, for a new template, the owning unit's row — so two
 * nodes saving at once count and number one after the other; version rows are insert-only
 * (a trigger refuses UPDATE and DELETE).
 */
import {
  TemplateStoreError,
  type NewTemplate,
  type TemplateLimits,
  type TemplateStore,
  type TemplateSummary,
  type TemplateVersionRecord,
} from '../TemplateStore'
import { inTransaction, type PgPool, type Queryable } from './pgDatabase'

const COLUMNS = `t.id, t.unit_id AS "unitId", t.kind, v.name, v.version, v.definition,
  v.created_by AS "createdBy", v.created_at AS "createdAt"`

async function insertVersion(
  client: Queryable,
  id: string,
  version: number,
  v: { name: string; definition: string; createdBy: string | null },
  now: string,
): Promise<void> {
  await client.query(
    `INSERT INTO template_versions (template_id, version, name, definition, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, version, v.name, v.definition, v.createdBy, now],
  )
}

export class PgTemplateStore implements TemplateStore {
  constructor(private readonly pool: PgPool) {}

  async create(t: NewTemplate, limits: TemplateLimits) {
    const now = new Date().toISOString()
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT id FROM units WHERE id = $1 FOR UPDATE', [t.unitId])
      const taken = await client.query('SELECT 1 FROM templates WHERE id = $1', [t.id])
      if (taken.rowCount) throw new TemplateStoreError('exists', '表样编号已被占用')
      const { rows } = await client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM templates WHERE unit_id = $1',
        [t.unitId],
      )
      if (Number(rows[0]!.n) >= limits.perUnit) {
        throw new TemplateStoreError(
          'too-many-templates',
          `一个单位最多保存 ${limits.perUnit} 个表样`,
        )
      }
      await client.query(
        `INSERT INTO templates (id, unit_id, kind, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [t.id, t.unitId, t.kind, t.createdBy, now],
      )
      await insertVersion(client, t.id, 1, t, now)
    })
    return (await this.get(t.id, 1))!
  }

  async addVersion(
    id: string,
    next: { name: string; definition: string; createdBy: string | null },
    limits: TemplateLimits,
  ) {
    const now = new Date().toISOString()
    const version = await inTransaction(this.pool, async (client) => {
      const locked = await client.query('SELECT id FROM templates WHERE id = $1 FOR UPDATE', [id])
      if (!locked.rowCount) throw new TemplateStoreError('not-found', '表样不存在')
      const { rows } = await client.query<{ latest: number }>(
        'SELECT MAX(version) AS latest FROM template_versions WHERE template_id = $1',
        [id],
      )
      const latest = rows[0]!.latest
      if (latest >= limits.versions) {
        throw new TemplateStoreError(
          'too-many-versions',
          `一个表样最多发布 ${limits.versions} 个版本`,
        )
      }
      await insertVersion(client, id, latest + 1, next, now)
      return latest + 1
    })
    return (await this.get(id, version))!
  }

  async get(id: string, version?: number) {
    const { rows } =
      version === undefined
        ? await this.pool.query<TemplateVersionRecord>(
            `SELECT ${COLUMNS} FROM templates t JOIN template_versions v ON v.template_id = t.id
             WHERE t.id = $1 ORDER BY v.version DESC LIMIT 1`,
            [id],
          )
        : await this.pool.query<TemplateVersionRecord>(
            `SELECT ${COLUMNS} FROM templates t JOIN template_versions v ON v.template_id = t.id
             WHERE t.id = $1 AND v.version = $2`,
            [id, version],
          )
    return rows[0]
  }

  async versions(id: string) {
    const { rows } = await this.pool.query<{ version: number }>(
      'SELECT version FROM template_versions WHERE template_id = $1 ORDER BY version',
      [id],
    )
    return rows.map((r) => r.version)
  }

  async list(unitIds?: readonly string[]) {
    if (unitIds?.length === 0) return []
    const latest = `SELECT ${COLUMNS.replace(', v.definition', '')}
      FROM templates t JOIN template_versions v ON v.template_id = t.id
      WHERE v.version = (SELECT MAX(version) FROM template_versions WHERE template_id = t.id)`
    const { rows } = unitIds
      ? await this.pool.query<TemplateSummary>(
          `${latest} AND t.unit_id = ANY($1::text[]) ORDER BY t.created_at, t.id`,
          [unitIds],
        )
      : await this.pool.query<TemplateSummary>(`${latest} ORDER BY t.created_at, t.id`)
    return rows
  }
}
