/**
 * @module sync/updateShape.test
 * The shape check of client updates without a server: nesting under meta, a row and a cell
 * is refused past the small limit (also when the chain runs through neighbours and through
 * the doc), report rich text gets the generous one, and new row keys count against the cap.
 */
import { insertRow, rowAt, rowsMap } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdateShape, DEFAULT_SHAPE_LIMITS } from './updateShape'

const metaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta')
const limits = { ...DEFAULT_SHAPE_LIMITS, maxRows: 10 }

/** The update `edit` makes on a copy of `base`, judged against `base`. */
function judge(base: Y.Doc, edit: (doc: Y.Doc) => void, shape = limits) {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(copy)
  edit(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  return checkUpdateShape(base, Y.decodeUpdate(update).structs, shape)
}

/** `depth` maps nested in each other under `parent[key]`. */
function nest(parent: Y.Map<unknown>, key: string, depth: number): Y.Map<unknown> {
  let map = parent
  // one transaction: Yjs walks up every changed type's parents at the end of each
  parent.doc!.transact(() => {
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>()
      map.set(i === 0 ? key : 'c', next)
      map = next
    }
  })
  return map
}

describe('update shape', () => {
  it('accepts ordinary edits and counts the rows they add', () => {
    const base = new Y.Doc()
    insertRow(base, { name: '甲' })
    expect(judge(base, (d) => insertRow(d, { name: '乙' }))).toEqual({ ok: true, newRows: 1 })
    expect(judge(base, (d) => metaMap(d).set('title', '标题'))).toEqual({ ok: true, newRows: 0 })
  })

  it('refuses maps nested past the small depth under meta, a row or a cell', () => {
    const base = new Y.Doc()
    const id = insertRow(base, { name: '甲' })
    expect(judge(base, (d) => nest(metaMap(d), 'x', 4)).ok).toBe(true)
    expect(judge(base, (d) => nest(metaMap(d), 'x', 5))).toMatchObject({
      ok: false,
      problem: 'nesting',
      root: 'meta',
    })
    // the row map is depth 1: three more levels in a cell are allowed, four are not
    expect(judge(base, (d) => nest(rowAt(d, id)! as Y.Map<unknown>, 'name', 3)).ok).toBe(true)
    expect(judge(base, (d) => nest(rowAt(d, id)! as Y.Map<unknown>, 'name', 4)).ok).toBe(false)
    expect(judge(base, (d) => nest(metaMap(d), 'x', 20_000)).ok).toBe(false)
  })

  it('follows neighbours and the doc: a deep chain added to a map already there', () => {
    const base = new Y.Doc()
    const inner = nest(metaMap(base), 'x', 3)
    inner.set('c', 1) // the next set of 'c' has this item as its origin
    expect(judge(base, (d) => nest(metaMap(d).get('x') as Y.Map<unknown>, 'y', 1)).ok).toBe(true)
    const deep = judge(base, (d) => {
      let m = metaMap(d).get('x') as Y.Map<unknown>
      for (let i = 0; i < 2; i++) m = m.get('c') as Y.Map<unknown>
      nest(m, 'c', 2)
    })
    expect(deep).toMatchObject({ ok: false, problem: 'nesting', root: 'meta', depth: 5 })
  })

  it('gives report rich text the generous limit', () => {
    const base = new Y.Doc()
    const deepList = (d: Y.Doc, depth: number) => {
      let el: Y.XmlFragment | Y.XmlElement = d.getXmlFragment('basic')
      for (let i = 0; i < depth; i++) {
        const next: Y.XmlElement = new Y.XmlElement('bulletList')
        el.insert(0, [next])
        el = next
      }
    }
    expect(judge(base, (d) => deepList(d, 20)).ok).toBe(true)
    expect(judge(base, (d) => deepList(d, 200)).ok).toBe(false)
  })

  it('refuses new rows past the cap, deleted rows included, and edits of existing ones pass', () => {
    const base = new Y.Doc()
    const ids = Array.from({ length: 9 }, (_, i) => insertRow(base, { name: `行${i}` }))
    expect(judge(base, (d) => insertRow(d, {})).ok).toBe(true)
    expect(judge(base, (d) => (insertRow(d, {}), insertRow(d, {})))).toMatchObject({
      ok: false,
      problem: 'rows',
      rows: 9,
      newRows: 2,
    })
    rowsMap(base).forEach(() => {})
    insertRow(base, {})
    expect(judge(base, (d) => rowAt(d, ids[0]!)!.set('name', '改')).ok).toBe(true)
  })
})
