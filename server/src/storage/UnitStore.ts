/**
 * @module storage/UnitStore
 * The unit tree (组织树, SPEC §1; the levels are schema's `access/unitLevels`): 区县
 * district → 乡镇/街道 township → 村/社区 community → 网格 grid; a level may be skipped.
 * The record and the interface every backend implements (`sqlite/SqliteUnitStore.ts`,
 * `postgres/PgUnitStore.ts`).
 * Not for: who may see which unit (auth/visibleUnits).
 */
import type { UnitLevel } from '@taizhang/schema'

export interface Unit {
  id: string
  name: string
  parentId: string | null
  level: UnitLevel
  createdAt: string
  /** Archived (ISO time): hidden from pickers and new work; its sheets stay readable. */
  archivedAt?: string | null
}

/** A rename or a move (the route checks levels and cycles). */
export interface UnitPatch {
  name?: string
  parentId?: string
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
  update(id: string, patch: UnitPatch): Promise<void>
  archive(id: string, at: string): Promise<void>
}
