/**
 * @module export/consolidationXlsx
 * The 汇总表 as xlsx (SPEC §2.4, §5; `taizhang consolidate --out` and the
 * consolidation export route), of a ledger or of scoring sheets (平均分, 等次分布, 问题数):
 * title, generation time, merged group headers over the indicator columns, one row per
 * child unit and 合计, rates as numbers shown "28.8%"
 * (the exact `pct`, with a number format rather than Excel's own rounding of a
 * fraction) or "—", the note about rows with errors, and the signature row.
 * Not for: computing indicators (schema `consolidateLedger`).
 */
import type { Style } from 'exceljs'
import {
  FIRST_DATA_ROW,
  STYLES,
  chinaTime,
  sheetName,
  signatureFields,
  writeFooter,
  writeTitleAndHeader,
} from '@taizhang/schema'
import { consolidationTable, errorRowsNote, type AnyConsolidation } from './consolidationTable'
import { ExcelJS } from './xlsxWorkbook'

export interface ConsolidationExportOptions {
  /** e.g. 2026年网格台账汇总表. */
  title: string
  /** The unit consolidating (its children are the rows). */
  unitName: string
  /** Rows with `error` findings that were counted anyway. */
  rowsWithErrors?: number
  /** ISO time the figures were computed; default now. */
  generatedAt?: string
}

const RATE_STYLE: Partial<Style> = { ...STYLES.percent, numFmt: '0.0"%"' }
const SCORE_STYLE: Partial<Style> = { ...STYLES.number, numFmt: '0.0' }
const DASH_STYLE: Partial<Style> = { ...STYLES.center }
const TOTAL_FONT = { ...STYLES.text.font, bold: true }

/** The consolidation as xlsx bytes. */
export async function writeConsolidationXlsx(
  result: AnyConsolidation,
  {
    title,
    unitName,
    rowsWithErrors,
    generatedAt = new Date().toISOString(),
  }: ConsolidationExportOptions,
): Promise<Buffer> {
  const { columns, rows } = consolidationTable(result)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Taizhang 台账'
  workbook.title = `${unitName} ${title}`
  const ws = workbook.addWorksheet(sheetName(title), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: FIRST_DATA_ROW - 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
    },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  })
  ws.columns = columns.map((c) => ({ width: Math.round(c.width * 1.25) + 2 }))
  writeTitleAndHeader(ws, `${unitName} ${title}`, `生成时间 ${chinaTime(generatedAt)}`, columns)

  rows.forEach((cells, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i)
    const total = i === rows.length - 1
    cells.forEach((cell, c) => {
      const target = row.getCell(c + 1)
      if (cell.kind === 'unit') {
        target.value = cell.text
        target.style = STYLES.text
      } else if (cell.kind === 'count') {
        target.value = cell.value
        target.style = STYLES.number
      } else if (cell.kind === 'score') {
        target.value = cell.value ?? cell.text
        target.style = cell.value === null ? DASH_STYLE : SCORE_STYLE
      } else if (cell.rate.pct === null) {
        target.value = cell.text
        target.style = DASH_STYLE
      } else {
        target.value = cell.rate.pct
        target.style = RATE_STYLE
      }
      if (total) target.font = TOTAL_FONT
      // below its target (SPEC §7): red, so a reviewer sees it at a glance
      if (cell.below) target.font = { ...target.font, color: { argb: 'FFC00000' }, bold: true }
    })
  })

  let next = FIRST_DATA_ROW + rows.length + 1
  const note = errorRowsNote(rowsWithErrors)
  if (note) {
    const cell = ws.getCell(next, 1)
    cell.value = note
    cell.style = STYLES.footer
    ws.mergeCells(next, 1, next, columns.length)
    next += 1
  }
  writeFooter(ws, next, columns.length, signatureFields({ unitName }))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
