/**
 * @module storage/sqlite/SqliteTemplateStore
 * The `TemplateStore` on SQLite: `templates` (id, owning unit, kind) and `template_versions`
 * (insert-only: triggers refuse UPDATE and DELETE). A save counts and numbers inside one
 * transaction; better-sqlite3 runs it without yielding, so two saves never share a number.
 */
import {
  TemplateStoreError,
  type NewTemplate,
  type TemplateLimits,
  type TemplateStore,
  type TemplateSummary,
  type TemplateVersionRecord,
} from '../TemplateStore'
import type { Db } from './db'

const COLUMNS = `t.id, t.unit_id AS unitId, t.kind, v.name, v.version, v.definition,
  v.created_by AS createdBy, v.created_at AS createdAt`

export class SqliteTemplateStore implements TemplateStore {
  constructor(private readonly db: Db) {}

  async create(t: NewTemplate, limits: TemplateLimits) {
    const now = new Date().toISOString()
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM templates WHERE id = ?').get(t.id)) {
        throw new TemplateStoreError('exists', '表样编号已被占用')
      }
      const { n } = this.db
        .prepare('SELECT COUNT(*) AS n FROM templates WHERE unit_id = ?')
        .get(t.unitId) as { n: number }
      if (n >= limits.perUnit) {
        throw new TemplateStoreError(
          'too-many-templates',
          `一个单位最多保存 ${limits.perUnit} 个表样`,
        )
      }
      this.db
        .prepare(
          'INSERT INTO templates (id, unit_id, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(t.id, t.unitId, t.kind, t.createdBy, now)
      this.insertVersion(t.id, 1, t, now)
    })()
    return (await this.get(t.id, 1))!
  }

  async addVersion(
    id: string,
    next: { name: string; definition: string; createdBy: string | null },
    limits: TemplateLimits,
  ) {
    const now = new Date().toISOString()
    const version = this.db.transaction(() => {
      const { latest } = this.db
        .prepare('SELECT MAX(version) AS latest FROM template_versions WHERE template_id = ?')
        .get(id) as { latest: number | null }
      if (latest === null) throw new TemplateStoreError('not-found', '表样不存在')
      if (latest >= limits.versions) {
        throw new TemplateStoreError(
          'too-many-versions',
          `一个表样最多发布 ${limits.versions} 个版本`,
        )
      }
      this.insertVersion(id, latest + 1, next, now)
      return latest + 1
    })()
    return (await this.get(id, version))!
  }

  private insertVersion(
    id: string,
    version: number,
    v: { name: string; definition: string; createdBy: string | null },
    now: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO template_versions (template_id, version, name, definition, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, version, v.name, v.definition, v.createdBy, now)
  }

  async get(id: string, version?: number) {
    const row =
      version === undefined
        ? this.db
            .prepare(
              `SELECT ${COLUMNS} FROM templates t JOIN template_versions v ON v.template_id = t.id
               WHERE t.id = ? ORDER BY v.version DESC LIMIT 1`,
            )
            .get(id)
        : this.db
            .prepare(
              `SELECT ${COLUMNS} FROM templates t JOIN template_versions v ON v.template_id = t.id
               WHERE t.id = ? AND v.version = ?`,
            )
            .get(id, version)
    return row as TemplateVersionRecord | undefined
  }

  async versions(id: string) {
    return (
      this.db
        .prepare('SELECT version FROM template_versions WHERE template_id = ? ORDER BY version')
        .all(id) as { version: number }[]
    ).map((r) => r.version)
  }

  async list(unitIds?: readonly string[]) {
    if (unitIds?.length === 0) return []
    const latest = `SELECT ${COLUMNS.replace(', v.definition', '')}
      FROM templates t JOIN template_versions v ON v.template_id = t.id
      WHERE v.version = (SELECT MAX(version) FROM template_versions WHERE template_id = t.id)`
    const rows = unitIds
      ? this.db
          .prepare(
            `${latest} AND t.unit_id IN (SELECT value FROM json_each(?)) ORDER BY t.created_at, t.id`,
          )
          .all(JSON.stringify(unitIds))
      : this.db.prepare(`${latest} ORDER BY t.created_at, t.id`).all()
    return rows as TemplateSummary[]
  }
}
