/**
 * @module tests/helpers/xlsxFile
 * A minimal xlsx written by hand (JSZip), for the suites that need a file exceljs would
 * never write: rows past Excel's limits, cell references past XFD, a worksheet padded to a
 * huge compression ratio. Its first worksheet holds the ledger's header row, then `rowsXml`.
 */
import JSZip from 'jszip'

export const LEDGER_HEADERS = [
  '组织名称',
  '统一社会信用代码',
  '组织类别',
  '从业人员数',
  '正式党员数',
]

/** A minimal xlsx whose first worksheet is `rowsXml` under the ledger's header row. */
export async function ledgerXlsx(rowsXml: string, { pad = '' } = {}): Promise<Buffer> {
  const zip = new JSZip()
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  )
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  )
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
  )
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  )
  const cell = (ref: string, text: string) =>
    `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`
  const header = `<row r="1">${LEDGER_HEADERS.map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${rowsXml}</sheetData>${pad ? `<!--${pad}-->` : ''}</worksheet>`,
  )
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** A data row `r` with a name in `column` and 组织类别 in C. */
export const dataRow = (r: number, name = `公司${r}`, column = 'A') =>
  `<row r="${r}"><c r="${column}${r}" t="inlineStr"><is><t>${name}</t></is></c><c r="C${r}" t="inlineStr"><is><t>非公企业</t></is></c></row>`
