/**
 * @module test/reportDoc
 * A hand-built report in the y-prosemirror layout Tiptap writes (the shape the
 * collaborative editor stores, SPEC §6.3), for the report export tests: every section
 * with paragraphs, marks, a line break, lists, a heading and a statistics table.
 * Nodes are added to the document first and filled afterwards, as an editor does, so
 * Yjs never reads a type that is not yet in a document.
 * Not for: demo seeding.
 */
import * as Y from 'yjs'

/** Plain description of a node: text with marks, a line break, or an element. */
type Node =
  | string
  | { text: string; marks: Record<string, object> }
  | { name: string; attrs?: Record<string, string | number>; children?: Node[] }

function append(parent: Y.XmlFragment | Y.XmlElement, nodes: readonly Node[]): void {
  for (const node of nodes) {
    if (typeof node === 'string' || 'text' in node) {
      const text = new Y.XmlText()
      parent.push([text])
      if (typeof node === 'string') text.insert(0, node)
      else text.insert(0, node.text, node.marks)
      continue
    }
    const element = new Y.XmlElement(node.name)
    parent.push([element])
    for (const [k, v] of Object.entries(node.attrs ?? {})) element.setAttribute(k, v as never)
    append(element, node.children ?? [])
  }
}

const p = (...children: Node[]): Node => ({ name: 'paragraph', children })
const br: Node = { name: 'hardBreak' }
const el = (name: string, children: Node[], attrs?: Record<string, string | number>): Node => ({
  name,
  children,
  ...(attrs ? { attrs } : {}),
})
const cell = (text: string, name = 'tableCell', attrs?: Record<string, string | number>) =>
  el(name, [p(text)], attrs)
const li = (...children: Node[]) => el('listItem', children)

/** A Y.Doc holding the four report sections, filled in. */
export function buildReportDoc(): Y.Doc {
  const doc = new Y.Doc()
  append(doc.getXmlFragment('basic'), [
    p(
      '全街道共有两新组织',
      { text: '326', marks: { bold: {} } },
      '家，其中非公企业 241 家、社会组织 85 家。',
    ),
    el('table', [
      el('tableRow', [
        cell('指标', 'tableHeader'),
        cell('数量', 'tableHeader'),
        cell('覆盖率', 'tableHeader'),
      ]),
      el('tableRow', [cell('已建党组织数'), cell('198'), cell('60.7%')]),
      el('tableRow', [cell('合计', 'tableCell', { colspan: 2 }), cell('—')]),
    ]),
  ])
  append(doc.getXmlFragment('practices'), [
    el('heading', ['（一）抓组织覆盖'], { level: 2 }),
    p(
      '推行',
      { text: '“1+N”区域党支部', marks: { italic: {} } },
      '模式，',
      br,
      '实现小微企业全覆盖。',
    ),
    el('bulletList', [
      li(p('选派党建指导员 36 名')),
      li(p('建立“红色网格”'), el('orderedList', [li(p('每周走访一次'))])),
    ]),
  ])
  append(doc.getXmlFragment('problems'), [
    p(
      '部分企业',
      { text: '“六有”阵地', marks: { underline: {} } },
      '建设不达标，党建经费落实不到位。',
    ),
  ])
  append(doc.getXmlFragment('nextSteps'), [
    el('orderedList', [
      li(p('开展书记轮训，确保年度培训不少于7天')),
      li(p('落实党建经费不少于工资总额0.5%')),
    ]),
  ])
  return doc
}
