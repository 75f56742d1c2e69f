/**
 * @module admin/importTemplates
 * The empty files an admin downloads to fill in (SPEC §11): 单位导入模板 (区县, 乡镇/街道,
 * 村/社区, 网格) and 用户导入模板 (用户名, 姓名, 单位, 角色, 初始密码), as xlsx (header row styled,
 * a note on what each column takes) or csv (UTF-8 with BOM, so Excel opens it right).
 */
import type { AdminColumn } from './adminTable'

export interface TemplateFile {
  name: string
  type: string
  body: Uint8Array
}

const NOTES: Record<string, string> = {
  区县: '必填，如：亭湖区',
  '乡镇/街道': '必填，如：城东街道',
  '村/社区': '可空：网格直接在乡镇/街道下时留空',
  网格: '可空：只建到乡镇/街道或村/社区时留空',
  用户名: '必填，2–64 个字符，不含空格',
  姓名: '必填',
  单位: '区县以下的路径，如：城东街道/幸福社区/第一网格；或全区唯一的单位名称',
  角色: '填报员、组长、审核员、查阅、管理员，可填多个，用顿号隔开',
  初始密码: '可空：留空则自动生成，导入后显示一次；至少 8 位',
}

export async function importTemplate(
  kind: 'units' | 'users',
  columns: readonly AdminColumn<string>[],
  format: 'xlsx' | 'csv',
): Promise<TemplateFile> {
  const headers = columns.map((c) => c.names[0]!)
  const base = kind === 'units' ? '单位导入模板' : '用户导入模板'
  if (format === 'csv') {
    const text = '\uFEFF' + headers.join(',') + '\r\n'
    return {
      name: `${base}.csv`,
      type: 'text/csv; charset=utf-8',
      body: new TextEncoder().encode(text),
    }
  }
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(kind === 'units' ? '单位' : '用户')
  sheet.addRow(headers)
  sheet.getRow(1).font = { bold: true }
  headers.forEach((h, i) => {
    const column = sheet.getColumn(i + 1)
    column.width = Math.max(14, [...h].length * 3)
    // the note sits on the header cell, so it never reads as a data row
    sheet.getCell(1, i + 1).note = NOTES[h] ?? ''
    column.numFmt = '@'
  })
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const buffer = await workbook.xlsx.writeBuffer()
  return {
    name: `${base}.xlsx`,
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: new Uint8Array(buffer as ArrayBuffer),
  }
}
