/**
 * @module tests/security/uploads
 * Uploads are size-limited and type-checked (docs/RELIABILITY.md §4) at `POST /api/sheets/:id/import`
 * on the real server: a file over the limit is 413 before it is read, a file that is not
 * a table (an image, an executable, an old .xls, a zip that is not xlsx) is a 400 with one
 * Chinese line, and none of them changes the sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(async () => {
  await server?.stop()
})

async function upload(
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  type = 'application/octet-stream',
) {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type }), name)
  const res = await fetch(`${server.url}/api/sheets/${fx.sheets.sheetA1}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fx.tokens.lead}` },
    body: form,
  })
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string; message: string } },
  }
}

const rows = async () =>
  (await server.api('GET', `/api/sheets/${fx.sheets.sheetA1}/rows`, fx.tokens.admin)).body.rows

describe('uploads', () => {
  it('refuses a file over 10 MiB with 413', async () => {
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x41)
    const res = await upload('大文件.csv', big, 'text/csv')
    expect(res.status).toBe(413)
    expect(res.body.error?.message).toMatch(/10 MiB/)
  })

  it('refuses files that are not tables with a clear 400 and changes nothing', async () => {
    const before = await rows()
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0])
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4])
    for (const [name, bytes] of [
      ['照片.png', png],
      ['程序.exe', exe],
      ['旧表.xls', xls],
      ['伪装.xlsx', zip],
      ['空.csv', new Uint8Array(0)],
    ] as const) {
      const res = await upload(name, bytes)
      expect(res.status, name).toBe(400)
      expect(res.body.error?.message, name).toMatch(/[\u4e00-\u9fff]/)
      expect(res.body.error?.message, name).not.toMatch(/at .*\.ts:\d+/)
    }
    expect(await rows()).toEqual(before)
  })
})
