// Live findings of an open sheet (findings/liveFindings): the schema's rules follow every
// change of the doc, big sheets are checked in slices, acknowledgements are joined in.
import {
  acknowledgeFinding,
  appendRows,
  deleteRow,
  ledgerTemplate,
  setCell,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LiveFindings, type FindingsSnapshot } from './liveFindings'

const ok = {
  name: '甲公司',
  category: '非公企业',
  employees: 20,
  members: 3,
  orgForm: '单独组建',
  secretaryTrainingDays: 8,
}

function next(live: LiveFindings): Promise<FindingsSnapshot> {
  return new Promise((resolve) => {
    const off = live.subscribe((s) => {
      off()
      resolve(s)
    })
  })
}

describe('LiveFindings', () => {
  it('reports a rule-breaking row as it changes and clears it when fixed or deleted', async () => {
    const doc = new Y.Doc()
    const [id] = appendRows(doc, [ok])
    const live = new LiveFindings(doc, ledgerTemplate)
    expect(live.get().errors).toBe(0)
    const broken = next(live)
    setCell(doc, id!, 'members', 30)
    const snapshot = await broken
    expect(snapshot.findings).toContainEqual(
      expect.objectContaining({
        rowId: id,
        column: 'members',
        rule: 'members-exceed-employees',
        severity: 'error',
      }),
    )
    const fixed = next(live)
    setCell(doc, id!, 'members', 4)
    expect((await fixed).errors).toBe(0)
    setCell(doc, id!, 'members', 30)
    await next(live)
    const gone = next(live)
    deleteRow(doc, id!)
    expect((await gone).findings.filter((f) => f.rowId === id)).toEqual([])
    live.destroy()
  })

  it('joins warning acknowledgements in and counts only open warnings', async () => {
    const doc = new Y.Doc()
    const [id] = appendRows(doc, [{ ...ok, secretaryTrainingDays: 2 }])
    const live = new LiveFindings(doc, ledgerTemplate)
    const warning = live.get().findings.find((f) => f.rule === 'training-below-7-days')!
    expect(warning).toBeDefined()
    expect(live.get().openWarnings).toBeGreaterThan(0)
    const before = live.get().openWarnings
    const acked = next(live)
    acknowledgeFinding(doc, warning, {
      reason: '已安排补训',
      by: '组长',
      at: '2026-03-05T00:00:00Z',
    })
    const snapshot = await acked
    expect(snapshot.openWarnings).toBe(before - 1)
    expect(
      snapshot.findings.find((f) => f.rowId === id && f.rule === 'training-below-7-days')?.ack
        ?.reason,
    ).toBe('已安排补训')
    live.destroy()
  })

  it('checks a big sheet in slices and publishes once complete, edits included', async () => {
    const doc = new Y.Doc()
    const ids = appendRows(
      doc,
      Array.from({ length: 250 }, (_, i) => ({ ...ok, name: `公司${i}` })),
    )
    const live = new LiveFindings(doc, ledgerTemplate, { sliceSize: 50 })
    expect(live.pending).toBe(true)
    const done = next(live)
    setCell(doc, ids[200]!, 'members', 99) // arrives while the first pass is running
    const snapshot = await done
    expect(live.pending).toBe(false)
    expect(
      snapshot.findings.filter((f) => f.rule === 'members-exceed-employees').map((f) => f.rowId),
    ).toEqual([ids[200]])
    live.destroy()
  })

  it('checks rows arriving in bulk in slices, and skips a value under rows that is no row', async () => {
    const doc = new Y.Doc()
    appendRows(doc, [ok])
    const live = new LiveFindings(doc, ledgerTemplate, { sliceSize: 50 })
    expect(live.pending).toBe(false)
    const remote = new Y.Doc()
    const ids = appendRows(
      remote,
      Array.from({ length: 120 }, (_, i) => ({
        ...ok,
        name: `公司${i}`,
        members: i === 7 ? 99 : 3,
      })),
    )
    ;(remote.getMap('rows') as Y.Map<unknown>).set('junk', '不是一行')
    const done = next(live)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote))
    expect(live.pending).toBe(true)
    const snapshot = await done
    expect(live.pending).toBe(false)
    expect(
      snapshot.findings.filter((f) => f.rule === 'members-exceed-employees').map((f) => f.rowId),
    ).toEqual([ids[7]])
    live.destroy()
  })
})
