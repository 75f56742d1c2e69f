// The formula rule of SPEC §5, for every writer: = + - @ (and tab/CR before them) stay text.
import { describe, expect, it } from 'vitest'
import { csvText, looksLikeFormula, xlsxText, xlsxValue } from './safeCell'

describe('safeCell', () => {
  it('recognises text a spreadsheet would take as a formula', () => {
    for (const t of ['=1+1', '+86 138', '-5', '@SUM(A1)', '\t=1', '\r=1', '=']) {
      expect(looksLikeFormula(t), JSON.stringify(t)).toBe(true)
    }
    for (const t of ['组织名称', ' =1', '1-2', 'a=b', '', '＝1']) {
      expect(looksLikeFormula(t), JSON.stringify(t)).toBe(false)
    }
  })

  it("prefixes formula-looking CSV text with ' and leaves other text alone", () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`)
    expect(csvText('-1号楼')).toBe("'-1号楼")
    expect(csvText('\t=1')).toBe("'\t=1")
    expect(csvText('单独组建')).toBe('单独组建')
  })

  it('passes only primitives to xlsx cells, text cleaned of XML-invalid characters', () => {
    expect(xlsxValue('=SUM(1,2)')).toBe('=SUM(1,2)')
    expect(xlsxValue(12.5)).toBe(12.5)
    expect(xlsxValue(Number.NaN)).toBeNull()
    expect(xlsxValue(null)).toBeNull()
    expect(xlsxText('党\u0000支\u0007部\t一\n二')).toBe('党支部\t一\n二')
  })
})
