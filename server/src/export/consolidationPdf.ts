/**
 * @module export/consolidationPdf
 * The 汇总表 as PDF (SPEC §2.4, §5), of a ledger or of scoring sheets: landscape A4, title and generation time, the same
 * grouped header and cells as the xlsx (consolidationTable.ts), 合计 in bold, the note
 * about rows with errors, the signature block, 第 x 页 共 y 页 on every page.
 * Not for: computing indicators (schema `consolidateLedger`).
 */
import { chinaTime, signatureFields } from '@taizhang/schema'
import { consolidationTable, errorRowsNote, type AnyConsolidation } from './consolidationTable'
import type { ConsolidationExportOptions } from './consolidationXlsx'
import { renderPdf, type Content } from './fonts'
import {
  GRID_LAYOUT,
  PAGE_MARGINS,
  contentWidth,
  fitWidths,
  headerRows,
  pageFooter,
  signatureBlock,
} from './pdfParts'

/** The consolidation as PDF bytes. */
export async function writeConsolidationPdf(
  result: AnyConsolidation,
  {
    title,
    unitName,
    rowsWithErrors,
    generatedAt = new Date().toISOString(),
  }: ConsolidationExportOptions,
): Promise<Buffer> {
  const { columns, rows } = consolidationTable(result)
  const widths = fitWidths(
    columns.map((c) => c.width),
    contentWidth(true),
  )
  const body: Content[][] = [
    ...headerRows(columns),
    ...rows.map((cells, i) => {
      const bold = i === rows.length - 1
      return cells.map((cell): Content => {
        if (cell.kind === 'unit') return { text: cell.text, bold }
        const text = cell.kind === 'count' ? String(cell.value) : cell.text
        // below its target (SPEC §7): red, with a mark that survives black-and-white printing
        if (cell.below)
          return { text: `▼${text}`, bold: true, color: '#c00000', alignment: 'right' }
        return { text, bold, alignment: text === '—' ? 'center' : 'right' }
      })
    }),
  ]
  const note = errorRowsNote(rowsWithErrors)
  const content: Content[] = [
    { text: `${unitName} ${title}`, fontSize: 15, bold: true, alignment: 'center' },
    {
      text: `生成时间 ${chinaTime(generatedAt)}`,
      fontSize: 8,
      alignment: 'right',
      margin: [0, 2, 0, 4],
    },
    {
      table: { headerRows: 2, widths, body, dontBreakRows: true },
      layout: GRID_LAYOUT,
      fontSize: columns.length > 12 ? 6.5 : 10,
    },
    ...(note ? [{ text: note, fontSize: 9, margin: [0, 6, 0, 0] }] : []),
    signatureBlock(signatureFields({ unitName }).filter((f) => f.label !== '填报单位')),
  ]
  return renderPdf({
    info: { title: `${unitName} ${title}` },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: PAGE_MARGINS,
    footer: pageFooter(`生成时间 ${chinaTime(generatedAt)}`, unitName),
    defaultStyle: { fontSize: 10, lineHeight: 1.15 },
    content,
  })
}
