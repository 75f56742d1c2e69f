/**
 * @module doc/reportDoc
 * The Yjs layout of a 调研报告 (SPEC §2.3, §6.3) beyond `meta`: each section is a
 * top-level `Y.XmlFragment` named by its id (basic, practices, problems, nextSteps) in
 * the y-prosemirror layout Tiptap binds to, and 基本情况 may hold one statistics table
 * filled from the unit's consolidation. `writeStatsTable` inserts that table or, when
 * one is already there (marked `stats="1"`), replaces it in place, so 刷新 never leaves
 * two tables and never touches the text around it.
 * Not for: rich-text editing (the client's editor) or exporting (server/src/export).
 */
import * as Y from 'yjs'

export const REPORT_SECTIONS = ['basic', 'practices', 'problems', 'nextSteps'] as const
export type ReportSectionId = (typeof REPORT_SECTIONS)[number]

export function reportFragment(doc: Y.Doc, section: ReportSectionId): Y.XmlFragment {
  return doc.getXmlFragment(section)
}

/** A paragraph element holding `text` (empty text: an empty paragraph). */
function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  if (text) {
    const t = new Y.XmlText()
    t.insert(0, text)
    p.insert(0, [t])
  }
  return p
}

/** A table element: the first row header cells, the rest data cells. */
function tableElement(rows: readonly (readonly string[])[]): Y.XmlElement {
  const table = new Y.XmlElement('table')
  table.setAttribute('stats', '1')
  table.insert(
    0,
    rows.map((cells, r) => {
      const row = new Y.XmlElement('tableRow')
      row.insert(
        0,
        cells.map((text) => {
          const cell = new Y.XmlElement(r === 0 ? 'tableHeader' : 'tableCell')
          cell.insert(0, [paragraph(text)])
          return cell
        }),
      )
      return row
    }),
  )
  return table
}

/** Index of the statistics table in the fragment, or -1. */
export function statsTableIndex(fragment: Y.XmlFragment): number {
  return fragment
    .toArray()
    .findIndex(
      (node) =>
        node instanceof Y.XmlElement &&
        node.nodeName === 'table' &&
        String(node.getAttribute('stats')) === '1',
    )
}

/**
 * Puts the statistics table `rows` (header row first) into 基本情况: replaces the one
 * already there, or inserts it at the top, followed by a source line. One transaction.
 */
export function writeStatsTable(
  doc: Y.Doc,
  rows: readonly (readonly string[])[],
  source: string,
  section: ReportSectionId = 'basic',
): void {
  const fragment = reportFragment(doc, section)
  doc.transact(() => {
    const at = statsTableIndex(fragment)
    if (at >= 0) {
      fragment.delete(at, 1)
      fragment.insert(at, [tableElement(rows)])
      const next = fragment.get(at + 1)
      if (next instanceof Y.XmlElement && String(next.getAttribute('stats')) === 'source') {
        fragment.delete(at + 1, 1)
      }
      fragment.insert(at + 1, [sourceLine(source)])
      return
    }
    fragment.insert(0, [tableElement(rows), sourceLine(source)])
  })
}

function sourceLine(text: string): Y.XmlElement {
  const p = paragraph(text)
  p.setAttribute('stats', 'source')
  return p
}
