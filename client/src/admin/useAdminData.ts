/**
 * @module admin/useAdminData
 * What several admin tabs read: the unit tree as `GET /api/units` shows it, with a reload
 * after each change. Not cached offline: administration needs the server.
 */
import { UnitTree, type Unit } from '@taizhang/schema'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../api/client'
import { fetchUnits } from '../api/endpoints'

export function useUnits() {
  const [units, setUnits] = useState<Unit[]>([])
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let cancelled = false
    setLoading(true)
    fetchUnits().then(
      (list) => {
        if (cancelled) return
        setUnits(list)
        setError(null)
        setLoading(false)
      },
      (failure: unknown) => {
        if (cancelled) return
        setError(errorMessage(failure))
        setLoading(false)
      },
    )
    return () => {
      cancelled = true
    }
  }, [generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const tree = useMemo(() => new UnitTree(units), [units])
  return { units, tree, error, loading, reload }
}

/** A unit's path below the district, as the users import writes it (城东街道/幸福社区/…). */
export function unitPathText(tree: UnitTree<Unit>, unitId: string): string {
  const path = tree.pathUp(unitId).reverse()
  const below = path.length > 1 ? path.slice(1) : path
  return below.map((u) => u.name).join('/')
}

/** Units that can be picked for new work: the caller's own (not only named) and not archived. */
export function pickable(units: readonly Unit[]): Unit[] {
  return units.filter((u) => !u.pathOnly && !u.archived)
}
