/**
 * @module tests/fuzz/syncEndpoint
 * Fuzzing the sync endpoint of the real server over a raw `ws` socket (docs/RELIABILITY.md §2):
 * fast-check generates y-websocket frames — random bytes, well-formed envelopes with random
 * payloads, valid Yjs updates and awareness updates that were then mutated (bit flips,
 * truncation, splices, huge varints), truncated frames, random state vectors, hostile but
 * well-formed updates (a row that is not a map, a cell that is a nested type). For every
 * frame the server either applies it or closes that one connection with a clear code; it
 * never crashes or hangs (GET /api/me keeps answering, the process stays up), a reference
 * sheet nobody fuzzes keeps its rows byte for byte, and the fuzzed sheet still loads and
 * reads after a restart.
 * The hostile shapes of docs/RELIABILITY.md §2–§3 too: types nested to any depth under meta, a row, a cell or a report
 * section (refused with 1007 past the limit, never stored), and floods of step 1, query
 * awareness, awareness and updates with the reader paused or not (closed with 4529 or
 * 4508, or thinned out; the server's memory and the other clients unaffected).
 */
import fc from 'fast-check'
import * as encoding from 'lib0/encoding'
import { insertRow, readRows, rowsMap, writeMeta, type Row } from '@taizhang/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { seedFixture, startTestServer, type Fixture, type TestServer } from '../helpers/server'
import { connectSheet, waitFor } from '../helpers/wsClient'
import { prng } from '../chaos/chaosProxy'
import { cases, expectAlive, mutate, SEED } from './fuzzRun'

const CASES = cases(300, 5000)
/** Close codes that are a clear answer to bad input (see sync/Room.ts and sync/limits.ts). */
const CLEAR_CODES = new Set([1002, 1003, 1007, 1008, 1009, 4413, 4508, 4529])
const FLOODS = cases(12, 200)

let server: TestServer
let fx: Fixture
let reference: Row[]

beforeAll(async () => {
  server = await startTestServer({ env: { TAIZHANG_MAX_MESSAGE_BYTES: String(256 * 1024) } })
  fx = await seedFixture(server)
  const seed = connectSheet(server.wsUrl, fx.sheets.sheetA2, fx.tokens.consolidator)
  await seed.synced
  for (let i = 0; i < 5; i++) insertRow(seed.doc, { name: `参照${i}`, employees: i, note: '不变' })
  await waitFor(async () => (await rowsOf(fx.sheets.sheetA2)).length === 5, { what: 'reference' })
  seed.destroy()
  reference = await rowsOf(fx.sheets.sheetA2)
})
afterAll(async () => {
  await server?.stop()
})

async function rowsOf(sheetId: string): Promise<Row[]> {
  const res = await server.api('GET', `/api/sheets/${sheetId}/rows`, fx.tokens.admin)
  // a failure says why: the answer and the end of the server's stderr
  expect(res.status, `${JSON.stringify(res.body)}\n${server.stderr().slice(-3000)}`).toBe(200)
  return res.body.rows
}

const envelope = (type: number, write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  write(e)
  return encoding.toUint8Array(e)
}
const syncFrame = (sub: number, payload: Uint8Array) =>
  envelope(0, (e) => {
    encoding.writeVarUint(e, sub)
    encoding.writeVarUint8Array(e, payload)
  })
const awarenessFrame = (payload: Uint8Array) =>
  envelope(1, (e) => encoding.writeVarUint8Array(e, payload))

/** A valid update as a real client would send it: some rows with cells. */
function validUpdate(values: Record<string, string | number | boolean | null>[]): Uint8Array {
  const doc = new Y.Doc()
  for (const v of values) insertRow(doc, v)
  return Y.encodeStateAsUpdate(doc)
}

/** A fresh client's update nesting `depth` types of `kind` under `under`. */
function nestedUpdate(under: string, depth: number, kind: string): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    const make = (): Y.AbstractType<any> =>
      kind === 'array' ? new Y.Array() : kind === 'xml' ? new Y.XmlElement('p') : new Y.Map()
    const put = (parent: Y.AbstractType<any>, child: Y.AbstractType<any>) => {
      if (parent instanceof Y.Map) parent.set('c', child)
      else if (parent instanceof Y.Array) parent.push([child])
      else (parent as Y.XmlElement).insert(0, [child as Y.XmlElement])
    }
    let parent: Y.AbstractType<any>
    if (under === 'basic') parent = doc.getXmlFragment('basic')
    else if (under === 'row' || under === 'cell') {
      const row = new Y.Map()
      rowsMap(doc).set(`nest-${depth}`, row as never)
      parent = row
      if (under === 'cell') {
        const cell = new Y.Map()
        row.set('name', cell)
        parent = cell
      }
    } else parent = doc.getMap(under)
    for (let i = 0; i < depth; i++) {
      const child = under === 'basic' ? new Y.XmlElement('p') : make()
      if (parent instanceof Y.XmlFragment && !(child instanceof Y.XmlElement)) break
      put(parent, child)
      parent = child
    }
  })
  return Y.encodeStateAsUpdate(doc)
}

