/**
 * @module admin/templates/useTemplateAdmin
 * What the 表样 tab reads: the templates the admin may see (`GET /api/templates`) and every
 * sheet the admin may read (`GET /api/sheets`, with each sheet's pinned version), reloaded
 * after a publish or a move. Not cached offline: administration needs the server.
 */
import { useCallback, useEffect, useState } from 'react'
import { api, errorMessage } from '../../api/client'
import { fetchTemplates, type TemplateSummary } from '../../templates/templateApi'
import type { PinnedSheet } from './sheetsByVersion'

async function fetchAllSheets(): Promise<PinnedSheet[]> {
  const answer = await api<{ sheets: PinnedSheet[] } | PinnedSheet[]>('/api/sheets')
  return Array.isArray(answer) ? answer : answer.sheets
}

export function useTemplateAdmin() {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null)
  const [sheets, setSheets] = useState<PinnedSheet[]>([])
  const [error, setError] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let cancelled = false
    Promise.all([fetchTemplates(), fetchAllSheets()]).then(
      ([t, s]) => {
        if (cancelled) return
        setTemplates(t)
        setSheets(s)
        setError(null)
      },
      (failure: unknown) => {
        if (!cancelled) setError(errorMessage(failure))
      },
    )
    return () => {
      cancelled = true
    }
  }, [generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { templates, sheets, error, reload }
}
