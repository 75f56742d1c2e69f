/**
 * @module export/rectificationXlsx
 * The 整改台账 as xlsx (SPEC §9): one row per item with 序号, 组织名称, 存在问题, 整改要求, 整改期限,
 * 责任单位, 整改情况, 状态 (逾期 marked), 销号时间 and 佐证材料数. Every text goes in as a plain string
 * cell (never a formula: only primitives reach exceljs), with the characters XML cannot carry
 * dropped (schema `xlsxText`).
 * Not for: choosing or reading the items (routes/rectificationExport.ts).
 */
import {
  chinaTime,
  RECTIFICATION_STATUS_LABELS,
  STYLES,
  xlsxText,
  type RectificationItem,
} from '@taizhang/schema'
import { ExcelJS } from './xlsxWorkbook'

export const RECTIFICATION_HEADERS = [
  '序号',
  '组织名称',
  '存在问题',
  '整改要求',
  '整改期限',
  '责任单位',
  '整改情况',
  '状态',
  '销号时间',
  '佐证材料数',
] as const

export interface RectificationExportOptions {
  /** e.g. 城东街道整改台账. */
  title: string
  generatedAt?: string
}

/** The 状态 text: the label, with 逾期 beside an overdue item. */
export const statusText = (item: Pick<RectificationItem, 'status' | 'overdue'>): string =>
  `${RECTIFICATION_STATUS_LABELS[item.status]}${item.overdue ? '（逾期）' : ''}`

export async function writeRectificationXlsx(
  items: RectificationItem[],
  { title, generatedAt = new Date().toISOString() }: RectificationExportOptions,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Taizhang 台账'
  workbook.title = xlsxText(title)
  const ws = workbook.addWorksheet('整改台账', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  })
  const width = RECTIFICATION_HEADERS.length
  ws.columns = [6, 24, 32, 32, 12, 18, 32, 12, 18, 10].map((w) => ({ width: w }))
  ws.mergeCells(1, 1, 1, width)
  ws.getCell(1, 1).value = xlsxText(title)
  ws.getCell(1, 1).style = STYLES.title
  ws.getRow(1).height = 28
  ws.mergeCells(2, 1, 2, width)
  ws.getCell(2, 1).value = `生成时间：${chinaTime(generatedAt)}`
  ws.getCell(2, 1).style = STYLES.footer
  RECTIFICATION_HEADERS.forEach((h, i) => {
    const cell = ws.getCell(3, i + 1)
    cell.value = h
    cell.style = STYLES.header
  })
  items.forEach((item, i) => {
    const row = ws.addRow([
      i + 1,
      xlsxText(item.org),
      xlsxText(item.problems),
      xlsxText(item.requirement),
      item.deadline ?? '',
      xlsxText(item.unitName ?? ''),
      xlsxText(item.progress),
      statusText(item),
      item.closedAt && item.status === 'closed' ? chinaTime(item.closedAt) : '',
      item.evidence.length,
    ])
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style =
        col === 1 || col === 10
          ? STYLES.number
          : col === 5 || col === 8
            ? STYLES.center
            : STYLES.literal
    })
  })
  if (items.length === 0) ws.addRow(['', '（暂无整改事项）'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
