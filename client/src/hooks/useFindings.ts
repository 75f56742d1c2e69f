/**
 * @module hooks/useFindings
 * Live findings of an open sheet for React (see findings/liveFindings): recomputed as
 * rows change, from anyone, online or offline.
 */
import type { GridTemplate } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { LiveFindings, type FindingsSnapshot } from '../findings/liveFindings'

const EMPTY: FindingsSnapshot = { findings: [], errors: 0, openWarnings: 0 }

export function useFindings(doc: Y.Doc | null, template: GridTemplate | null): FindingsSnapshot {
  const [snapshot, setSnapshot] = useState<FindingsSnapshot>(EMPTY)
  useEffect(() => {
    if (!doc || !template) {
      setSnapshot(EMPTY)
      return
    }
    const live = new LiveFindings(doc, template)
    setSnapshot(live.get())
    const off = live.subscribe(setSnapshot)
    return () => {
      off()
      live.destroy()
    }
  }, [doc, template])
  return snapshot
}
