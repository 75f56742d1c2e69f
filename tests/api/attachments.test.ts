// 佐证材料 (SPEC §10) against a real server: the id is the sha256 of the bytes and one copy is
// kept per content; the type is judged by content (415 for anything but JPEG/PNG/WebP/PDF,
// whatever the name and the declared type); 20 MiB is enforced while the body streams (413,
// declared or chunked); a claimed id that is not the sha256 is 422; the per-user quota is 413;
// reads only through an item (or sheet) the reader may read, with safe headers, 404 otherwise.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { techDefinition } from '@taizhang/schema/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import {
  photo,
  seedRectificationFixture,
  upload,
  writeRows,
  type RectificationFixture,
} from '../helpers/rectification'

let server: TestServer
let fx: Fixture
let rx: RectificationFixture
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const MiB = 1024 * 1024

beforeAll(async () => {
  server = await startTestServer({ env: { TAIZHANG_ATTACHMENT_QUOTA_MB: '30' } })
  fx = await seedFixture(server)
  rx = await seedRectificationFixture(server, fx)
})
afterAll(async () => {
  await server?.stop()
})

const get = (token: string, id: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/attachments/${id}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  })

describe('uploads', () => {
  it('answers 201 {id, name, type, size} with id = sha256, one copy per content', async () => {
    const bytes = photo(11)
    const first = await upload(server, fx.tokens.filler, bytes, { name: '标志照片.png' })
    expect(first.status).toBe(201)
    expect(first.body).toEqual({
      id: sha(bytes),
      name: '标志照片.png',
      type: 'image/png',
      size: bytes.byteLength,
    })
    const again = await upload(server, fx.tokens.lead, bytes, { name: 'other.png' })
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    if (!server.databaseUrl) {
      const dir = join(server.dataDir, 'attachments', first.body.id.slice(0, 2))
      expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([first.body.id.slice(2)])
    }
  })

  it('judges the type by content: an HTML page named .png is 415, so is a GIF', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    expect((await upload(server, fx.tokens.filler, html, { name: 'x.png' })).status).toBe(415)
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')
    const res = await upload(server, fx.tokens.filler, gif, { name: 'x.gif', type: 'image/gif' })
    expect(res.status).toBe(415)
    expect(res.body.error.message).toContain('JPEG')
    const pdf = new TextEncoder().encode(
      '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF',
    )
    const ok = await upload(server, fx.tokens.filler, pdf, { name: '整改报告', type: 'text/plain' })
    expect(ok.status).toBe(201)
    expect(ok.body.type).toBe('application/pdf')
  })

  it('a claimed id must be the sha256 of the bytes (422 otherwise)', async () => {
    const bytes = photo(12)
    const wrong = await upload(server, fx.tokens.filler, bytes, { id: sha(photo(13)) })
    expect(wrong.status).toBe(422)
    const right = await upload(server, fx.tokens.filler, bytes, { id: sha(bytes).toUpperCase() })
    expect(right.status).toBe(201)
    expect(right.body.id).toBe(sha(bytes))
  })

  it('refuses more than 20 MiB, declared or streamed in chunks', async () => {
    const big = new Uint8Array(20 * MiB + 1)
    big.set(photo(14).subarray(0, 16))
    expect((await upload(server, fx.tokens.filler, big)).status).toBe(413)
    // a chunked body without a length: cut off as it passes the limit
    const boundary = 'xBOUNDARYx'
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`,
    )
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head)
        if (sent > 40 * MiB) return controller.close()
        controller.enqueue(new Uint8Array(MiB))
        sent += MiB
      },
    })
    const res = await fetch(`${server.url}/api/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fx.tokens.filler}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: stream,
      duplex: 'half',
    } as RequestInit).catch((e: Error) => ({ status: `network: ${e.message}` }))
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(40 * MiB)
  })

  it('the per-user quota counts distinct content once, with a Chinese 413 past it', async () => {
    const token = rx.tokens.teamFiller
    const chunk = (seed: number) => {
      const b = new Uint8Array(12 * MiB)
      b.set(photo(seed).subarray(0, 16))
      b[100] = seed
      return b
    }
    expect((await upload(server, token, chunk(1))).status).toBe(201)
    expect((await upload(server, token, chunk(2))).status).toBe(201)
    // the same content again costs nothing
    expect((await upload(server, token, chunk(1))).status).toBe(201)
    const over = await upload(server, token, chunk(3))
    expect(over.status).toBe(413)
    expect(over.body.error.code).toBe('quota-exceeded')
    expect(over.body.error.message).toContain('上传空间已满')
    // somebody else still may
    expect((await upload(server, rx.tokens.teamLead, chunk(3))).status).toBe(201)
  })

  it('needs a session and a multipart file', async () => {
    const anon = await fetch(`${server.url}/api/attachments`, { method: 'POST' })
    expect(anon.status).toBe(401)
    const json = await server.api('POST', '/api/attachments', fx.tokens.filler, { file: 'x' })
    expect(json.status).toBe(400)
  })
})

