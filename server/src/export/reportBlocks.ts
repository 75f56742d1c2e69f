/**
 * @module export/reportBlocks
 * A report section's rich text (a `Y.XmlFragment` in the y-prosemirror layout Tiptap
 * writes: paragraph, heading, bulletList/orderedList → listItem, table → tableRow →
 * tableCell/tableHeader, blockquote, hardBreak, and text whose formatting attributes
 * are the marks bold/italic/underline/strike) → a small block model that document
 * writers render. Pure: reads the fragment, never changes it. Unknown nodes keep their
 * text as paragraphs, so nothing a user wrote disappears from an export.
 * Not for: writing any format (reportDocx.ts), or editing (the client's editor).
 */
import * as Y from 'yjs'

/** A stretch of text with one set of marks; `\n` is a line break inside a paragraph. */
export interface Run {
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
  strike?: boolean
}

export interface TableCellBlock {
  blocks: Block[]
  header: boolean
  colSpan: number
  rowSpan: number
}

export type Block =
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'list'; ordered: boolean; items: Block[][] }
  | { kind: 'table'; rows: TableCellBlock[][] }

const MARKS = ['bold', 'italic', 'underline', 'strike'] as const

/** Runs of one Y.XmlText, marks taken from its formatting attributes. */
function textRuns(text: Y.XmlText): Run[] {
  const runs: Run[] = []
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue
    const run: Run = { text: op.insert }
    for (const mark of MARKS) {
      const v = op.attributes?.[mark]
      // y-prosemirror stores a mark as its attrs object ({}); a plain true also counts.
      if (v !== undefined && v !== null && v !== false) run[mark] = true
    }
    runs.push(run)
  }
  return runs
}

/** The inline content of a paragraph-like element. */
function inlineRuns(element: Y.XmlElement | Y.XmlFragment, depth = 0): Run[] {
  const runs: Run[] = []
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...textRuns(child))
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' })
      else if (depth >= MAX_DEPTH) runs.push({ text: plainText(child) })
      else runs.push(...inlineRuns(child, depth + 1))
    }
  }
  return mergeRuns(runs)
}

const sameMarks = (a: Run, b: Run) => MARKS.every((m) => !a[m] === !b[m])

/** Adjacent runs with the same marks become one. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = []
  for (const run of runs) {
    const last = out[out.length - 1]
    if (last && sameMarks(last, run)) last.text += run.text
    else out.push({ ...run })
  }
  return out
}

/**
 * What the model takes from a report, whatever its document holds (docs/RELIABILITY.md §3: a cell's
 * `colspan` of 400,000 took 2.9 s and 370 MB to export). Word's own limit is 63 columns;
 * cells past it join the row's last cell, rows past `MAX_TABLE_ROWS` follow the table as
 * paragraphs, spans are cut to the table (and to `MAX_SPANNED_CELLS` cells they cover
 * beyond their own, per table); elements nested deeper than `MAX_DEPTH` keep
 * their text as one paragraph (read without recursion). Nothing a user wrote is dropped.
 */
export const MAX_TABLE_COLUMNS = 63
export const MAX_TABLE_ROWS = 1000
export const MAX_SPANNED_CELLS = 2000
export const MAX_DEPTH = 24

/** All text of a node, for elements this model does not know (iterative: any depth). */
function plainText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  let text = ''
  const stack: (Y.XmlElement | Y.XmlText | Y.XmlHook)[] = [node]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (next instanceof Y.XmlText) {
      text += textRuns(next)
        .map((r) => r.text)
        .join('')
    } else if (next instanceof Y.XmlElement) {
      const children = next.toArray()
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
    }
  }
  return text
}

/** A span attribute as a count from 1 to `max`. */
function spanOf(value: unknown, max: number): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 1 ? Math.min(n, Math.max(1, max)) : 1
}

/**
 * A table's rows and cells, clamped to the limits above. Every row, with what spans into it
 * from the rows above, is at most `MAX_TABLE_COLUMNS` wide (one column always stays free
 * of spans from above), and the cells spans cover beyond their own add up to at most
 * `MAX_SPANNED_CELLS` (a rowspan is what makes a writer add cells to every row below).
 */
