/**
 * @module templates/templateApi
 * The 表样 routes of SPEC §7 as the web app calls them: the templates the caller may use
 * (`GET /api/templates`), one version's document (`GET /api/templates/:id?version=N`),
 * publishing (`POST` a new template, `PUT` its next version; a definition that does not pass
 * answers 422 `{error, issues}`), and moving a sheet to a later version
 * (`POST /api/sheets/:id/template`).
 * Not for: validating or caching a document (templateRegistry.ts).
 */
import type { DefinitionIssue, DefinitionKind, TemplateSummary } from '@taizhang/schema'
import { api, ApiError } from '../api/client'

export type { TemplateSummary }

/** `GET /api/templates/:id[?version=N]`: a template document (SPEC §7). */
export interface TemplateDocumentWire {
  id: string
  kind: DefinitionKind
  name: string
  unitId?: string | null
  version: number
  definition: unknown
  /** Every published version (stored templates). */
  versions?: number[]
  /** For an admin of the owner: this version no longer validates; sheets use `usedVersion`. */
  problem?: { version: number; usedVersion: number | null; issues: DefinitionIssue[] }
}

/** What moving a sheet to a later version changed (SPEC §7). */
export interface TemplateMove {
  version: number
  retyped: string[]
  hidden: string[]
}

const templatePath = (id: string) => `/api/templates/${encodeURIComponent(id)}`

export async function fetchTemplates(): Promise<TemplateSummary[]> {
  const answer = await api<{ templates: TemplateSummary[] } | TemplateSummary[]>('/api/templates')
  return Array.isArray(answer) ? answer : answer.templates
}

export function fetchTemplateDocument(
  id: string,
  version?: number,
  signal?: AbortSignal,
): Promise<TemplateDocumentWire> {
  const query = version === undefined ? '' : `?version=${encodeURIComponent(String(version))}`
  return api<TemplateDocumentWire>(`${templatePath(id)}${query}`, { signal })
}

export const createTemplate = (body: {
  unitId: string
  kind: DefinitionKind
  name: string
  definition: unknown
}) => api<{ id: string; version: number }>('/api/templates', { method: 'POST', body })

export const publishVersion = (id: string, body: { name?: string; definition: unknown }) =>
  api<{ id: string; version: number }>(templatePath(id), { method: 'PUT', body })

export const moveSheetToVersion = (sheetId: string, version: number) =>
  api<TemplateMove>(`/api/sheets/${encodeURIComponent(sheetId)}/template`, {
    method: 'POST',
    body: { version },
  })

/** The `issues` of a 422 answer to a publish, if that is what `error` is. */
export function publishIssues(error: unknown): DefinitionIssue[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null
  const issues = (error.body as { issues?: unknown } | null)?.issues
  if (!Array.isArray(issues)) return null
  return issues
    .filter((i): i is DefinitionIssue => typeof i === 'object' && i !== null && 'message' in i)
    .map((i) => ({ path: String(i.path ?? ''), message: String(i.message) }))
}
