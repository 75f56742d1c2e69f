/**
 * @module hooks/useTemplates
 * The templates the signed-in person may use (`GET /api/templates`), network first with the
 * IndexedDB copy (hooks/useCachedQuery), for the pickers of 新建表格 and the 汇总.
 */
import { useCachedQuery } from './useCachedQuery'
import { cacheKeys } from '../sync/localStore'
import { fetchTemplates, type TemplateSummary } from '../templates/templateApi'

export function useTemplates() {
  return useCachedQuery<TemplateSummary[]>(cacheKeys.templates, fetchTemplates)
}
