/**
 * @module access/unitTree
 * The unit tree as an in-memory index over a list of units: parent links, children, the
 * path from a unit up to its district. The server builds it from the store's unit list,
 * the web app from `GET /api/units`; the permission rules read it through `UnitHierarchy`.
 */

/** What the tree needs of a unit. */
export interface UnitNode {
  id: string
  parentId: string | null
}

/** The part of the tree the permission rules read. */
export interface UnitHierarchy {
  has(id: string): boolean
  /** The unit itself, then its parent, … up to the root. Empty for an unknown id. */
  pathUp(id: string): readonly UnitNode[]
}

export class UnitTree<U extends UnitNode = UnitNode> implements UnitHierarchy {
  private readonly byId = new Map<string, U>()
  private readonly children = new Map<string, U[]>()

  constructor(readonly units: readonly U[]) {
    for (const u of units) this.byId.set(u.id, u)
    for (const u of units) {
      if (u.parentId === null) continue
      const list = this.children.get(u.parentId)
      if (list) list.push(u)
      else this.children.set(u.parentId, [u])
    }
  }

  get(id: string): U | undefined {
    return this.byId.get(id)
  }

  has(id: string): boolean {
    return this.byId.has(id)
  }

  pathUp(id: string): U[] {
    const path: U[] = []
    const seen = new Set<string>()
    let unit = this.byId.get(id)
    while (unit && !seen.has(unit.id)) {
      seen.add(unit.id)
      path.push(unit)
      unit = unit.parentId === null ? undefined : this.byId.get(unit.parentId)
    }
    return path
  }

  /** The unit and every unit below it. */
  subtree(id: string): U[] {
    const root = this.byId.get(id)
    if (!root) return []
    const out: U[] = []
    const stack = [root]
    while (stack.length) {
      const unit = stack.pop()!
      out.push(unit)
      for (const child of this.children.get(unit.id) ?? []) stack.push(child)
    }
    return out
  }
}
