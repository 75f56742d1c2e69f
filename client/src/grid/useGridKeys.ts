/**
 * @module grid/useGridKeys
 * The keyboard, mouse and clipboard handlers of the grid's wrapper, for what AG Grid
 * Community does not do itself: Ctrl+Z / Ctrl+Y (our undo, limited to the user's own
 * edits), Ctrl+D fill down, Ctrl+A select all, Shift+arrows extend the range, Delete on a
 * range clears it in one transaction, copy / cut / paste as TSV through the browser's
 * clipboard events, and the range drawn by dragging the mouse. While an editor is open,
 * keys and clipboard events are left to it, and so are events from a dialog a cell opened
 * (React sends a portal's events through the grid's handlers although it is not in the grid).
 * Not for: what the commands do (`useGridCommands`, `useGridUndo`).
 */
import {
  useEffect,
  type ClipboardEvent as ReactClipboardEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react'
import { isSingleCell, type ArrowKey } from './cellRange'
import { rangeAsTsv } from './clipboard'
import { isEditing, type GridRefs } from './gridRefs'
import { ARROW_KEYS } from './rangeSelection'
import { undoKeyAction } from './undo'
import type { GridCommands } from './useGridCommands'
import type { GridUndo } from './useGridUndo'

/** Spread onto the element that wraps AgGridReact. */
export interface GridWrapperHandlers {
  onKeyDownCapture(event: ReactKeyboardEvent<HTMLDivElement>): void
  onMouseDownCapture(event: ReactMouseEvent<HTMLDivElement>): void
  onMouseOver(event: ReactMouseEvent<HTMLDivElement>): void
  onCopy(event: ReactClipboardEvent<HTMLDivElement>): void
  onCut(event: ReactClipboardEvent<HTMLDivElement>): void
  onPaste(event: ReactClipboardEvent<HTMLDivElement>): void
}

export function useGridKeys(
  refs: GridRefs,
  readOnly: boolean,
  { fillDown, clearRange, paste }: Pick<GridCommands, 'fillDown' | 'clearRange' | 'paste'>,
  { undo, redo }: Pick<GridUndo, 'undo' | 'redo'>,
): GridWrapperHandlers {
  const { range: rangeRef } = refs

  useEffect(() => {
    const up = () => rangeRef.current?.onMouseUp()
    window.addEventListener('mouseup', up)
    return () => window.removeEventListener('mouseup', up)
  }, [rangeRef])

  const onKeyDownCapture = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (isEditing(refs)) return
    const e = event.nativeEvent
    const stop = () => {
      event.preventDefault()
      event.stopPropagation()
    }
    const action = undoKeyAction(e)
    if (action) {
      stop()
      if (action === 'undo') undo()
      else redo()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'd') {
      stop()
      fillDown()
      return
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
      stop()
      rangeRef.current?.selectAll()
      return
    }
    if (e.shiftKey && !e.ctrlKey && !e.metaKey && ARROW_KEYS.has(e.key)) {
      stop()
      rangeRef.current?.extendByKey(e.key as ArrowKey)
      return
    }
    if (e.key === 'Delete' && !readOnly) {
      // One transaction for the whole range (AG Grid would clear only the focused cell).
      const range = rangeRef.current?.current
      if (range && !isSingleCell(range)) {
        stop()
        clearRange()
      }
    }
  }

  const onCopy = (event: ReactClipboardEvent<HTMLDivElement>) => {
    if (isEditing(refs) || !rangeRef.current) return
    const tsv = rangeAsTsv(rangeRef.current)
    if (tsv === null) return
    event.clipboardData.setData('text/plain', tsv)
    event.preventDefault()
  }

  return {
    onKeyDownCapture: inGrid(onKeyDownCapture),
    onMouseDownCapture: inGrid((e) => rangeRef.current?.onMouseDown(e.nativeEvent)),
    onMouseOver: inGrid((e) => rangeRef.current?.onMouseOver(e.nativeEvent)),
    onCopy: inGrid(onCopy),
    onCut: inGrid((event) => {
      if (isEditing(refs) || readOnly) return
      onCopy(event)
      clearRange()
    }),
    onPaste: inGrid((event) => {
      if (isEditing(refs)) return
      const text = event.clipboardData.getData('text/plain')
      event.preventDefault()
      paste(text)
    }),
  }
}

/** The handler, for events whose target is inside the wrapper's DOM (not a portal's). */
function inGrid<E extends { currentTarget: Element; target: EventTarget }>(
  handler: (event: E) => void,
): (event: E) => void {
  return (event) => {
    if (event.currentTarget.contains(event.target as Node)) handler(event)
  }
}
