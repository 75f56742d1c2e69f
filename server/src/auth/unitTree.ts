/**
 * @module auth/unitTree
 * The unit tree of a store as of now, for the permission checks (schema's `UnitTree`).
 * Built from the store's unit list and kept while that list is the same array (the stores
 * hand out the same array until a unit changes), so it is always in step with the database
 * without being rebuilt on every request.
 */
import { UnitTree } from '@taizhang/schema'
import type { MetaStore } from '../storage/MetaStore'
import type { Unit } from '../storage/UnitStore'

const trees = new WeakMap<readonly Unit[], UnitTree<Unit>>()

/** The unit tree as of now (rebuilt only when the store's unit list changed). */
export async function unitTree(store: MetaStore): Promise<UnitTree<Unit>> {
  const units = await store.units.list()
  let tree = trees.get(units)
  if (!tree) {
    tree = new UnitTree(units)
    trees.set(units, tree)
  }
  return tree
}
