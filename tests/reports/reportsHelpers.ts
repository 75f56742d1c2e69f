/**
 * @module tests/reports/reportsHelpers
 * What the export, import and consolidation suites share: a `--demo` server with a known
 * demo password, downloads as bytes, multipart uploads to `POST /api/sheets/:id/import`,
 * the demo tree, and the text of a PDF (Debian's `pdftotext`) or a docx (`unzip -p`).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestServer, type TestServer } from '../helpers/server'

export const DEMO_PASSWORD = 'demo-test-password'

export async function startDemoServer(): Promise<TestServer> {
  return startTestServer({ args: ['--demo'], env: { TAIZHANG_DEMO_PASSWORD: DEMO_PASSWORD } })
}

export interface Download {
  status: number
  bytes: Buffer
  headers: Headers
}

export async function download(server: TestServer, path: string, token: string): Promise<Download> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers }
}

export interface UploadOptions {
  name: string
  mapping?: Record<string, string | null>
  preview?: boolean
  type?: string
}

export async function upload(
  server: TestServer,
  sheetId: string,
  token: string,
  bytes: Uint8Array,
  { name, mapping, preview, type = 'application/octet-stream' }: UploadOptions,
): Promise<{ status: number; body: any }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  if (mapping) form.append('mapping', JSON.stringify(mapping))
  if (preview) form.append('preview', '1')
  const res = await fetch(`${server.url}/api/sheets/${sheetId}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  const text = await res.text()
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text }
}

export interface DemoUnit {
  id: string
  name: string
  parentId: string | null
  level: string
}

export interface DemoSheet {
  id: string
  unitId: string
  template: string
  title: string
  status: string
}

export async function demoTree(server: TestServer, token: string) {
  const units = (await server.api('GET', '/api/units', token)).body.units as DemoUnit[]
  const sheets = (await server.api('GET', '/api/sheets', token)).body.sheets as DemoSheet[]
  const byName = (name: string) => units.find((u) => u.name === name)!
  const district = units.find((u) => u.level === 'district')!
  /** The unit and all below it. */
  const subtree = (id: string): Set<string> => {
    const out = new Set([id])
    for (let grew = true; grew;) {
      grew = false
      for (const u of units) {
        if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
          out.add(u.id)
          grew = true
        }
      }
    }
    return out
  }
  return { units, sheets, byName, district, subtree }
}

export async function sheetRows(server: TestServer, sheetId: string, token: string) {
  const res = await server.api('GET', `/api/sheets/${sheetId}/rows`, token)
  if (res.status !== 200) throw new Error(`rows ${sheetId}: ${res.status}`)
  return res.body.rows as Record<string, unknown>[]
}

function withTempFile<T>(bytes: Uint8Array, name: string, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-report-'))
  try {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    return fn(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of a PDF, as `pdftotext -layout` extracts it. */
export { pdfLayoutText as pdfText } from '@taizhang/server/test'

/** The visible text of a docx body (word/document.xml without tags). */
export function docxText(bytes: Uint8Array): string {
  return withTempFile(bytes, 'report.docx', (path) =>
    execFileSync('unzip', ['-p', path, 'word/document.xml'])
      .toString('utf8')
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  )
}
