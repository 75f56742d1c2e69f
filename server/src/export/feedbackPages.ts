/**
 * @module export/feedbackPages
 * 督查反馈单 — the one-page feedback an inspection team leaves with each organisation
 * (SPEC §2.2): who was inspected and by whom, every criterion with its max and the score
 * given, 总分 and 等次, 存在问题, 整改要求, 整改期限, and the lines where 督查组长 and the
 * organisation's 负责人 sign and date. One portrait A4 page per scoring row; a row with a
 * rectification item (SPEC §9) also shows its status, 整改情况 and photos (feedbackRectification).
 * Not for: the scoring table itself (sheetPdf.ts).
 */
import type { CellValue, Row, ScoringTemplate, ExportMeta } from '@taizhang/schema'
import type { Content } from './fonts'
import { rectificationBlock, type FeedbackRectification } from './feedbackRectification'
import { GRID_LAYOUT, printable } from './pdfParts'

const text = (value: CellValue | undefined): string =>
  value === null || value === undefined ? '' : printable(String(value))

const label = (t: string): Content => ({ text: t, bold: true, fillColor: '#f2f2f2' })

/** The feedback page of one organisation; `row` must already carry total and grade. */
export function feedbackPage(
  template: ScoringTemplate,
  row: Row,
  meta: ExportMeta,
  {
    breakBefore,
    rectification,
    withPhotos = true,
  }: { breakBefore: boolean; rectification?: FeedbackRectification; withPhotos?: boolean },
): Content {
  const info: Content[][] = [
    [label('被督查单位'), { text: text(row.org), colSpan: 3 }, {}, {}],
    [label('统一社会信用代码'), text(row.creditCode), label('督查日期'), text(row.date)],
    [label('督查组'), text(row.team), label('督查员'), text(row.inspector)],
  ]

  const criteria: Content[][] = [
    ['类别', '评分项目', '分值', '得分'].map((t) => ({
      ...(label(t) as object),
      alignment: 'center',
    })),
  ]
  const groups = new Map<string, number>()
  for (const c of template.criteria) groups.set(c.group, (groups.get(c.group) ?? 0) + 1)
  let previous: string | null = null
  for (const c of template.criteria) {
    const first = c.group !== previous
    previous = c.group
    criteria.push([
      first ? { text: c.group, rowSpan: groups.get(c.group)!, alignment: 'center' } : {},
      c.label,
      { text: String(c.max), alignment: 'center' },
      { text: text(row[c.id]), alignment: 'center' },
    ])
  }
  const maxTotal = template.criteria.reduce((sum, c) => sum + c.max, 0)
  criteria.push([
    { ...(label('总分') as object), colSpan: 2, alignment: 'center' },
    {},
    { text: String(maxTotal), alignment: 'center', bold: true },
    { text: text(row.total), alignment: 'center', bold: true },
  ])
  criteria.push([
    { ...(label('等次') as object), colSpan: 2, alignment: 'center' },
    {},
    { text: text(row.grade), colSpan: 2, alignment: 'center', bold: true },
    {},
  ])

  const remarks: Content[][] = [
    [label('存在问题'), text(row.problems) || '无'],
    [label('整改要求'), text(row.rectification) || '无'],
    [label('整改期限'), text(row.deadline) || '—'],
  ]

  const signLine = (who: string): Content => ({
    width: '*',
    stack: [
      { text: [`${who}（签字）：`, { text: ' '.repeat(28), decoration: 'underline' }] },
      {
        margin: [0, 10, 0, 0],
        text: [
          '日期：',
          { text: ' '.repeat(10), decoration: 'underline' },
          ' 年 ',
          { text: '    ', decoration: 'underline' },
          ' 月 ',
          { text: '    ', decoration: 'underline' },
          ' 日',
        ],
      },
    ],
  })

  return {
    ...(breakBefore ? { pageBreak: 'before' } : {}),
    pageOrientation: 'portrait',
    stack: [
      { text: '督查反馈单', fontSize: 18, bold: true, alignment: 'center' },
      {
        text: `${meta.unitName} · ${template.name}`,
        fontSize: 9,
        alignment: 'center',
        margin: [0, 2, 0, 8],
      },
      {
        table: { widths: [90, '*', 60, '*'], body: info },
        layout: GRID_LAYOUT,
        fontSize: 10,
      },
      {
        margin: [0, 8, 0, 0],
        table: { headerRows: 1, widths: [80, '*', 40, 50], body: criteria, dontBreakRows: true },
        layout: GRID_LAYOUT,
        fontSize: 9,
      },
      {
        margin: [0, 8, 0, 0],
        table: { widths: [90, '*'], body: remarks },
        layout: GRID_LAYOUT,
        fontSize: 10,
      },
      ...(rectification ? [rectificationBlock(rectification, { withPhotos })] : []),
      {
        margin: [0, 20, 0, 0],
        columnGap: 24,
        columns: [signLine('督查组长'), signLine('被督查单位负责人')],
        fontSize: 10,
      },
    ],
  }
}
