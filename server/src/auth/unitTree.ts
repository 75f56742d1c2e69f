/**
 * @module auth/unitTree
 * The unit tree as an in-memory index: parent links, children, the path from a unit
 * up to its district. Built from the unit list whenever permissions are checked (the
 * store caches the list), so it is always in step with the database.
 */
import type { Unit } from '../storage/units'

export class UnitTree {
  private readonly byId = new Map<string, Unit>()
  private readonly children = new Map<string, Unit[]>()

  constructor(readonly units: readonly Unit[]) {
    for (const u of units) this.byId.set(u.id, u)
    for (const u of units) {
      if (u.parentId === null) continue
      const list = this.children.get(u.parentId)
      if (list) list.push(u)
      else this.children.set(u.parentId, [u])
    }
  }

  get(id: string): Unit | undefined {
    return this.byId.get(id)
  }

  has(id: string): boolean {
    return this.byId.has(id)
  }

  /** The unit itself, then its parent, … up to the root. Empty for an unknown id. */
  pathUp(id: string): Unit[] {
    const path: Unit[] = []
    const seen = new Set<string>()
    let unit = this.byId.get(id)
    while (unit && !seen.has(unit.id)) {
      seen.add(unit.id)
      path.push(unit)
      unit = unit.parentId === null ? undefined : this.byId.get(unit.parentId)
    }
    return path
  }

  /** True when `ancestorId` is `id` or above it. */
  isAtOrAbove(ancestorId: string, id: string): boolean {
    return this.pathUp(id).some((u) => u.id === ancestorId)
  }

  /** True when `ancestorId` is strictly above `id`. */
  isAbove(ancestorId: string, id: string): boolean {
    return ancestorId !== id && this.isAtOrAbove(ancestorId, id)
  }

  /** The unit and every unit below it. */
  subtree(id: string): Unit[] {
    const root = this.byId.get(id)
    if (!root) return []
    const out: Unit[] = []
    const stack = [root]
    while (stack.length) {
      const unit = stack.pop()!
      out.push(unit)
      for (const child of this.children.get(unit.id) ?? []) stack.push(child)
    }
    return out
  }
}
