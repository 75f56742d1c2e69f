/**
 * @module wire/units
 * A unit of the tree as `GET /api/units` lists it (SPEC §6.3): the caller's own subtrees,
 * plus the units on the path above them, shown only by name (`pathOnly`).
 */
import type { UnitLevel } from '../access/unitLevels'

export interface Unit {
  id: string
  name: string
  parentId: string | null
  level: UnitLevel
  /** Shown only as a name on the path above the caller's own subtrees. */
  pathOnly?: boolean
  /** Archived (SPEC §11): hidden from pickers and new work; its sheets stay readable. */
  archived?: boolean
}
