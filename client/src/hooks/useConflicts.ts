/**
 * @module hooks/useConflicts
 * The open (unresolved) conflicts of a sheet, live from the doc's `conflicts` map,
 * which the server writes when two people changed one cell while apart (SPEC §4).
 */
import { readConflicts, type ConflictRecord } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

export function useConflicts(doc: Y.Doc | null): ConflictRecord[] {
  const [conflicts, setConflicts] = useState<ConflictRecord[]>([])
  useEffect(() => {
    if (!doc) return
    const map = doc.getMap('conflicts')
    const update = () => setConflicts(readConflicts(doc).filter((c) => !c.resolved))
    update()
    map.observe(update)
    return () => map.unobserve(update)
  }, [doc])
  return conflicts
}
