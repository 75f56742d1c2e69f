/**
 * @module sync/updateShape
 * What a client's update would do to the shape of a sheet, judged from its decoded structs
 * BEFORE it is stored (docs/RELIABILITY.md §3), since the log keeps whatever is stored and Yjs
 * never rolls back:
 * - nesting: how deep the Yjs types it creates sit. Under `meta`, `rows` (a row map is depth
 *   1, a type in a cell depth 2) and the server's maps, the layout needs almost none
 *   (`maxNesting`, small); elsewhere (a report's rich text: table → row → cell → paragraph,
 *   nested lists) `maxOtherNesting`, generous. 20,000 nested maps under `meta` once made
 *   every recursive reader overflow the stack for good;
 * - rows: how many new row keys it adds under `rows`, against the sheet's row cap.
 * An item's parent is written in the update only when it has no neighbour; otherwise it is
 * its neighbour's (`origin`/`rightOrigin`). Both are resolved without recursion, in the
 * update itself or in the doc. An item whose parent cannot be found (its dependency is
 * missing: Yjs keeps it pending) is judged against the generous limit from where the chain
 * breaks off; the readers never recurse into meta (schema's `readMeta`), so such a shape
 * can slow a sheet down but not stop it from loading.
 *
 * Not for: whether the update decodes at all (`appliedUpdate.ts`) or permissions (`Room.ts`).
 */
import { ACKS, CONFLICTS, META, ROWS } from '@taizhang/schema'
import * as Y from 'yjs'

export interface ShapeLimits {
  /** Deepest nested type under meta, rows, conflicts and acks (a row map is depth 1). */
  maxNesting: number
  /** Deepest nested type anywhere else (report rich text). */
  maxOtherNesting: number
  /** Row keys a sheet may hold (deleted rows included: they are never removed). */
  maxRows: number
}

export const DEFAULT_SHAPE_LIMITS: ShapeLimits = {
  maxNesting: 4,
  maxOtherNesting: 64,
  maxRows: 100_000,
}

/** Roots whose layout has (almost) no nested types: the small limit applies there. */
const FLAT_ROOTS = new Set([META, ROWS, CONFLICTS, ACKS])

export type ShapeVerdict =
  | { ok: true; newRows: number }
  | { ok: false; problem: 'nesting'; root: string | null; depth: number }
  | { ok: false; problem: 'rows'; rows: number; newRows: number }

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number]

/** Where an item sits: its root type's name (null: unknown) and its container's depth. */
interface Loc {
  root: string | null
  depth: number
}

const isType = (item: Y.Item): boolean =>
  item.content instanceof Y.ContentType || item.content instanceof Y.ContentDoc

/** Judge an update (its decoded structs) against the doc it would go into. */
export function checkUpdateShape(
  doc: Y.Doc,
  structs: readonly Struct[],
  limits: ShapeLimits,
): ShapeVerdict {
  const rows = doc.getMap(ROWS)
  const newKeys = new Set<string>()
  let resolver: Resolver | null = null
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const parent = struct.parent as unknown
    if (parent === ROWS && struct.parentSub !== null && !rows.has(struct.parentSub)) {
      newKeys.add(struct.parentSub)
    }
    if (!isType(struct)) continue
    resolver ??= new Resolver(doc, structs)
    const loc = resolver.locate(struct)
    const depth = loc.depth + 1
    const flat = loc.root !== null && FLAT_ROOTS.has(loc.root)
    if (depth > (flat ? limits.maxNesting : limits.maxOtherNesting)) {
      return { ok: false, problem: 'nesting', root: loc.root, depth }
    }
  }
  if (newKeys.size > 0 && rows.size + newKeys.size > limits.maxRows) {
    return { ok: false, problem: 'rows', rows: rows.size, newRows: newKeys.size }
  }
  return { ok: true, newRows: newKeys.size }
}

/** Finds the container of items of one update, in the update or in the doc. */
class Resolver {
  private readonly byClient = new Map<number, Y.Item[]>()
  private readonly memo = new Map<Y.Item, Loc>()
  private readonly roots = new Map<Y.AbstractType<any>, string>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: readonly Struct[],
  ) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue
      let list = this.byClient.get(struct.id.client)
      if (!list) this.byClient.set(struct.id.client, (list = []))
      list.push(struct)
    }
    for (const [name, type] of doc.share) this.roots.set(type, name)
  }

  /** The container of `start`, walking parents and neighbours iteratively. */
  locate(start: Y.Item): Loc {
    // each step: the item reached and whether it was reached through a parent (depth + 1)
    const chain: { item: Y.Item; nested: boolean }[] = []
    let current: Y.Item = start
    let base: Loc | null = null
    const seen = new Set<Y.Item>()
    while (base === null) {
      const known = this.memo.get(current)
      if (known) {
        base = known
        break
      }
      if (seen.has(current) || seen.size > this.structs.length + 1) {
        base = { root: null, depth: 0 } // a cycle of forged ids
        break
      }
      seen.add(current)
      const parent = current.parent as unknown
      if (typeof parent === 'string') {
        base = { root: parent, depth: 0 }
        this.memo.set(current, base)
        break
      }
      if (parent instanceof Y.AbstractType) {
        base = this.inDoc(parent)
        break
      }
      const next = parent instanceof Y.ID ? parent : (current.origin ?? current.rightOrigin ?? null)
      const found = next ? this.find(next) : null
      if (!found) {
        base = { root: null, depth: parent instanceof Y.ID ? 1 : 0 }
        break
      }
      chain.push({ item: current, nested: parent instanceof Y.ID })
      current = found
    }
    // unwind: every item on the chain gets its location, the first one last
    let loc = base
    for (let i = chain.length - 1; i >= 0; i--) {
      const { item, nested } = chain[i]!
      if (nested) loc = { root: loc.root, depth: loc.depth + 1 }
      this.memo.set(item, loc)
    }
    return loc
  }

  /** The location inside an integrated type: its root and depth (capped walk). */
  private inDoc(type: Y.AbstractType<any>): Loc {
    let depth = 0
    let t: Y.AbstractType<any> | null = type
    while (t && t._item) {
      depth++
      if (depth > 10_000) return { root: null, depth }
      const parent: unknown = t._item.parent
      t = parent instanceof Y.AbstractType ? parent : null
    }
    return { root: (t && this.roots.get(t)) ?? null, depth }
  }

  /** The item holding `id`, from the update or the doc (null: neither has it). */
  private find(id: Y.ID): Y.Item | null {
    const own = this.byClient.get(id.client)
    if (own) {
      const hit = search(own, id.clock)
      if (hit) return hit
    }
    const structs = this.doc.store.clients.get(id.client)
    if (!structs || structs.length === 0) return null
    const last = structs[structs.length - 1]!
    if (id.clock >= last.id.clock + last.length) return null
    try {
      const struct = structs[Y.findIndexSS(structs, id.clock)]
      return struct instanceof Y.Item ? struct : null
    } catch {
      return null
    }
  }
}

/** Binary search of a client's items (in clock order) for the one covering `clock`. */
function search(items: readonly Y.Item[], clock: number): Y.Item | null {
  let lo = 0
  let hi = items.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const item = items[mid]!
    if (clock < item.id.clock) hi = mid - 1
    else if (clock >= item.id.clock + item.length) lo = mid + 1
    else return item
  }
  return null
}
