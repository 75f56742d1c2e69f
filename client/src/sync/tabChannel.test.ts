// Tabs of one browser on one sheet (sync/tabChannel): a tab's own edits reach the other
// tabs; updates from elsewhere (the server, IndexedDB) are not re-posted; nothing is posted
// before the stored copy is loaded.
import { appendRows, readRows, setCell } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { shareWithTabs } from './tabChannel'

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('shareWithTabs', () => {
  it("sends a tab's own edits to the other tabs of the same sheet only", async () => {
    const [a, b, other] = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
    const tabs = [
      shareWithTabs(a, 's1', Promise.resolve()),
      shareWithTabs(b, 's1', Promise.resolve()),
      shareWithTabs(other, 's2', Promise.resolve()),
    ]
    await settle()
    const [id] = appendRows(a, [{ name: '甲' }])
    await settle()
    expect(readRows(b).map((r) => r.name)).toEqual(['甲'])
    setCell(b, id!, 'name', '乙')
    await settle()
    expect(readRows(a).map((r) => r.name)).toEqual(['乙'])
    expect(readRows(other)).toEqual([])
    for (const tab of tabs) tab.destroy()
  })

  it('does not post updates applied from elsewhere, nor before the local copy is in', async () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    let load!: () => void
    const tabA = shareWithTabs(a, 's3', new Promise<void>((resolve) => (load = resolve)))
    const tabB = shareWithTabs(b, 's3', Promise.resolve())
    await settle()
    appendRows(a, [{ name: '加载前' }])
    const server = new Y.Doc()
    appendRows(server, [{ name: '服务器' }])
    load()
    await settle()
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server), 'server')
    await settle()
    expect(readRows(b)).toEqual([])
    tabA.destroy()
    tabB.destroy()
  })
})
