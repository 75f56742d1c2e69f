/**
 * @module export/reportDocx
 * 调研报告 as a Word document (SPEC §2.3, §5): the title, 调研单位/调研时间 lines, then
 * the four standard sections (一、基本情况 … 四、下一步打算, labels from the report
 * template) with their content rendered from the block model of `reportBlocks.ts`:
 * paragraphs with bold/italic/underline/strike runs and line breaks, headings, bullet
 * and numbered lists (nested), tables with merged cells. Fonts follow the usual look of
 * Party and government documents (GB/T 9704): 小标宋 title, 黑体 headings, 仿宋 body,
 * 三号 (16 pt), first-line indent of two characters.
 * Not for: reading Yjs (reportBlocks.ts) or HTTP.
 */
import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx'
import { reportTemplate, versionLabel, type SheetVersion } from '@taizhang/schema'
import type * as Y from 'yjs'
import { xmlFragmentToBlocks, type Block, type Run } from './reportBlocks'

export interface ReportExportInput {
  title: string
  surveyUnit: string
  surveyDate: string
  /** Section id (basic, practices, problems, nextSteps) → its rich text. */
  sections: Record<string, Y.XmlFragment | undefined>
  /** The report version the export came from, printed small at the end. */
  version?: SheetVersion
}

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' }
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' }
const TITLE_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '方正小标宋简体',
}
/** docx sizes are half-points: 三号 16 pt, 二号 22 pt, 四号 14 pt. */
const SIZE = { body: 32, title: 44, heading: 32, small: 21, table: 24 }
const ORDERED = 'report-ordered'

function runsOf(runs: readonly Run[], size = SIZE.body): ParagraphChild[] {
  const children: ParagraphChild[] = []
  for (const run of runs) {
    run.text.split('\n').forEach((part, i) => {
      children.push(
        new TextRun({
          text: part,
          ...(i > 0 ? { break: 1 } : {}),
          bold: run.bold ?? false,
          italics: run.italic ?? false,
          ...(run.underline ? { underline: {} } : {}),
          strike: run.strike ?? false,
          size,
        }),
      )
    })
  }
  return children
}

const indent = { firstLine: 640 } // two characters of 16 pt

function renderBlocks(blocks: readonly Block[], level = 0, inTable = false): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = []
  const size = inTable ? SIZE.table : SIZE.body
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
        out.push(
          new Paragraph({
            children: runsOf(block.runs, size),
            ...(inTable ? {} : { indent }),
            spacing: { line: inTable ? 300 : 560 },
          }),
        )
        break
      case 'heading':
        out.push(
          new Paragraph({
            children: runsOf(
              block.runs.map((r) => ({ ...r, bold: block.level >= 2 ? true : r.bold })),
              size,
            ),
            indent,
            spacing: { line: 560 },
          }),
        )
        break
      case 'list':
        block.items.forEach((item) => {
          // The item's first paragraph carries the bullet; anything after it is indented.
          const [first, ...rest] = item
          const consumed = first?.kind === 'paragraph' || first?.kind === 'heading'
          const runs = consumed ? first.runs : []
          out.push(
            new Paragraph({
              children: runsOf(runs, size),
              ...(block.ordered
                ? { numbering: { reference: ORDERED, level: Math.min(level, 8) } }
                : { bullet: { level: Math.min(level, 8) } }),
              spacing: { line: inTable ? 300 : 560 },
            }),
          )
          out.push(...renderBlocks(consumed ? rest : item, level + 1, inTable))
        })
        break
      case 'table':
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: block.rows.map(
              (row) =>
                new TableRow({
                  children: row.map(
                    (cell) =>
                      new TableCell({
                        columnSpan: cell.colSpan,
                        rowSpan: cell.rowSpan,
                        children: cellChildren(cell.blocks, cell.header),
                      }),
                  ),
                }),
            ),
          }),
        )
        // Word needs a paragraph between two tables, and after a table at the end.
        out.push(new Paragraph({ children: [] }))
        break
    }
  }
  return out
}

function cellChildren(blocks: readonly Block[], header: boolean): (Paragraph | Table)[] {
  const marked = header
    ? blocks.map((b) =>
        b.kind === 'paragraph' ? { ...b, runs: b.runs.map((r) => ({ ...r, bold: true })) } : b,
      )
    : blocks
  const children = renderBlocks(marked, 0, true)
  // A table cell must hold at least one paragraph.
  return children.length ? children : [new Paragraph({ children: [] })]
}

/** The report as .docx bytes. */
export async function writeReportDocx(input: ReportExportInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240, line: 700 },
      children: [new TextRun({ text: input.title, size: SIZE.title, font: TITLE_FONT })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `调研单位：${input.surveyUnit}`, size: SIZE.body })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: `调研时间：${input.surveyDate}`, size: SIZE.body })],
    }),
  ]
  for (const section of reportTemplate.sections) {
    children.push(
      new Paragraph({
        indent,
        spacing: { before: 120, line: 560 },
        children: [new TextRun({ text: section.label, size: SIZE.heading, font: HEADING_FONT })],
      }),
    )
    const fragment = input.sections[section.id]
    children.push(...renderBlocks(fragment ? xmlFragmentToBlocks(fragment) : []))
  }
  if (input.version) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: { before: 240 },
        children: [
          new TextRun({ text: versionLabel(input.version), size: SIZE.small, color: '808080' }),
        ],
      }),
    )
  }

  const doc = new Document({
    title: input.title,
    creator: 'Taizhang 台账',
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body } } } },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: level % 2 === 0 ? `%${level + 1}.` : `(%${level + 1})`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 640 * (level + 1), hanging: 400 } } },
          })),
        },
      ],
    },
    sections: [{ properties: {}, children }],
  })
  return Packer.toBuffer(doc)
}
