// The importer's decisions without a server: file type by content, header mapped by hand,
// rows rejected on row-local errors only (warnings pass), matched by normalised credit code,
// a code repeated within the file rejected, new rows storing only filled cells.
import { appendRows, ledgerTemplate, readRows, withCheckChar, type Row } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TableReadError } from '../files/TableReadError'
import {
  checkHandMapping,
  importIntoDoc,
  planImport,
  readImportFile,
  sniffFileKind,
} from './importLedger'

const code = withCheckChar('91320902MA1BBBB01')
const file = (text: string) => new TextEncoder().encode(text)

describe('importLedger', () => {
  it('tells xlsx, csv and anything else apart by content', () => {
    expect(sniffFileKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]), 'a.bin')).toBe('xlsx')
    expect(sniffFileKind(file('组织名称,组织类别\n'), 'a.xlsx')).toBe('csv')
    expect(() => sniffFileKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]), 'a.csv')).toThrow(
      /不支持的文件类型/,
    )
    expect(() => sniffFileKind(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1]), 'a.xls')).toThrow(
      TableReadError,
    )
  })

  it('plans new rows, updates by normalised code, and rejects errors but not warnings', async () => {
    const prepared = await readImportFile(
      file(
        '单位全称,统一社会信用代码,组织类别,从业人员数,正式党员数,组建方式\n' +
          `甲公司,${code.toLowerCase()},非公企业,120,0,未建立\n` + // warnings only
          '乙公司,,非公企业,2,5,未建立\n' + // members > employees: error
          `丙公司,${code},非公企业,3,0,未建立\n`, // same code as row 1 of the file
      ),
      'a.csv',
      ledgerTemplate,
      { mapping: checkHandMapping(ledgerTemplate, { 单位全称: 'name' }) },
    )
    const existing: Row[] = [{ id: 'old', name: '甲公司（旧名）', creditCode: code, employees: 1 }]
    const plan = planImport(ledgerTemplate, prepared, existing)
    expect(plan.updates).toEqual([
      {
        rowId: 'old',
        values: {
          name: '甲公司',
          creditCode: code,
          category: '非公企业',
          employees: 120,
          members: 0,
          orgForm: '未建立',
        },
      },
    ])
    expect(plan.append).toEqual([])
    expect(plan.rejected.map((r) => r.row)).toEqual([2, 3])
    expect(plan.rejected[1]!.reasons[0]).toMatch(/与文件第 1 行重复/)
  })

  it('applies a plan in one transaction, storing only filled cells of new rows', async () => {
    const doc = new Y.Doc()
    appendRows(doc, [{ id: 'a', name: '已有公司' }])
    const prepared = await readImportFile(
      file('组织名称,组织类别,从业人员数,组建方式,备注\n新公司,社会组织,5,未建立,\n'),
      'b.csv',
      ledgerTemplate,
    )
    let updates = 0
    doc.on('update', () => updates++)
    const plan = importIntoDoc(doc, ledgerTemplate, prepared)
    expect(plan.append).toHaveLength(1)
    expect(updates).toBe(1)
    const rows = readRows(doc)
    expect(rows.map((r) => r.name)).toEqual(['已有公司', '新公司'])
    expect(Object.keys(rows[1]!).sort()).toEqual(['category', 'employees', 'id', 'name', 'orgForm'])
  })

  it("reads a CSV cell written as '=… (formula-looking text) as the text itself", async () => {
    const prepared = await readImportFile(
      file("组织名称,组织类别,从业人员数,组建方式,备注\n'=甲公司,社会组织,5,未建立,'+86\n"),
      'c.csv',
      ledgerTemplate,
    )
    expect(prepared.rows[0]!.row).toMatchObject({ name: '=甲公司', note: '+86' })
  })

  it('refuses a hand mapping to a column the template does not have', () => {
    expect(() => checkHandMapping(ledgerTemplate, { 表头: 'nope' })).toThrow(/列映射无效/)
    expect(checkHandMapping(ledgerTemplate, { 表头: null, 别的: '' })).toEqual({
      表头: null,
      别的: null,
    })
  })
})
