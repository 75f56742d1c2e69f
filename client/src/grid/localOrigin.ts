/**
 * @module grid/localOrigin
 * The Yjs transaction origin of everything this browser's user does to a sheet's rows
 * (typing, paste, fill down, add / delete / move / restore rows, the row form view).
 * `Y.UndoManager` tracks exactly this origin, so Ctrl+Z undoes the user's own edits and
 * never a team mate's change that arrived over the WebsocketProvider (whose updates
 * carry the provider as origin) or the IndexedDB store.
 * Not for: telling edits of two local tabs apart (each tab has its own Y.Doc).
 */
export const LOCAL_ORIGIN: { readonly source: 'taizhang-grid' } = Object.freeze({
  source: 'taizhang-grid',
})