/** Well-formed Yjs, wrong shape for a sheet: things a hostile client could send. */
const hostileUpdates: ((doc: Y.Doc) => void)[] = [
  (doc) => rowsMap(doc).set('not-a-map', 'text' as never),
  (doc) => rowsMap(doc).set('array-row', new Y.Array() as never),
  (doc) => {
    const row = new Y.Map()
    row.set('name', new Y.Text('嵌套') as never)
    row.set('_pos', 42 as never)
    rowsMap(doc).set('odd-row', row as never)
  },
  (doc) => doc.getText('rows').insert(0, 'shadow'),
  (doc) => writeMeta(doc, { template: 'nonsense' as 'ledger', unitId: 'elsewhere' }),
  (doc) => doc.getMap('conflicts').set('x', 'y'),
  (doc) => doc.getXmlFragment('basic').insert(0, [new Y.XmlText('x')]),
]

const cellValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
)
const rowValues = fc.dictionary(
  fc.constantFrom('name', 'employees', 'note', 'members', 'category', 'x'),
  cellValue,
  { maxKeys: 4 },
)

function awarenessBytes(state: unknown): Uint8Array {
  const doc = new Y.Doc()
  const a = new awarenessProtocol.Awareness(doc)
  a.setLocalState(state as Record<string, unknown>)
  const out = awarenessProtocol.encodeAwarenessUpdate(a, [doc.clientID])
  a.destroy()
  return out
}

const frames: fc.Arbitrary<Uint8Array> = fc.oneof(
  // random bytes, any length
  fc.uint8Array({ maxLength: 512 }),
  // a well-formed sync envelope around random bytes (any sub type)
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.uint8Array({ maxLength: 256 }))
    .map(([sub, p]) => syncFrame(sub, p)),
  // an awareness envelope around random bytes
  fc.uint8Array({ maxLength: 256 }).map(awarenessFrame),
  // a valid update, mutated
  fc
    .tuple(fc.array(rowValues, { minLength: 1, maxLength: 3 }), fc.integer(), fc.boolean())
    .map(([rows, seed, step2]) => syncFrame(step2 ? 1 : 2, mutate(validUpdate(rows), prng(seed)))),
  // a valid frame, mutated as a whole (the envelope too)
  fc
    .tuple(fc.array(rowValues, { minLength: 1, maxLength: 2 }), fc.integer())
    .map(([rows, seed]) => mutate(syncFrame(2, validUpdate(rows)), prng(seed))),
  // a valid frame, truncated
  fc.tuple(fc.array(rowValues, { minLength: 1, maxLength: 2 }), fc.nat()).map(([rows, cut]) => {
    const f = syncFrame(2, validUpdate(rows))
    return f.slice(0, cut % f.length)
  }),
  // a valid awareness update, mutated
  fc
    .tuple(fc.jsonValue({ maxDepth: 3 }), fc.integer())
    .map(([state, seed]) => awarenessFrame(mutate(awarenessBytes(state), prng(seed)))),
  // a valid awareness update of any JSON shape (not what the app sends)
  fc.jsonValue({ maxDepth: 3 }).map((state) => awarenessFrame(awarenessBytes(state))),
  // random state vectors in sync step 1
  fc.uint8Array({ maxLength: 64 }).map((p) => syncFrame(0, p)),
  // hostile but well-formed updates
  fc.integer({ min: 0, max: hostileUpdates.length - 1 }).map((i) => {
    const doc = new Y.Doc()
    hostileUpdates[i]!(doc)
    return syncFrame(2, Y.encodeStateAsUpdate(doc))
  }),
  // types nested to any depth under meta, a row, a cell or a report section (docs/RELIABILITY.md §3)
  fc
    .record({
      under: fc.constantFrom('meta', 'row', 'cell', 'basic', 'acks'),
      depth: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3000 })),
      kind: fc.constantFrom('map', 'array', 'xml'),
    })
    .map(({ under, depth, kind }) => syncFrame(2, nestedUpdate(under, depth, kind))),
  // unknown message types and query-awareness with trailing bytes
  fc
    .tuple(fc.integer({ min: 2, max: 300 }), fc.uint8Array({ maxLength: 16 }))
    .map(([t, p]) => envelope(t, (e) => encoding.writeUint8Array(e, p))),
)

/** One socket, reopened whenever the server closes it; `send` resolves once processed. */
class FuzzSocket {
  private ws: WebSocket | null = null
  private lastClose: { code: number; reason: string } | null = null
  closes = new Map<number, number>()
  abnormal: string[] = []

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  private async open(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return this.ws
    const ws = new WebSocket(`${this.url}?token=${this.token}`)
    ws.on('error', () => {})
    ws.on('close', (code, reason) => {
      this.lastClose = { code, reason: reason.toString() }
      this.closes.set(code, (this.closes.get(code) ?? 0) + 1)
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('close', () => reject(new Error('closed before open')))
    })
    this.ws = ws
    return ws
  }

