/**
 * @module storage/parentsFirst
 * The unit list in the order the stores promise (parents before children, otherwise in
 * creation order). Creation order alone stops being that once a unit is moved under a
 * unit created after it (`PATCH /api/units/:id`), so both backends sort with this: a unit
 * whose parent has not come yet waits for it, everything else keeps its place.
 */

/** `units` (in creation order) with every parent before its children. */
export function parentsFirst<U extends { id: string; parentId: string | null }>(units: U[]): U[] {
  const ids = new Set(units.map((u) => u.id))
  const placed = new Set<string>()
  const waiting = new Map<string, U[]>()
  const out: U[] = []
  const place = (u: U) => {
    const stack = [u]
    while (stack.length) {
      const next = stack.pop()!
      placed.add(next.id)
      out.push(next)
      const kids = waiting.get(next.id)
      if (kids) {
        waiting.delete(next.id)
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!)
      }
    }
  }
  for (const u of units) {
    if (u.parentId === null || !ids.has(u.parentId) || placed.has(u.parentId)) place(u)
    else {
      const list = waiting.get(u.parentId)
      if (list) list.push(u)
      else waiting.set(u.parentId, [u])
    }
  }
  // a cycle (never: the route refuses them) keeps its units rather than losing them
  if (out.length < units.length) for (const u of units) if (!placed.has(u.id)) out.push(u)
  return out
}
