/**
 * @module hooks/useSheetTemplate
 * The template an open sheet follows, for React: the id and version the sheet pinned
 * (`meta.template` / `meta.templateVersion` in its doc, else `GET /api/sheets/:id`), resolved
 * by the shared registry — a built-in at once, a stored version from memory, IndexedDB or the
 * server (templates/templateRegistry). The same object for the same version, so the grid,
 * the form view and live findings compile it once.
 */
import { useEffect, useState } from 'react'
import { templateRegistry } from '../templates/sharedRegistry'
import type { ResolvedTemplate } from '../templates/templateRegistry'

export interface SheetTemplate extends ResolvedTemplate {
  /** Still being looked up. */
  loading: boolean
}

const NONE: SheetTemplate = {
  template: null,
  kind: null,
  version: null,
  problem: null,
  loading: true,
}

function immediate(id: string | undefined, version: number | undefined): SheetTemplate | null {
  if (!id) return null
  const known = templateRegistry.peek(id, version)
  if (known)
    return {
      template: known,
      kind: known.kind,
      version: known.version,
      problem: null,
      loading: false,
    }
  if (id === 'report') return { ...NONE, kind: 'report', loading: false }
  return null
}

export function useSheetTemplate(
  id: string | undefined,
  version: number | undefined,
): SheetTemplate {
  const [state, setState] = useState<SheetTemplate>(() => immediate(id, version) ?? NONE)
  useEffect(() => {
    const now = immediate(id, version)
    if (now) {
      setState(now)
      return
    }
    if (!id) {
      setState(NONE)
      return
    }
    let cancelled = false
    setState((shown) => ({ ...shown, loading: true }))
    void templateRegistry.resolve(id, version).then((resolved) => {
      if (!cancelled) setState({ ...resolved, loading: false })
    })
    return () => {
      cancelled = true
    }
  }, [id, version])
  return state
}