  /** Send one frame and wait until the server has handled it (pong) or closed the socket. */
  async send(frame: Uint8Array, label: string): Promise<void> {
    const ws = await this.open()
    this.lastClose = null
    const done = new Promise<'pong' | 'close'>((resolve) => {
      const timer = setTimeout(() => resolve('close'), 5000)
      ws.once('pong', () => {
        clearTimeout(timer)
        resolve('pong')
      })
      ws.once('close', () => {
        clearTimeout(timer)
        resolve('close')
      })
    })
    ws.send(frame)
    ws.ping()
    const outcome = await done
    if (outcome === 'close') {
      await new Promise((r) => setImmediate(r))
      const close = this.lastClose as { code: number; reason: string } | null
      if (!close) {
        this.abnormal.push(`${label}: no answer in 5 s`)
        ws.terminate()
      } else if (!CLEAR_CODES.has(close.code)) {
        this.abnormal.push(`${label}: closed ${close.code} ${close.reason}`)
      }
      this.ws = null
    }
  }

  close(): void {
    this.ws?.close()
  }
}

describe('fuzzing the sync endpoint', () => {
  it(`survives ${CASES} generated and mutated frames with clear answers`, async () => {
    console.log(`[fuzz sync] seed ${SEED}, ${CASES} cases`)
    const socket = new FuzzSocket(`${server.wsUrl}/sync/${fx.sheets.sheetA1}`, fx.tokens.lead)
    let n = 0
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        n++
        await socket.send(frame, `case ${n} [${Buffer.from(frame.slice(0, 24)).toString('hex')}]`)
        if (n % 100 === 0) await expectAlive(server, fx.tokens.admin)
        return true
      }),
      { numRuns: CASES, seed: SEED },
    )
    socket.close()
    console.log(`[fuzz sync] close codes ${JSON.stringify(Object.fromEntries(socket.closes))}`)
    expect(socket.abnormal).toEqual([])
    await expectAlive(server, fx.tokens.admin)

    // the reference sheet is untouched, the fuzzed one still reads, also after a restart
    expect(await rowsOf(fx.sheets.sheetA2)).toEqual(reference)
    const fuzzed = await rowsOf(fx.sheets.sheetA1)
    await server.restart()
    expect(await rowsOf(fx.sheets.sheetA2)).toEqual(reference)
    expect(await rowsOf(fx.sheets.sheetA1)).toEqual(fuzzed)
    // and a normal client still syncs the fuzzed sheet
    const client = connectSheet(server.wsUrl, fx.sheets.sheetA1, fx.tokens.lead)
    await client.synced
    insertRow(client.doc, { name: '模糊测试之后' })
    await waitFor(
      async () => (await rowsOf(fx.sheets.sheetA1)).some((r) => r.name === '模糊测试之后'),
      { what: 'a normal edit after the fuzz' },
    )
    expect(readRows(client.doc).length).toBeGreaterThan(0)
    client.destroy()
  }, 600_000)

  it(`survives ${FLOODS} floods of step 1, query awareness, awareness and updates`, async () => {
    const floods = fc.record({
      kind: fc.constantFrom('step1', 'queryAwareness', 'awareness', 'update'),
      count: fc.integer({ min: 1, max: 2000 }),
      paused: fc.boolean(),
    })
    const outcomes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(floods, async ({ kind, count, paused }) => {
        const ws = new WebSocket(
          `${server.wsUrl}/sync/${fx.sheets.sheetA1}?token=${fx.tokens.reviewer}`,
        )
        ws.on('error', () => {})
        const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
        await new Promise((resolve) => ws.once('open', resolve))
        if (paused) ws.pause()
        const update = syncFrame(2, validUpdate([{ name: '洪水' }]))
        const aware = awarenessFrame(awarenessBytes({ user: { name: '洪水' } }))
        for (let i = 0; i < count && ws.readyState === WebSocket.OPEN; i++) {
          ws.send(
            kind === 'step1'
              ? syncFrame(0, Uint8Array.from([0]))
              : kind === 'queryAwareness'
                ? Uint8Array.from([3])
                : kind === 'awareness'
                  ? aware
                  : update,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
        ws.resume()
        ws.ping()
        const code = await Promise.race([
          closed,
          new Promise<number>((resolve) => ws.once('pong', () => resolve(0))),
          new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000)),
        ])
        ws.terminate()
        outcomes.set(`${kind}:${code}`, (outcomes.get(`${kind}:${code}`) ?? 0) + 1)
        // open (thinned out or under the limit), or closed with a clear code
        expect(code === 0 || CLEAR_CODES.has(code), `${kind} ×${count}: ${code}`).toBe(true)
        return true
      }),
      { numRuns: FLOODS, seed: SEED },
    )
    console.log(`[fuzz sync floods] ${JSON.stringify(Object.fromEntries(outcomes))}`)
    await expectAlive(server, fx.tokens.admin)
    expect(await rowsOf(fx.sheets.sheetA2)).toEqual(reference)
  }, 600_000)
})
