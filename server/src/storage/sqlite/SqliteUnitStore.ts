/**
 * @module storage/sqlite/SqliteUnitStore
 * The `UnitStore` on SQLite. The tree is small (thousands of units at most) and read on
 * every permission check, so the store keeps it in memory and refreshes it when a unit is
 * added.
 */
import { newId } from '@taizhang/schema'
import type { NewUnit, Unit, UnitStore } from '../UnitStore'
import type { Db } from './db'

export class SqliteUnitStore implements UnitStore {
  private cache: Unit[] | null = null

  constructor(private readonly db: Db) {}

  async create({ name, parentId, level }: NewUnit) {
    const unit: Unit = { id: newId(), name, parentId, level, createdAt: new Date().toISOString() }
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
      // created_at order puts parents first: a child can only be added after its parent
      this.cache = this.db
        .prepare(
          `SELECT id, name, parent_id AS parentId, level, created_at AS createdAt
           FROM units ORDER BY created_at, rowid`,
        )
        .all() as Unit[]
    }
    return this.cache
  }
}
