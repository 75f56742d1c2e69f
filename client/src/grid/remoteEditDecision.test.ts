import { describe, expect, it } from 'vitest'
import { decideRemoteEdit, type OpenEditor, type RowChange } from './remoteEditDecision'

const change = (over: Partial<RowChange> = {}): RowChange => ({
  rowId: 'r1',
  cells: {},
  deletedChanged: false,
  orderChanged: false,
  ...over,
})

const editor = (over: Partial<OpenEditor> = {}): OpenEditor => ({
  rowId: 'r1',
  colId: 'employees',
  startValue: 10,
  draftValue: undefined,
  ...over,
})

describe('decideRemoteEdit', () => {
  it('applies at once when nobody is editing', () => {
    expect(decideRemoteEdit(null, change({ cells: { employees: 12 } }))).toEqual({ kind: 'apply' })
  })

  it('applies a change to another row while I edit', () => {
    const d = decideRemoteEdit(
      editor(),
      change({ rowId: 'r2', cells: { employees: 3 }, deletedChanged: true }),
    )
    expect(d).toEqual({ kind: 'apply' })
  })

  it('applies a change to another cell of the row I edit, keeping my editor', () => {
    expect(decideRemoteEdit(editor(), change({ cells: { members: 4 } }))).toEqual({ kind: 'apply' })
  })

  it('defers deleting or moving the row under my open editor', () => {
    expect(decideRemoteEdit(editor(), change({ deletedChanged: true }))).toEqual({ kind: 'defer' })
    expect(
      decideRemoteEdit(editor(), change({ orderChanged: true, cells: { employees: 1 } })),
    ).toEqual({
      kind: 'defer',
    })
  })

  it('reopens my editor on the new value when I have not typed yet', () => {
    expect(decideRemoteEdit(editor(), change({ cells: { employees: 12 } }))).toEqual({
      kind: 'apply-reopen-editor',
    })
    const untouched = editor({ draftValue: 10 })
    expect(decideRemoteEdit(untouched, change({ cells: { employees: 12 } })).kind).toBe(
      'apply-reopen-editor',
    )
  })

  it('keeps my draft and reports the new value when I have typed something else', () => {
    const typing = editor({ draftValue: 15 })
    expect(decideRemoteEdit(typing, change({ cells: { employees: 12 } }))).toEqual({
      kind: 'apply-keep-draft',
      colId: 'employees',
      value: 12,
    })
  })

  it('applies quietly when the remote value equals what I typed or what I started from', () => {
    expect(
      decideRemoteEdit(editor({ draftValue: 12 }), change({ cells: { employees: 12 } })),
    ).toEqual({
      kind: 'apply',
    })
    expect(
      decideRemoteEdit(editor({ draftValue: 15 }), change({ cells: { employees: 10 } })),
    ).toEqual({
      kind: 'apply',
    })
  })

  it('treats a cell cleared remotely (null) as a change', () => {
    const d = decideRemoteEdit(editor({ draftValue: 15 }), change({ cells: { employees: null } }))
    expect(d).toEqual({ kind: 'apply-keep-draft', colId: 'employees', value: null })
  })
})
