/**
 * @module report/tableNodes
 * Just enough table for the report: `table` → `tableRow` → `tableHeader` / `tableCell`
 * (each holding paragraphs), the node names the server's docx export reads
 * (server/src/export/reportBlocks.ts). The table keeps a `stats` attribute so 刷新统计表
 * finds the table it inserted (schema `writeStatsTable`); a `stats="source"` paragraph
 * attribute marks the line under it. Cell text is editable; rows and columns are not
 * added by hand (the statistics table is regenerated instead), so no table-editing
 * package is needed.
 */
import { Extension, Node, mergeAttributes } from '@tiptap/core'

const statsAttr = {
  stats: {
    default: null,
    parseHTML: (el: HTMLElement) => el.getAttribute('data-stats'),
    renderHTML: (attrs: { stats?: string | null }) =>
      attrs.stats ? { 'data-stats': attrs.stats } : {},
  },
}

export const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  addAttributes: () => statsAttr,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: ({ HTMLAttributes }) => [
    'table',
    mergeAttributes(HTMLAttributes, { class: 'report-table' }),
    ['tbody', 0],
  ],
})

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)+',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: ({ HTMLAttributes }) => ['tr', HTMLAttributes, 0],
})

const cellAttrs = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
}

export const TableCell = Node.create({
  name: 'tableCell',
  content: 'block+',
  isolating: true,
  addAttributes: () => cellAttrs,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: ({ HTMLAttributes }) => ['td', HTMLAttributes, 0],
})

export const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'block+',
  isolating: true,
  addAttributes: () => cellAttrs,
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: ({ HTMLAttributes }) => ['th', HTMLAttributes, 0],
})

/** The `stats="source"` mark on the paragraph under the statistics table survives edits. */
export const StatsSource = Extension.create({
  name: 'statsSource',
  addGlobalAttributes: () => [{ types: ['paragraph'], attributes: statsAttr }],
})

export const tableNodes = [Table, TableRow, TableCell, TableHeader, StatsSource]
