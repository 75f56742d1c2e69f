// The report's 基本情况 statistics table (SPEC §2.3): inserted once, refreshed in place.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reportFragment, statsTableIndex, writeStatsTable } from './reportDoc'

const textOf = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string =>
  node instanceof Y.XmlText
    ? node.toString()
    : node
        .toArray()
        .map((c) => textOf(c as Y.XmlElement | Y.XmlText))
        .join('')

const cellsOf = (doc: Y.Doc) => {
  const table = reportFragment(doc, 'basic').get(statsTableIndex(reportFragment(doc, 'basic')))
  return (table as Y.XmlElement)
    .toArray()
    .map((row) => (row as Y.XmlElement).toArray().map((c) => textOf(c as Y.XmlElement)))
}

describe('writeStatsTable', () => {
  it('inserts the table at the top of 基本情况 and refreshes it in place without touching text', () => {
    const doc = new Y.Doc()
    const basic = reportFragment(doc, 'basic')
    const p = new Y.XmlElement('paragraph')
    const t = new Y.XmlText()
    t.insert(0, '全区共有两新组织')
    p.insert(0, [t])
    basic.insert(0, [p])

    writeStatsTable(
      doc,
      [
        ['单位', '组织总数'],
        ['一街道', '12'],
      ],
      '数据来源：汇总 A',
    )
    expect(statsTableIndex(basic)).toBe(0)
    expect(basic.length).toBe(3)
    expect(cellsOf(doc)).toEqual([
      ['单位', '组织总数'],
      ['一街道', '12'],
    ])
    const firstRow = (basic.get(0) as Y.XmlElement).get(0) as Y.XmlElement
    expect((firstRow.get(0) as Y.XmlElement).nodeName).toBe('tableHeader')

    writeStatsTable(
      doc,
      [
        ['单位', '组织总数'],
        ['一街道', '13'],
        ['合计', '13'],
      ],
      '数据来源：汇总 B',
    )
    expect(basic.length).toBe(3)
    expect(cellsOf(doc)).toEqual([
      ['单位', '组织总数'],
      ['一街道', '13'],
      ['合计', '13'],
    ])
    expect(textOf(basic.get(1) as Y.XmlElement)).toBe('数据来源：汇总 B')
    expect(textOf(basic.get(2) as Y.XmlElement)).toBe('全区共有两新组织')
  })
})
