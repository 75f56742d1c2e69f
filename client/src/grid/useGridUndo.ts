/**
 * @module grid/useGridUndo
 * React adapter for the grid's undo (`undo.ts`): the shared Y.UndoManager when SheetPage
 * passes one (so the form view undoes the same steps), else one of the grid's own, and
 * whether undo / redo are possible now, for the toolbar. Undo and redo do nothing on a
 * read-only sheet.
 */
import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { createUndoManager } from './undo'

export interface GridUndo {
  undo(): void
  redo(): void
  canUndo: boolean
  canRedo: boolean
}

export function useGridUndo(
  doc: Y.Doc,
  shared: Y.UndoManager | undefined,
  readOnly: boolean,
): GridUndo {
  // Made in an effect (not a memo) so StrictMode's unmount / remount gets a live one.
  const [own, setOwn] = useState<Y.UndoManager | null>(null)
  useEffect(() => {
    if (shared) return
    const created = createUndoManager(doc)
    setOwn(created)
    return () => {
      created.destroy()
      setOwn(null)
    }
  }, [doc, shared])
  const undoManager = shared ?? own

  const [canUndo, setCanUndo] = useState(false)
  const [canRedo, setCanRedo] = useState(false)
  useEffect(() => {
    if (!undoManager) return
    const update = () => {
      setCanUndo(undoManager.canUndo())
      setCanRedo(undoManager.canRedo())
    }
    update()
    undoManager.on('stack-item-added', update)
    undoManager.on('stack-item-popped', update)
    undoManager.on('stack-cleared', update)
    return () => {
      undoManager.off('stack-item-added', update)
      undoManager.off('stack-item-popped', update)
      undoManager.off('stack-cleared', update)
    }
  }, [undoManager])

  const undo = useCallback(() => {
    if (!readOnly) undoManager?.undo()
  }, [undoManager, readOnly])
  const redo = useCallback(() => {
    if (!readOnly) undoManager?.redo()
  }, [undoManager, readOnly])
  return { undo, redo, canUndo, canRedo }
}
