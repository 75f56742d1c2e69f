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
function inlineRuns(element: Y.XmlElement | Y.XmlFragment): Run[] {
  const runs: Run[] = []
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...textRuns(child))
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' })
      else runs.push(...inlineRuns(child))
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

/** All text of a node, for elements this model does not know. */
function plainText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText)
    return textRuns(node)
      .map((r) => r.text)
      .join('')
  if (node instanceof Y.XmlElement)
    return node
      .toArray()
      .map((c) => plainText(c))
      .join('')
  return ''
}

function spanOf(value: unknown): number {
  const n = Number(value)
  return Number.isInteger(n) && n > 1 ? n : 1
}

function elementBlocks(element: Y.XmlElement): Block[] {
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
            .map((item) => childBlocks(item)),
        },
      ]
    case 'table':
      return [
        {
          kind: 'table',
          rows: element
            .toArray()
            .filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
            .map((row) =>
              row
                .toArray()
                .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
                .map((cell) => ({
                  blocks: childBlocks(cell),
                  header: cell.nodeName === 'tableHeader',
                  colSpan: spanOf(cell.getAttribute('colspan')),
                  rowSpan: spanOf(cell.getAttribute('rowspan')),
                })),
            ),
        },
      ]
    case 'blockquote':
    case 'listItem':
    case 'tableCell':
    case 'tableHeader':
      return childBlocks(element)
    case 'horizontalRule':
      return []
    default: {
      const text = plainText(element)
      return text ? [{ kind: 'paragraph', runs: [{ text }] }] : []
    }
  }
}

function childBlocks(parent: Y.XmlElement | Y.XmlFragment): Block[] {
  const blocks: Block[] = []
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlElement) blocks.push(...elementBlocks(child))
    else if (child instanceof Y.XmlText) {
      const runs = mergeRuns(textRuns(child))
      if (runs.length) blocks.push({ kind: 'paragraph', runs })
    }
  }
  return blocks
}

/** The blocks of a report section, in document order. */
export function xmlFragmentToBlocks(fragment: Y.XmlFragment): Block[] {
  return childBlocks(fragment)
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