function tableBlocks(element: Y.XmlElement, depth: number): Block[] {
  const rowElements = element.toArray().filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
  const kept = rowElements.slice(0, MAX_TABLE_ROWS)
  /** Width covered in each row by cells spanning down from the rows above. */
  const carried = new Array<number>(kept.length).fill(0)
  let spanned = 0
  const rows = kept.map((row, r) => {
    const cells: TableCellBlock[] = []
    const room = MAX_TABLE_COLUMNS - carried[r]!
    let width = 0
    for (const cell of row.toArray()) {
      if (!(cell instanceof Y.XmlElement)) continue
      const blocks = childBlocks(cell, depth + 1)
      if (width >= room && cells.length > 0) {
        cells[cells.length - 1]!.blocks.push(...blocks)
        continue
      }
      let colSpan = spanOf(cell.getAttribute('colspan'), room - width)
      let rowSpan = spanOf(cell.getAttribute('rowspan'), kept.length - r)
      if (rowSpan > 1) {
        let fits = true
        for (let below = r + 1; below < r + rowSpan && fits; below++) {
          fits = carried[below]! + colSpan < MAX_TABLE_COLUMNS
        }
        if (!fits || spanned + colSpan * rowSpan > MAX_SPANNED_CELLS) rowSpan = 1
        else for (let below = r + 1; below < r + rowSpan; below++) carried[below]! += colSpan
      }
      if (spanned + colSpan * rowSpan - 1 > MAX_SPANNED_CELLS) colSpan = 1
      spanned += colSpan * rowSpan - 1
      width += colSpan
      cells.push({ blocks, header: cell.nodeName === 'tableHeader', colSpan, rowSpan })
    }
    return cells
  })
  const rest = rowElements.slice(MAX_TABLE_ROWS).flatMap((row) => {
    const text = row
      .toArray()
      .map((cell) => (cell instanceof Y.XmlElement ? plainText(cell) : ''))
      .join('　')
    return text ? [{ kind: 'paragraph' as const, runs: [{ text }] }] : []
  })
  return [{ kind: 'table', rows }, ...rest]
}

function elementBlocks(element: Y.XmlElement, depth: number): Block[] {
  if (depth > MAX_DEPTH) {
    const text = plainText(element)
    return text ? [{ kind: 'paragraph', runs: [{ text }] }] : []
  }
  switch (element.nodeName) {
    case 'paragraph':
      return [{ kind: 'paragraph', runs: inlineRuns(element) }]
    case 'heading': {
      const level = Number(element.getAttribute('level') ?? 1)
      return [
        { kind: 'heading', level: level >= 1 && level <= 6 ? level : 1, runs: inlineRuns(element) },
      ]
    }
    case 'bulletList':
    case 'orderedList':
      return [
        {
          kind: 'list',
          ordered: element.nodeName === 'orderedList',
          items: element
            .toArray()
            .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
            .map((item) => childBlocks(item, depth + 1)),
        },
      ]
    case 'table':
      return tableBlocks(element, depth)
    case 'blockquote':
    case 'listItem':
    case 'tableCell':
    case 'tableHeader':
      return childBlocks(element, depth + 1)
    case 'horizontalRule':
      return []
    default: {
      const text = plainText(element)
      return text ? [{ kind: 'paragraph', runs: [{ text }] }] : []
    }
  }
}

function childBlocks(parent: Y.XmlElement | Y.XmlFragment, depth: number): Block[] {
  const blocks: Block[] = []
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) blocks.push(...elementBlocks(child, depth))
    else if (child instanceof Y.XmlText) {
      const runs = mergeRuns(textRuns(child))
      if (runs.length) blocks.push({ kind: 'paragraph', runs })
    }
  }
  return blocks
}

/** The blocks of a report section, in document order. */
export function xmlFragmentToBlocks(fragment: Y.XmlFragment): Block[] {
  return childBlocks(fragment, 0)
}

/** The plain text of blocks, paragraphs separated by newlines (tests, previews). */
export function blocksToText(blocks: readonly Block[]): string {
  const lines: string[] = []
  for (const block of blocks) {
    if (block.kind === 'list') for (const item of block.items) lines.push(blocksToText(item))
    else if (block.kind === 'table') {
      for (const row of block.rows) lines.push(row.map((c) => blocksToText(c.blocks)).join('\t'))
    } else lines.push(block.runs.map((r) => r.text).join(''))
  }
  return lines.join('\n')
}
