/**
 * @module storage/sqlite/SqliteUnitStore
 * The `UnitStore` on SQLite. The tree is small (thousands of units at most) and read on
 * every permission check, so the store keeps it in memory and refreshes it when a unit is
 * added, changed or archived.
 */
import { newId } from '@taizhang/schema'
import { parentsFirst } from '../parentsFirst'
import type { NewUnit, Unit, UnitPatch, UnitStore } from '../UnitStore'
import type { Db } from './db'

export class SqliteUnitStore implements UnitStore {
  private cache: Unit[] | null = null

  constructor(private readonly db: Db) {}

  async create({ name, parentId, level }: NewUnit) {
    const unit: Unit = {
      id: newId(),
      name,
      parentId,
      level,
      createdAt: new Date().toISOString(),
      archivedAt: null,
    }
    this.db
      .prepare('INSERT INTO units (id, name, parent_id, level, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(unit.id, unit.name, unit.parentId, unit.level, unit.createdAt)
    this.cache = null
    return unit
  }

  async byId(id: string) {
    return (await this.list()).find((u) => u.id === id)
  }

  async list() {
    if (!this.cache) {
      // created_at order puts parents first until a unit is moved: parentsFirst mends that
      this.cache = parentsFirst(
        this.db
          .prepare(
            `SELECT id, name, parent_id AS parentId, level, created_at AS createdAt,
                    archived_at AS archivedAt
             FROM units ORDER BY created_at, rowid`,
          )
          .all() as Unit[],
      )
    }
    return this.cache
  }

  async update(id: string, { name, parentId }: UnitPatch) {
    if (name !== undefined) this.db.prepare('UPDATE units SET name = ? WHERE id = ?').run(name, id)
    if (parentId !== undefined) {
      this.db.prepare('UPDATE units SET parent_id = ? WHERE id = ?').run(parentId, id)
    }
    this.cache = null
  }

  async archive(id: string, at: string) {
    this.db.prepare('UPDATE units SET archived_at = ? WHERE id = ?').run(at, id)
    this.cache = null
  }
}
