// The fast grid renderer's edge cases: an empty sheet, a cell longer than a page,
// wrapping that keeps closing punctuation on its line, and tabs printed as spaces.
import { describe, expect, it } from 'vitest'
import { renderGridPdf, type GridColumn } from './gridPdf'
import { pdfPages, pdfText } from '../test/pdfText'

const columns: GridColumn[] = [
  { label: '组织名称', width: 120, align: 'left' },
  { label: '从业人员数', group: '人员', width: 50, align: 'right' },
  { label: '正式党员数', group: '人员', width: 50, align: 'right' },
  { label: '备注', width: 300, align: 'left' },
]
const base = {
  title: '幸福社区 网格台账',
  subtitle: '版本 12345678 · 2026-03-31 10:15',
  columns,
  fontSize: 9,
  landscape: false,
  footerLeft: '版本 12345678',
  footerRight: '幸福社区',
  signature: [
    { label: '填报人', value: '王丽' },
    { label: '审核人', value: '' },
  ],
}

describe('renderGridPdf', () => {
  it('writes title, header, footer and signature for an empty sheet', async () => {
    const pdf = await renderGridPdf({ ...base, rows: [] })
    expect(pdfPages(pdf)).toBe(1)
    const text = pdfText(pdf)
    for (const piece of [
      '幸福社区网格台账',
      '组织名称',
      '人员',
      '备注',
      '填报人：王丽',
      '审核人：',
      '第1页共1页',
    ]) {
      expect(text).toContain(piece)
    }
  })

  it('cuts a cell longer than a page with … instead of looping or overflowing', async () => {
    const long = '党建工作情况说明。'.repeat(600)
    const pdf = await renderGridPdf({
      ...base,
      rows: [
        ['盐城黄海精密机械有限公司', '126', '7', long],
        ['亭湖区城东晓雷小吃店', '6', '0', '\t=1+1'],
      ],
    })
    const pages = pdfPages(pdf)
    expect(pages).toBe(2)
    expect(pdfText(pdf, 1)).toContain('…')
    expect(pdfText(pdf, 1)).toContain('盐城黄海精密机械有限公司')
    // The second row moved to a new page under a repeated header.
    expect(pdfText(pdf, 2)).toContain('组织名称')
    expect(pdfText(pdf, 2)).toContain('亭湖区城东晓雷小吃店')
    expect(pdfText(pdf, 2)).toContain('=1+1')
    expect(pdfText(pdf, 2)).toContain('第2页共2页')
  })
})