describe('reads', () => {
  it('through an item the reader may read; 404 for anyone else and for unknown ids', async () => {
    const bytes = photo(21)
    const { body } = await upload(server, fx.tokens.filler, bytes, { name: '整改后.png' })
    const id = body.id as string
    // the uploader sees it at once; nobody else yet
    expect((await get(fx.tokens.filler, id)).status).toBe(200)
    expect((await get(fx.tokens.consolidator, id)).status).toBe(404)

    await server.api('POST', '/api/rectifications/generate', rx.tokens.teamLead, {
      sheetId: rx.scoring,
    })
    const items = (
      await server.api('GET', `/api/rectifications?unit=${fx.units.gridA1}`, fx.tokens.filler)
    ).body.items
    const item = items.find((i: any) => i.rowId === 'a1')
    const patched = await server.api('PATCH', `/api/rectifications/${item.id}`, fx.tokens.filler, {
      evidence: [id],
    })
    expect(patched.status).toBe(200)

    for (const token of [fx.tokens.consolidator, fx.tokens.reviewer, rx.tokens.teamLead]) {
      const res = await get(token, id)
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('cache-control')).toContain('private')
      expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=/)
    }
    const cached = await get(fx.tokens.reviewer, id, { 'if-none-match': `"${id}"` })
    expect(cached.status).toBe(304)

    for (const token of [rx.tokens.gridB1Filler]) {
      const res = await get(token, id)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('整改后')
    }
    expect((await get(fx.tokens.filler, 'a'.repeat(64))).status).toBe(404)
    expect((await get(fx.tokens.filler, 'not-an-id')).status).toBe(404)
    expect((await fetch(`${server.url}/api/attachments/${id}`)).status).toBe(401)
  })

  it("through a cell of an attachment column of the sheet's stored template (SPEC §7, §10)", async () => {
    const definition = structuredClone(techDefinition) as { columns: object[] }
    definition.columns.push({ id: 'signPhoto', label: '六有标识照片', type: 'attachment' })
    const template = await server.api('POST', '/api/templates', fx.tokens.admin, {
      unitId: fx.units.townA,
      kind: 'ledger',
      name: '带照片的台账',
      definition,
    })
    expect(template.status, JSON.stringify(template.body)).toBe(201)
    const sheet = await server.api('POST', '/api/sheets', fx.tokens.admin, {
      unitId: fx.units.gridA2,
      template: template.body.id,
      title: '二网格带照片的台账',
    })
    expect(sheet.status).toBe(201)
    const bytes = photo(77)
    const { body } = await upload(server, fx.tokens.admin, bytes, { name: '标识.png' })
    // before any cell names it, only the uploader reads it
    expect((await get(fx.tokens.consolidator, body.id)).status).toBe(404)
    await writeRows(server, sheet.body.id, fx.tokens.admin, [
      { id: 'withPhoto', name: '有照片的企业', signPhoto: `${sha(photo(78))},${body.id}` },
    ])
    // a reader of 二网格's sheet (the township's consolidator) now may; 一网格's lead may not
    const read = await get(fx.tokens.consolidator, body.id)
    expect(read.status).toBe(200)
    expect(sha(new Uint8Array(await read.arrayBuffer()))).toBe(body.id)
    expect((await get(fx.tokens.lead, body.id)).status).toBe(404)
  })

  it('a PDF is served as a download, never inline', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n% evidence 2\n%%EOF')
    const { body } = await upload(server, fx.tokens.filler, pdf, { name: '报告.pdf' })
    const res = await get(fx.tokens.filler, body.id)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /)
  })

  it('files stay under the data directory (SQLite)', () => {
    if (server.databaseUrl) return
    expect(existsSync(join(server.dataDir, 'attachments'))).toBe(true)
  })
})
