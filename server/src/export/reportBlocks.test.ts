// Y.XmlFragment (Tiptap / y-prosemirror layout) → block model.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { blocksToText, xmlFragmentToBlocks } from './reportBlocks'
import { buildReportDoc } from '../test/reportDoc'

describe('xmlFragmentToBlocks', () => {
  const doc = buildReportDoc()

  it('reads paragraphs with marks as runs, merging neighbours with the same marks', () => {
    const [first] = xmlFragmentToBlocks(doc.getXmlFragment('basic'))
    expect(first).toEqual({
      kind: 'paragraph',
      runs: [
        { text: '全街道共有两新组织' },
        { text: '326', bold: true },
        { text: '家，其中非公企业 241 家、社会组织 85 家。' },
      ],
    })
  })

  it('reads tables with header cells and spans', () => {
    const [, table] = xmlFragmentToBlocks(doc.getXmlFragment('basic'))
    expect(table?.kind).toBe('table')
    if (table?.kind !== 'table') return
    expect(table.rows).toHaveLength(3)
    expect(table.rows[0]!.every((c) => c.header)).toBe(true)
    expect(table.rows[2]![0]).toMatchObject({ colSpan: 2, rowSpan: 1, header: false })
    expect(blocksToText([table])).toBe('指标\t数量\t覆盖率\n已建党组织数\t198\t60.7%\n合计\t—')
  })

  it('reads headings, hard breaks, italics and nested lists', () => {
    const blocks = xmlFragmentToBlocks(doc.getXmlFragment('practices'))
    expect(blocks[0]).toEqual({ kind: 'heading', level: 2, runs: [{ text: '（一）抓组织覆盖' }] })
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      runs: [
        { text: '推行' },
        { text: '“1+N”区域党支部', italic: true },
        { text: '模式，\n实现小微企业全覆盖。' },
      ],
    })
    const list = blocks[2]!
    expect(list.kind).toBe('list')
    if (list.kind !== 'list') return
    expect(list.ordered).toBe(false)
    expect(list.items).toHaveLength(2)
    expect(list.items[1]![1]).toMatchObject({ kind: 'list', ordered: true })
  })

  it('keeps the text of unknown nodes and ignores empty fragments', () => {
    const d = new Y.Doc()
    const fragment = d.getXmlFragment('x')
    const custom = new Y.XmlElement('mention')
    fragment.push([custom])
    const t = new Y.XmlText()
    custom.push([t])
    t.insert(0, '@张三')
    expect(xmlFragmentToBlocks(fragment)).toEqual([
      { kind: 'paragraph', runs: [{ text: '@张三' }] },
    ])
    expect(xmlFragmentToBlocks(d.getXmlFragment('empty'))).toEqual([])
  })
})
