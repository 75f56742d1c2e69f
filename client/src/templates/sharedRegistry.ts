/**
 * @module templates/sharedRegistry
 * The web app's one template registry (templateRegistry.ts) over the real routes and the
 * IndexedDB `cache` store: every page asks this one, so a version is one object everywhere.
 */
import { getCached, setCached } from '../sync/localStore'
import { fetchTemplateDocument } from './templateApi'
import { TemplateRegistry } from './templateRegistry'

export const templateRegistry = new TemplateRegistry({
  fetchDocument: (id, version) => fetchTemplateDocument(id, version),
  getCached,
  setCached,
})
