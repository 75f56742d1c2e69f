/**
 * @module storage/units
 * The unit tree (组织树, SPEC §1; the levels are schema's `access/unitLevels`): 区县
 * district → 乡镇/街道 township → 村/社区 community → 网格 grid; a level may be skipped.
 * The tree is small (thousands of units at most) and read on every permission check, so
 * the SQLite store keeps it in memory and refreshes it when a unit is added.
 * Not for: who may see which unit (auth/visibleUnits).
 */
import { newId, type UnitLevel } from '@taizhang/schema'
import type { Db } from './db'

export interface Unit {
  id: string
  name: string
  parentId: string | null
  level: UnitLevel
  createdAt: string
}

export interface NewUnit {
  name: string
  parentId: string | null
  level: UnitLevel
}

export interface UnitStore {
  create(unit: NewUnit): Promise<Unit>
  byId(id: string): Promise<Unit | undefined>
  /** Every unit, parents before children. */
  list(): Promise<Unit[]>
}

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
