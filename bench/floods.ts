/**
 * @module bench/floods
 * What each of the floods of docs/RELIABILITY.md §3 costs the server in memory: one real server (a child
 * process on a fresh data directory), one admin session, a 2,000-row ledger and a report;
 * then, one after the other, each flood a logged-in user could send, with the server's
 * RSS read from /proc just before, at its peak (sampled every 50 ms) and 1 s after, and
 * what the server answered. `FLOODS_BASELINE=/path/to/checkout` runs the same floods
 * against another checkout (the main before the fix) for comparison.
 *
 *   npx tsx bench/floods.ts                       # this checkout
 *   FLOODS_BASELINE=/tmp/main npx tsx bench/floods.ts
 *
 * Prints a markdown table; appends it to bench/RESULTS.md with FLOODS_WRITE=1.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import JSZip from 'jszip'
import { rssMiBOf, stopChild, waitForLine } from './serverProcess'

const ROOT = process.env.FLOODS_BASELINE ?? fileURLToPath(new URL('..', import.meta.url))
const PASSWORD = 'bench-admin-password'
const HEADER = '组织名称,统一社会信用代码,组织类别,从业人员数,正式党员数,组建方式,微信群\r\n'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-floods-'))
  const child = spawn(
    process.execPath,
    [join(ROOT, 'server/bin/taizhang.mjs'), 'serve', '--port', '0', '--data', dir],
    {
      cwd: ROOT,
      env: { ...process.env, TAIZHANG_ADMIN_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  const [, url] = await waitForLine(child, /listening on (http:\/\/\S+)/)
  const base = url!
  const wsBase = base.replace('http', 'ws')
  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text }
  }
  const token = (
    await api('POST', '/api/login', undefined, { username: 'admin', password: PASSWORD })
  ).body.token as string
  const unit = (
    await api('POST', '/api/units', token, { name: '压测区', parentId: null, level: 'district' })
  ).body.id as string
  const grid = (
    await api('POST', '/api/units', token, { name: '压测网格', parentId: unit, level: 'grid' })
  ).body.id as string
  const sheet = (
    await api('POST', '/api/sheets', token, { unitId: grid, template: 'ledger', title: '压测台账' })
  ).body.id as string
  const spare = (
    await api('POST', '/api/sheets', token, { unitId: grid, template: 'ledger', title: '备用台账' })
  ).body.id as string
  const report = (
    await api('POST', '/api/sheets', token, { unitId: unit, template: 'report', title: '压测报告' })
  ).body.id as string
  const upload = async (target: string, bytes: Buffer, name: string, preview = false) => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(bytes)]), name)
    if (preview) form.append('preview', '1')
    const res = await fetch(`${base}/api/sheets/${target}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    })
    await res.arrayBuffer()
    return res.status
  }
  const csv = (rows: number, prefix: string) =>
    Buffer.from(
      '\uFEFF' +
        HEADER +
        Array.from(
          { length: rows },
          (_, i) => `${prefix}${i}有限公司,,非公企业,${i % 90},${i % 7},未建立,有`,
        ).join('\r\n'),
    )
  const seeded = await upload(sheet, csv(2000, '压测'), '台账.csv')
  if (seeded !== 200) throw new Error(`seeding the 2,000 rows: ${seeded}`)

  const socket = async (target: string) => {
    const ws = new WebSocket(`${wsBase}/sync/${target}?token=${token}`, { maxPayload: 1 << 30 })
    ws.on('error', () => {})
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    await new Promise((resolve) => ws.once('open', resolve))
    return { ws, closed }
  }
  const within = <T>(p: Promise<T>, ms: number, fallback: T) =>
    Promise.race([p, sleep(ms).then(() => fallback)])
  const update = (u: Uint8Array) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, u)
    return encoding.toUint8Array(e)
  }

  const floods: { name: string; run: () => Promise<string> }[] = [
    {
      name: '1,500 sync step 1 frames, reader paused (2,000-row sheet)',
      run: async () => {
        const { ws, closed } = await socket(sheet)
        ws.pause()
        for (let i = 0; i < 1500; i++) ws.send(Uint8Array.from([0, 0, 1, 0]))
        await sleep(3000)
        ws.resume()
        const code = await within(closed, 5000, 0)
        ws.terminate()
        return code ? `closed ${code}` : 'stayed open'
      },
    },
    {
      name: '1,500 query-awareness frames, reader paused',
      run: async () => {
        const { ws, closed } = await socket(sheet)
        ws.pause()
        for (let i = 0; i < 1500; i++) ws.send(Uint8Array.from([3]))
        await sleep(2000)
        ws.resume()
        const code = await within(closed, 5000, 0)
        ws.terminate()
        return code ? `closed ${code}` : 'stayed open'
      },
    },
    {
      name: 'one 90 MiB sync frame',
      run: async () => {
        const { ws, closed } = await socket(spare)
        ws.send(new Uint8Array(90 * 1024 * 1024))
        const code = await within(closed, 20_000, 0)
        ws.terminate()
        return code ? `closed ${code}` : 'stayed open'
      },
    },
    {
      name: 'an update nesting 20,000 maps under meta (243 KB)',
      run: async () => {
        const doc = new Y.Doc()
        doc.transact(() => {
          let map = doc.getMap<unknown>('meta')
          for (let i = 0; i < 20_000; i++) {
            const next = new Y.Map<unknown>()
            map.set(i === 0 ? 'deep' : 'c', next)
            map = next
          }
        })
        const { ws, closed } = await socket(spare)
        ws.send(update(Y.encodeStateAsUpdate(doc)))
        const code = await within(closed, 3000, 0)
        ws.terminate()
        const rows = await api('GET', `/api/sheets/${spare}/rows`, token)
        return `${code ? `closed ${code}` : 'accepted'}; GET rows ${rows.status}`
      },
    },
    {
      name: 'a chunked 40 MiB body to /api/login (no session)',
      run: () =>
        new Promise<string>((resolve) => {
          const chunk = Buffer.alloc(64 * 1024, 0x61)
          let sent = 0
          let answered = false
          const req = request(`${base}/api/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          })
          req.on('response', (res) => {
            answered = true
            res.resume()
            resolve(`${res.statusCode} after ${(sent / 1048576).toFixed(1)} MiB sent`)
            req.destroy()
          })
          req.on('error', () => {})
          req.write('{"username":"')
          const pump = () => {
            while (!answered && sent < 40 * 1024 * 1024) {
              sent += chunk.length
              if (!req.write(chunk)) return void req.once('drain', pump)
            }
            if (!answered) req.end('"}')
          }
          pump()
        }),
    },
    {
      name: 'a report cell with colspan 400,000, exported as docx',
      run: async () => {
        const doc = new Y.Doc()
        doc.transact(() => {
          const table = new Y.XmlElement('table')
          doc.getXmlFragment('basic').insert(0, [table])
          const row = new Y.XmlElement('tableRow')
          table.insert(0, [row])
          const cell = new Y.XmlElement('tableCell')
          row.insert(0, [cell])
          cell.setAttribute('colspan', '400000')
          const p = new Y.XmlElement('paragraph')
          cell.insert(0, [p])
        })
        const { ws } = await socket(report)
        ws.send(update(Y.encodeStateAsUpdate(doc)))
        await sleep(500)
        ws.close()
        const started = Date.now()
        const res = await fetch(`${base}/api/sheets/${report}/export?format=docx`, {
          headers: { authorization: `Bearer ${token}` },
        })
        const bytes = (await res.arrayBuffer()).byteLength
        return `${res.status}, ${(bytes / 1024).toFixed(0)} KB in ${Date.now() - started} ms`
      },
    },
    {
      name: 'an xlsx (2 KB) with one cell at row 3,000,000, previewed',
      run: async () => {
        const status = await upload(
          spare,
          await xlsx('<row r="3000000"><c r="A3000000" t="inlineStr"><is><t>远</t></is></c></row>'),
          '远.xlsx',
          true,
        )
        return String(status)
      },
    },
    {
      name: 'an xlsx whose worksheet inflates to 100 MiB (zip bomb), previewed',
      run: async () => {
        const bytes = await xlsx('', ' '.repeat(100 * 1024 * 1024))
        const status = await upload(spare, bytes, '炸弹.xlsx', true)
        return `${status} (file ${(bytes.length / 1024).toFixed(0)} KB)`
      },
    },
    {
      name: 'a 10 MiB csv of 150,000 rows, imported',
      run: async () => {
        const status = await upload(spare, csv(150_000, '洪'), '洪水.csv')
        const rows = await api('GET', `/api/sheets/${spare}/rows`, token)
        return `${status}; sheet has ${rows.body.rows?.length ?? '?'} rows`
      },
    },
  ]

  const results: string[] = []
  for (const flood of floods) {
    global.gc?.()
    await sleep(1000)
    const before = rssMiBOf(child.pid!)
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiBOf(child.pid!))), 50)
    let outcome: string
    try {
      outcome = await flood.run()
    } catch (error) {
      outcome = `bench error: ${String(error)}`
    }
    await sleep(1000)
    clearInterval(sampler)
    const after = rssMiBOf(child.pid!)
    peak = Math.max(peak, after)
    const alive =
      child.exitCode === null &&
      (await api('GET', '/api/me', token).catch(() => ({ status: 0 }))).status === 200
    const line = `| ${flood.name} | ${before.toFixed(0)} | ${peak.toFixed(0)} | ${after.toFixed(0)} | ${outcome}${alive ? '' : '; **server down**'} |`
    console.log(line)
    results.push(line)
    if (!alive) break
  }
  await stopChild(child)
  rmSync(dir, { recursive: true, force: true })
  const table = [
    `### floods — ${new Date().toISOString().slice(0, 16)}Z, ${process.env.FLOODS_BASELINE ? `baseline ${ROOT}` : 'this checkout'}`,
    '',
    '| flood | RSS before (MiB) | peak | 1 s after | server answered |',
    '| ----- | ---------------- | ---- | --------- | --------------- |',
    ...results,
    '',
  ].join('\n')
  console.log('\n' + table)
  if (process.env.FLOODS_WRITE === '1') {
    appendFileSync(fileURLToPath(new URL('RESULTS.md', import.meta.url)), '\n' + table)
  }
}

/** A minimal ledger xlsx: header row, then `rowsXml`, then an XML comment of `pad`. */
async function xlsx(rowsXml: string, pad = ''): Promise<Buffer> {
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
  const header = `<row r="1">${['组织名称', '统一社会信用代码', '组织类别'].map((h, i) => `<c r="${'ABC'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${rowsXml}</sheetData>${pad ? `<!--${pad}-->` : ''}</worksheet>`,
  )
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
