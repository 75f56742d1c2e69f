/**
 * @module storage/postgres/PgUnitStore
 * The `UnitStore` on PostgreSQL: parents before children, as on SQLite. Every node of a
 * cluster adds units, so the list is read every time; only the array's identity is kept
 * while it is unchanged (per-list caches elsewhere hold).
 */
import { newId } from '@taizhang/schema'
import { parentsFirst } from '../parentsFirst'
import type { NewUnit, Unit, UnitPatch, UnitStore } from '../UnitStore'
import type { PgPool } from './pgDatabase'

export class PgUnitStore implements UnitStore {
  /** The last list returned: handed out again while unchanged, so per-list caches hold. */
  private last: Unit[] = []
  private lastKey = ''

  constructor(private readonly pool: PgPool) {}

  async create({ name, parentId, level }: NewUnit) {
    const unit: Unit = {
      id: newId(),
      name,
      parentId,
      level,
      createdAt: new Date().toISOString(),
      archivedAt: null,
    }
    await this.pool.query(
      'INSERT INTO units (id, name, parent_id, level, created_at) VALUES ($1, $2, $3, $4, $5)',
      [unit.id, unit.name, unit.parentId, unit.level, unit.createdAt],
    )
    return unit
  }

  async byId(id: string) {
    const { rows } = await this.pool.query<Unit>(
      `SELECT id, name, parent_id AS "parentId", level, created_at AS "createdAt",
              archived_at AS "archivedAt"
       FROM units WHERE id = $1`,
      [id],
    )
    return rows[0]
  }

  async list() {
    // another node may have added a unit: read every time, but keep the array's identity
    const { rows: created } = await this.pool.query<Unit>(
      `SELECT id, name, parent_id AS "parentId", level, created_at AS "createdAt",
              archived_at AS "archivedAt"
       FROM units ORDER BY created_at, ord`,
    )
    const rows = parentsFirst(created)
    const key = JSON.stringify(rows)
    if (key !== this.lastKey) {
      this.last = rows
      this.lastKey = key
    }
    return this.last
  }

  async update(id: string, { name, parentId }: UnitPatch) {
    if (name !== undefined) {
      await this.pool.query('UPDATE units SET name = $2 WHERE id = $1', [id, name])
    }
    if (parentId !== undefined) {
      await this.pool.query('UPDATE units SET parent_id = $2 WHERE id = $1', [id, parentId])
    }
  }

  async archive(id: string, at: string) {
    await this.pool.query('UPDATE units SET archived_at = $2 WHERE id = $1', [id, at])
  }
}
