// Reading township files in-process: encodings, title rows, two-level headers with and
// without merges, typed errors. (The CLI tests run the same path as a child process.)
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { ledgerTemplate, tableToRows } from '@taizhang/schema'
import { decodeText } from './readCsv'
import { readTableBytes } from './readTable'
import { TableReadError } from './TableReadError'

const utf8 = (text: string) => new TextEncoder().encode(text)

async function readError(bytes: Uint8Array, file: string, maxBytes?: number) {
  try {
    await readTableBytes(bytes, file, ledgerTemplate, maxBytes ? { maxBytes } : {})
  } catch (e) {
    expect(e).toBeInstanceOf(TableReadError)
    return (e as TableReadError).message
  }
  throw new Error('expected a TableReadError')
}

describe('decodeText', () => {
  it('UTF-8 with and without BOM, UTF-16LE with BOM, GB18030 when not valid UTF-8', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('组织')]))).toBe('组织')
    expect(decodeText(utf8('组织'))).toBe('组织')
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xc4, 0x7e, 0xc7, 0x7e]))).toBe('组织')
    expect(decodeText(new Uint8Array([0xd7, 0xe9, 0xd6, 0xaf]))).toBe('组织')
  })
})

describe('readTableBytes: header detection', () => {
  it('skips title rows above a single-row header; rows numbered below the header', async () => {
    const csv =
      '东城街道两新组织台账\n填报单位：东城街道,,日期：2026-03-05\n组织名称,组织类别,从业人员数,组建方式\n\n甲,非公企业,5,未建立\n'
    const table = await readTableBytes(utf8(csv), '台账.csv', ledgerTemplate)
    expect(table.format).toBe('csv')
    expect(table.groups).toBeUndefined()
    expect(table.match.mapping).toEqual(['name', 'category', 'employees', 'orgForm'])
    expect(table.firstDataLine).toBe(4)
    const { rows } = tableToRows(ledgerTemplate, table.match.mapping, table.dataRows)
    expect(rows.map((r) => [r.dataRow, r.row.name])).toEqual([[2, '甲']])
  })

  it('a two-level header saved without merges takes empty lower cells from the group row', async () => {
    const csv =
      '组织名称,组织类别,人员,,党组织\n,,从业人员数,正式党员数,组建方式\n甲,非公企业,5,1,未建立\n'
    const table = await readTableBytes(utf8(csv), 'a.csv', ledgerTemplate)
    expect(table.match.mapping).toEqual(['name', 'category', 'employees', 'members', 'orgForm'])
    expect(table.match.unknown).toEqual([])
  })

  it('xlsx: merged group cells, formula results, a formula without a result reads as empty', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('a')
    ws.addRow(['组织名称', '组织类别', '人员', '', '党组织'])
    ws.addRow(['组织名称', '组织类别', '从业人员数', '正式党员数', '组建方式'])
    ws.mergeCells('C1:D1')
    ws.addRow(['甲', '非公企业', { formula: '2*3', result: 6 }, { formula: 'A9' }, '未建立'])
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const table = await readTableBytes(bytes, 'a.xlsx', ledgerTemplate)
    expect(table.groups?.slice(2, 4)).toEqual(['人员', '人员'])
    expect(table.dataRows[0]!.slice(0, 5)).toEqual(['甲', '非公企业', 6, null, '未建立'])
  })
  it('xlsx: a hidden first sheet is passed over; a styled empty cell far away adds nothing', async () => {
    const wb = new ExcelJS.Workbook()
    const hidden = wb.addWorksheet('选项', { state: 'hidden' })
    hidden.addRow(['组织类别', '非公企业', '社会组织'])
    const ws = wb.addWorksheet('台账')
    ws.addRow(['组织名称', '组织类别', '从业人员数', '组建方式'])
    ws.addRow(['甲', '非公企业', 5, '未建立'])
    ws.getCell(5000, 200).border = { top: { style: 'thin' } }
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const table = await readTableBytes(bytes, 'a.xlsx', ledgerTemplate)
    expect(table.headers).toEqual(['组织名称', '组织类别', '从业人员数', '组建方式'])
    expect(table.dataRows).toEqual([['甲', '非公企业', 5, '未建立']])
  })
})

describe('readTableBytes: typed errors naming the file', () => {
  it('refuses files over the size limit before reading them', async () => {
    expect(await readError(utf8('组织名称,组织类别\n'.repeat(100)), 'big.csv', 1024)).toBe(
      'big.csv：文件超过 1 KiB，请拆分后再试',
    )
  })
  it('old .xls, corrupt .xlsx, empty csv, no header, missing required column', async () => {
    expect(await readError(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'a.xls')).toContain(
      '不支持旧版 .xls 文件',
    )
    expect(await readError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), 'b.xlsx')).toBe(
      'b.xlsx：无法读取 xlsx 文件：文件已损坏或不是 Excel 文件',
    )
    expect(await readError(utf8('\r\n\r\n'), 'c.csv')).toBe('c.csv：文件为空')
    expect(await readError(utf8('标题\n甲,乙\n'), 'd.csv')).toContain('d.csv：未找到表头')
    expect(await readError(utf8('组织名称,组织类别\n甲,非公企业\n'), 'e.csv')).toBe(
      'e.csv：缺少必填列：从业人员数、组建方式',
    )
  })
})
