import { appendRows, columnsOf, ledgerTemplate, readRow, readRows, setCell } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LOCAL_ORIGIN } from './localOrigin'
import { deleteRows, writeCells, writeTypedCell } from './localWrites'
import { createUndoManager, undoKeyAction } from './undo'

const employees = columnsOf(ledgerTemplate).find((c) => c.id === 'employees')!
const name = columnsOf(ledgerTemplate).find((c) => c.id === 'name')!

/** Two replicas wired to each other, as two browsers behind the sync server. */
function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'))
  return [a, b]
}

describe('undo limited to my own edits', () => {
  it("Ctrl+Z takes back my edit and never a team mate's change", () => {
    const [mine, theirs] = pair()
    const [rowId] = appendRows(theirs, [{ name: '甲公司', employees: 10, members: 1 }])
    const undo = createUndoManager(mine)

    writeTypedCell(mine, rowId!, employees, '２０')
    setCell(theirs, rowId!, 'members', 4) // remote, arrives with origin 'net'
    expect(readRow(mine, rowId!)).toMatchObject({ employees: 20, members: 4 })

    undo.undo()
    expect(readRow(mine, rowId!)).toMatchObject({ employees: 10, members: 4 })
    expect(readRow(theirs, rowId!)).toMatchObject({ employees: 10, members: 4 })
    expect(undo.canUndo()).toBe(false) // the remote change is not on my stack

    undo.redo()
    expect(readRow(theirs, rowId!)).toMatchObject({ employees: 20, members: 4 })
  })

  it('a paste of many cells and new rows is one undo step', () => {
    const doc = new Y.Doc()
    const [r1] = appendRows(doc, [{ name: '甲' }])
    const undo = createUndoManager(doc)
    writeCells(
      doc,
      new Map([[r1!, { name: '乙', employees: 3 }]]),
      [{ name: '丙' }, { name: '丁' }],
      r1!,
    )
    expect(readRows(doc).map((r) => r.name)).toEqual(['乙', '丙', '丁'])
    undo.undo()
    expect(readRows(doc).map((r) => r.name)).toEqual(['甲'])
    expect(undo.canUndo()).toBe(false)
  })

  it('undoes a soft delete (the row comes back) and ignores untracked origins', () => {
    const doc = new Y.Doc()
    const [r1, r2] = appendRows(doc, [{ name: '甲' }, { name: '乙' }])
    const undo = createUndoManager(doc)
    deleteRows(doc, [r1!])
    expect(readRows(doc).map((r) => r.id)).toEqual([r2])
    undo.undo()
    expect(readRows(doc).map((r) => r.id)).toEqual([r1, r2])
    doc.transact(() => setCell(doc, r2!, 'name', '导入'), 'import')
    expect(undo.canUndo()).toBe(false)
    doc.transact(() => setCell(doc, r2!, 'name', '我改的'), LOCAL_ORIGIN)
    writeTypedCell(doc, r2!, name, '  我又改的 ')
    expect(readRow(doc, r2!)?.name).toBe('我又改的')
    undo.undo() // one step per action, however fast they follow each other
    expect(readRow(doc, r2!)?.name).toBe('我改的')
    undo.undo()
    expect(readRow(doc, r2!)?.name).toBe('导入')
  })
})

describe('undoKeyAction', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }>,
  ) => ({
    key: k,
    ctrlKey: !!mods.ctrl,
    metaKey: !!mods.meta,
    shiftKey: !!mods.shift,
    altKey: !!mods.alt,
  })
  it('maps Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z and ⌘Z', () => {
    expect(undoKeyAction(key('z', { ctrl: true }))).toBe('undo')
    expect(undoKeyAction(key('Z', { ctrl: true, shift: true }))).toBe('redo')
    expect(undoKeyAction(key('y', { ctrl: true }))).toBe('redo')
    expect(undoKeyAction(key('z', { meta: true }))).toBe('undo')
    expect(undoKeyAction(key('z', {}))).toBeNull()
    expect(undoKeyAction(key('z', { ctrl: true, alt: true }))).toBeNull()
    expect(undoKeyAction(key('c', { ctrl: true }))).toBeNull()
  })
})
