/**
 * @module tests/security/filesDos
 * docs/RELIABILITY.md §3 on the real server: files a logged-in user makes the server read or write.
 * - the docx export clamps a table cell's colspan/rowspan and the table's size where the
 *   report is read (colspan 400,000 once took 2.9 s and 370 MB): spans end at Word's 63
 *   columns, rows past 1,000 follow the table as text;
 * - the xlsx import refuses a row past 1,048,576 and a column past XFD (16,384) before
 *   exceljs reads the file (row 3,000,000 cost 108 MB, row 1,000,000,000 crashed), stops at
 *   the sheet's row cap, and refuses a zip entry that inflates past its ratio or past what
 *   it declared, without inflating it whole.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { updateFrame, waitFor } from '../helpers/wsClient'
import { dataRow, ledgerXlsx as xlsx } from '../helpers/xlsxFile'

const ROW_CAP = 30

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer({ env: { TAIZHANG_MAX_ROWS_PER_SHEET: String(ROW_CAP) } })
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

/** word/document.xml of a docx. */
function documentXml(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-dos-'))
  try {
    writeFileSync(join(dir, 'r.docx'), bytes)
    return execFileSync('unzip', ['-p', join(dir, 'r.docx'), 'word/document.xml'], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString('utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Send one update to a sheet over a raw socket and wait until the server has it. */
async function write(sheet: string, token: string, update: Uint8Array): Promise<void> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${sheet}?token=${token}`)
  ws.on('error', () => {})
  await new Promise((resolve) => ws.once('open', resolve))
  ws.send(updateFrame(update))
  // a state vector round trip: step 1 answered means the update before it was handled
  await new Promise<void>((resolve) => {
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) resolve()
    })
    ws.send(Uint8Array.from([0, 0, 1, 0]))
  })
  ws.close()
}

describe('docx export of a hostile report', () => {
  it('clamps spans and table sizes', async () => {
    const sheet = fx.sheets.townSheetA
    const doc = new Y.Doc()
    doc.transact(() => {
      const basic = doc.getXmlFragment('basic')
      const table = new Y.XmlElement('table')
      basic.insert(0, [table])
      const rows: Y.XmlElement[] = []
      for (let r = 0; r < 1200; r++) {
        const row = new Y.XmlElement('tableRow')
        rows.push(row)
      }
      table.insert(0, rows)
      rows.forEach((row, r) => {
        const cells: Y.XmlElement[] = []
        for (let c = 0; c < (r === 0 ? 100 : 1); c++) cells.push(new Y.XmlElement('tableCell'))
        row.insert(0, cells)
        cells.forEach((cell, c) => {
          if (r === 0 && c === 0) {
            cell.setAttribute('colspan', '400000')
            cell.setAttribute('rowspan', '400000')
          }
          const p = new Y.XmlElement('paragraph')
          cell.insert(0, [p])
          const text = new Y.XmlText()
          p.insert(0, [text])
          text.insert(0, `格${r}-${c}`)
        })
      })
    })
    await write(sheet, fx.tokens.boss, Y.encodeStateAsUpdate(doc))
    let xml = ''
    let ms = 0
    // (on PostgreSQL the update may still be on its way into the room)
    await waitFor(
      async () => {
        const started = Date.now()
        const res = await fetch(`${server.url}/api/sheets/${sheet}/export?format=docx`, {
          headers: { authorization: `Bearer ${fx.tokens.boss}` },
        })
        expect(res.status).toBe(200)
        xml = documentXml(new Uint8Array(await res.arrayBuffer()))
        ms = Date.now() - started
        return xml.includes('格0-0')
      },
      { timeoutMs: 40_000, what: 'the export with the table' },
    )
    const spans = [...xml.matchAll(/<w:gridSpan w:val="(\d+)"/g)].map((m) => Number(m[1]))
    expect(Math.max(0, ...spans)).toBeLessThanOrEqual(63)
    expect(xml.match(/<w:tr>|<w:tr /g)?.length ?? 0).toBeLessThanOrEqual(1000)
    // nothing lost: the first row's last cell and the rows past 1,000 are still there as text
    expect(xml).toContain('格0-99')
    expect(xml).toContain('格1199-0')
    expect(ms).toBeLessThan(15_000)
  }, 60_000)
})

async function preview(bytes: Buffer) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)]), '台账.xlsx')
  form.append('preview', '1')
  const res = await fetch(`${server.url}/api/sheets/${fx.sheets.sheetA1}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fx.tokens.filler}` },
    body: form,
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('xlsx import of hostile files', () => {
  it('reads a normal file (the control)', async () => {
    const res = await preview(await xlsx(dataRow(2) + dataRow(3)))
    expect(res.status).toBe(200)
    expect(res.body.rowCount).toBe(2)
  })

  it('refuses a row past 1,048,576, before exceljs reads it', async () => {
    for (const row of [3_000_000, 1_000_000_000]) {
      const res = await preview(await xlsx(dataRow(2) + dataRow(row)))
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('file-out-of-range')
      expect(res.body.error.message).toContain('1048576')
    }
    expect((await server.api('GET', '/api/me', fx.tokens.filler)).status).toBe(200)
  })

  it('refuses a column past XFD', async () => {
    const res = await preview(await xlsx(dataRow(2, '公司', 'XFE')))
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('16384')
  })

  it(`stops reading past the sheet's row cap (${ROW_CAP})`, async () => {
    const rows = Array.from({ length: ROW_CAP + 20 }, (_, i) => dataRow(i + 2)).join('')
    const res = await preview(await xlsx(rows))
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('too-many-rows')
    expect(res.body.error.message).toContain(`上限（${ROW_CAP} 行）`)
  })

  it('refuses a zip entry past its compression ratio without inflating it', async () => {
    const res = await preview(await xlsx(dataRow(2), { pad: ' '.repeat(20 * 1024 * 1024) }))
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('file-too-large')
    expect(res.body.error.message).toContain('压缩比')
  })

  it('refuses a zip entry that inflates to more than it declares', async () => {
    const bytes = await xlsx(dataRow(2), { pad: 'x'.repeat(512 * 1024) })
    // declare the worksheet 1 KiB: in the local header and in the central directory
    const name = Buffer.from('xl/worksheets/sheet1.xml')
    let patched = 0
    for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
      if (bytes.readUInt32LE(at - 30) === 0x04034b50) bytes.writeUInt32LE(1024, at - 30 + 22)
      else if (bytes.readUInt32LE(at - 46) === 0x02014b50) bytes.writeUInt32LE(1024, at - 46 + 24)
      else continue
      patched++
    }
    expect(patched).toBe(2)
    const res = await preview(bytes)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('file-too-large')
    await waitFor(async () => (await server.api('GET', '/api/me', fx.tokens.filler)).status === 200)
  })
})
