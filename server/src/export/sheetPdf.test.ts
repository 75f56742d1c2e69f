// PDF exports read back with poppler: Chinese title, 第 x 页 共 y 页, the version, the
// embedded subset font, landscape for the wide ledger, one 督查反馈单 page per organisation.
import { describe, expect, it } from 'vitest'
import { ledgerTemplate, scoringTemplate, type Row } from '@taizhang/schema'
import { pdfFonts, pdfPages, pdfText } from '../test/pdfText'
import { writeScoringPdf, writeSheetPdf } from './sheetPdf'
import { LEDGER_ROWS, META, SCORING_ROWS } from '../test/exportRows'

describe('writeSheetPdf (ledger)', async () => {
  // Enough rows for several pages, so the page footer counts.
  const many: Row[] = Array.from({ length: 60 }, (_, i) => ({
    ...LEDGER_ROWS[i % 3]!,
    id: `m${i}`,
    name: `${LEDGER_ROWS[i % 3]!.name as string}${i + 1}`,
  }))
  const pdf = await writeSheetPdf({ template: ledgerTemplate, rows: many, meta: META })
  const pages = pdfPages(pdf)

  it('has the Chinese title, header and rows', () => {
    const text = pdfText(pdf)
    expect(text).toContain('城东街道幸福社区2026年网格台账')
    expect(text).toContain('组织名称')
    expect(text).toContain('六有')
    expect(text).toContain('盐城黄海')
    expect(text).toContain('13912345678')
    expect(text).toContain(LEDGER_ROWS[0]!.creditCode as string)
    expect(text).toContain('填报人：王丽')
    expect(text).toContain('审核人：张建国')
  })

  it('numbers the pages 第 x 页 共 y 页 and shows the version on each', () => {
    expect(pages).toBeGreaterThan(1)
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(pdf, page)
      expect(text).toContain(`第${page}页共${pages}页`)
      expect(text).toContain('版本9f2c4e1a')
    }
    // The header repeats on every page.
    expect(pdfText(pdf, pages)).toContain('组织名称')
  })

  it('embeds a subset of the Chinese font and is landscape A4', () => {
    expect(pdfFonts(pdf)).toMatch(/\+NotoSansSC-Regular.*yes\s+yes/)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.28\d*\]/)
  })
})

describe('writeScoringPdf', async () => {
  const meta = { ...META, title: '2026年督查评分表' }
  const pdf = await writeScoringPdf({ template: scoringTemplate, rows: SCORING_ROWS, meta })
  const feedbackOnly = await writeScoringPdf(
    { template: scoringTemplate, rows: SCORING_ROWS, meta },
    { table: false },
  )

  it('has one 督查反馈单 page per organisation', () => {
    expect(pdfPages(feedbackOnly)).toBe(SCORING_ROWS.length)
    SCORING_ROWS.forEach((row, i) => {
      const text = pdfText(feedbackOnly, i + 1)
      expect(text).toContain('督查反馈单')
      expect(text).toContain(row.org as string)
      expect(text).toContain(row.creditCode as string)
      expect(text).toContain('督查组长（签字）')
      expect(text).toContain('被督查单位负责人（签字）')
      expect(text).toContain(`第${i + 1}页共${SCORING_ROWS.length}页`)
    })
  })

  it('shows each criterion with max and score, the total, grade and rectification', () => {
    const first = pdfText(feedbackOnly, 1)
    expect(first).toContain('三会一课与组织生活108')
    expect(first).toContain('总分10096.5')
    expect(first).toContain('等次优秀')
    const second = pdfText(feedbackOnly, 2)
    expect(second).toContain('总分10067')
    expect(second).toContain('等次合格')
    expect(second).toContain('限期补齐标识和制度')
    expect(second).toContain('整改期限2026-06-30')
  })

  it('puts the table first, then the feedback pages', () => {
    const pages = pdfPages(pdf)
    expect(pages).toBe(1 + SCORING_ROWS.length)
    expect(pdfText(pdf, 1)).toContain('城东街道幸福社区2026年督查评分表')
    expect(pdfText(pdf, 1)).toContain('组织建设')
    expect(pdfText(pdf, 1)).toContain('96.5优秀')
    expect(pdfText(pdf, 2)).toContain('督查反馈单')
  })
})
