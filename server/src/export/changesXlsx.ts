/**
 * @module export/changesXlsx
 * The 变动情况表 (SPEC §8) as xlsx: for two periods (rounds) or two sheets, one worksheet with
 * every organisation added (新增) or removed (减少) and every changed cell (变更: 栏目, 原值,
 * 新值), unit by unit, and one with each indicator's 上期, 本期 and 增减. Text goes in as text
 * (never a formula), with the characters XML cannot carry dropped.
 * Not for: working out the changes (schema `compareRows`).
 */
import type { Comparison, GridTemplate } from '@taizhang/schema'
import { columnsOf, exportText, STYLES, xlsxText } from '@taizhang/schema'
import { ExcelJS } from './xlsxWorkbook'

export interface ChangesExportOptions {
  /** e.g. 城东街道 2026年第一季度与2025年第四季度变动情况表. */
  title: string
  template: GridTemplate
  /** Indicator labels by id (the template's indicators). */
  indicatorLabels: Record<string, string>
  generatedAt?: string
}

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object' && 'pct' in value) {
    const pct = (value as { pct: number | null }).pct
    return pct === null ? '—' : `${pct.toFixed(1)}%`
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}:${String(v)}`)
      .join(' ')
  }
  return xlsxText(String(value))
}

export async function writeChangesXlsx(
  comparison: Comparison,
  {
    title,
    template,
    indicatorLabels,
    generatedAt = new Date().toISOString(),
  }: ChangesExportOptions,
): Promise<Buffer> {
  const labels = new Map(columnsOf(template).map((c) => [c.id, c]))
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Taizhang 台账'
  workbook.title = title

  const ws = workbook.addWorksheet('变动情况', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  })
  const headers = ['序号', '单位', '变动', '组织名称', '栏目', '原值', '新值']
  ws.columns = [6, 20, 8, 30, 18, 24, 24].map((width) => ({ width }))
  ws.mergeCells(1, 1, 1, headers.length)
  ws.getCell(1, 1).value = xlsxText(title)
  ws.getCell(1, 1).style = STYLES.title
  ws.getRow(1).height = 28
  ws.mergeCells(2, 1, 2, headers.length)
  ws.getCell(2, 1).value = `生成时间：${generatedAt.slice(0, 19).replace('T', ' ')}（UTC）`
  ws.getCell(2, 1).style = STYLES.footer
  headers.forEach((h, i) => {
    const cell = ws.getCell(3, i + 1)
    cell.value = h
    cell.style = STYLES.header
  })
  let n = 0
  const add = (values: (string | number)[]) => {
    const row = ws.addRow(values.map((v) => (typeof v === 'string' ? xlsxText(v) : v)))
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style = col === 1 || col === 3 ? STYLES.center : STYLES.literal
    })
  }
  for (const unit of comparison.units) {
    const unitName = unit.unitName ?? ''
    for (const r of unit.added) add([++n, unitName, '新增', r.name ?? '', '', '', ''])
    for (const r of unit.removed) add([++n, unitName, '减少', r.name ?? '', '', '', ''])
    for (const ch of unit.changed) {
      const column = labels.get(ch.column)
      const show = (v: typeof ch.from) =>
        v === null ? '' : column ? exportText(column, v) : String(v)
      add([
        ++n,
        unitName,
        '变更',
        ch.name ?? '',
        column?.label ?? ch.column,
        show(ch.from),
        show(ch.to),
      ])
    }
  }
  if (n === 0) add(['', '', '', '（无变动）', '', '', ''])

  const wi = workbook.addWorksheet('指标变动', { views: [{ state: 'frozen', ySplit: 1 }] })
  wi.columns = [28, 16, 16, 12].map((width) => ({ width }))
  ;['指标', '上期', '本期', '增减'].forEach((h, i) => {
    const cell = wi.getCell(1, i + 1)
    cell.value = h
    cell.style = STYLES.header
  })
  for (const [id, d] of Object.entries(comparison.indicators)) {
    const row = wi.addRow([
      xlsxText(indicatorLabels[id] ?? id),
      cellText(d.from),
      cellText(d.to),
      d.delta === null ? '' : d.delta,
    ])
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style = col === 4 ? STYLES.number : STYLES.text
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
