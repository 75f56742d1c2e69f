/**
 * @module grid/undo
 * Undo / redo of the user's own edits (AG Grid's undo is off: it keeps its own stack
 * that a remote change invalidates). `Y.UndoManager` on the rows map tracks only
 * transactions with the local origin, so Ctrl+Z never takes back a team mate's change;
 * undoing my edit of a cell that someone changed after me is Yjs's own merge.
 * One undo step per user action (one edit, one paste, one fill down, one row moved).
 * Keys: Ctrl+Z undo, Ctrl+Y and Ctrl+Shift+Z redo (⌘ on macOS).
 */
import { rowsMap } from '@taizhang/schema'
import * as Y from 'yjs'
import { LOCAL_ORIGIN } from './localOrigin'

// Every user action is exactly one transaction (see localWrites), so no time-based
// merging: a paste right after a row move must not be undone together with it.
const CAPTURE_MS = 0

export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(rowsMap(doc), {
    trackedOrigins: new Set<unknown>([LOCAL_ORIGIN]),
    captureTimeout: CAPTURE_MS,
  })
}

export type UndoAction = 'undo' | 'redo'

interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/** Which undo command a key press is, if any. */
export function undoKeyAction(e: KeyLike): UndoAction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null
  const key = e.key.toLowerCase()
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !e.shiftKey) return 'redo'
  return null
}
