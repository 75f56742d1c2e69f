/**
 * @module tests/fuzz/importers
 * Fuzzing the xlsx/csv readers the import route and the CLI share (`readTableBytes`, then
 * `tableToRows`) with mutated REAL files — the township-shaped fixtures of tests/cli: byte
 * flips, truncation, splices, and zip-level damage to one entry of an xlsx (its compressed
 * bytes, its size and method fields, the central directory). Every input either reads or
 * is refused with a `TableReadError` (one Chinese line naming the file); nothing else is
 * thrown and nothing hangs. The readers are driven in-process; the import route calls
 * exactly these functions.
 * Plus the hostile shapes of docs/RELIABILITY.md §3, generated: row numbers up to 2^40, column letters
 * up to seven, worksheets padded to any compression ratio, sizes the zip directory lies
 * about, and the row cap. Whatever the shape, the answer comes in seconds, and a row past
 * 1,048,576, a column past XFD or a ratio past 200 is always refused.
 */
import { readFile } from 'node:fs/promises'
import fc from 'fast-check'
import { ledgerTemplate, scoringTemplate, tableToRows } from '@taizhang/schema'
import { readTableBytes, readXlsx, TableReadError } from '@taizhang/server/files'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeFixtures } from '../cli/fixtures'
import { prng } from '../chaos/chaosProxy'
import { cases, mutate, SEED } from './fuzzRun'
import { dataRow, ledgerXlsx } from '../helpers/xlsxFile'

const CASES = cases(200, 3000)
const SHAPES = cases(40, 600)
const FILES = [
  '一网格.xlsx',
  '督查评分.xlsx',
  '缺列.xlsx',
  '二网格.csv',
  '三网格.csv',
  '四网格.csv',
  '五网格.tsv',
]
const originals = new Map<string, Uint8Array>()

beforeAll(async () => {
  const fixtures = await writeFixtures()
  for (const name of FILES) originals.set(name, new Uint8Array(await readFile(fixtures.path(name))))
})

/** Local file headers of a zip: where each entry's header and data start. */
function zipEntries(
  bytes: Uint8Array,
): { header: number; data: number; size: number; name: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: { header: number; data: number; size: number; name: string }[] = []
  for (let i = 0; i + 30 <= bytes.length; i++) {
    if (view.getUint32(i, true) !== 0x04034b50) continue
    const size = view.getUint32(i + 18, true)
    const nameLength = view.getUint16(i + 26, true)
    const extraLength = view.getUint16(i + 28, true)
    const name = new TextDecoder().decode(bytes.subarray(i + 30, i + 30 + nameLength))
    out.push({ header: i, data: i + 30 + nameLength + extraLength, size, name })
  }
  return out
}

/** Damage one zip entry (or the central directory) of an xlsx in a way a zip reader notices late. */
function corruptZip(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Uint8Array.from(input)
  const view = new DataView(bytes.buffer)
  const entries = zipEntries(bytes)
  const entry = entries[Math.floor(random() * entries.length)]
  if (!entry) return bytes
  switch (Math.floor(random() * 5)) {
    case 0: // flip bytes inside the entry's compressed data
      for (let i = 0; i < 1 + random() * 8; i++) {
        const at = entry.data + Math.floor(random() * Math.max(1, entry.size))
        if (at < bytes.length) bytes[at]! ^= 0xff
      }
      return bytes
    case 1: // lie about the compressed size
      view.setUint32(entry.header + 18, Math.floor(random() * 0xffffffff), true)
      return bytes
    case 2: // an unknown compression method
      view.setUint16(entry.header + 8, 99, true)
      return bytes
    case 3: {
      // zero the entry's data (an empty or absent part: styles, sharedStrings, the sheet)
      bytes.fill(0, entry.data, Math.min(bytes.length, entry.data + entry.size))
      return bytes
    }
    default: {
      // damage the central directory at the end
      const from = Math.max(0, bytes.length - 200)
      for (let i = 0; i < 6; i++)
        bytes[from + Math.floor(random() * 200)] = Math.floor(random() * 256)
      return bytes
    }
  }
}

const inputs = fc
  .record({
    file: fc.constantFrom(...FILES),
    seed: fc.integer(),
    rounds: fc.integer({ min: 1, max: 4 }),
    zip: fc.boolean(),
  })
  .map(({ file, seed, rounds, zip }) => {
    const random = prng(seed)
    let bytes = originals.get(file)!
    if (zip && file.endsWith('.xlsx')) bytes = corruptZip(bytes, random)
    else for (let i = 0; i < rounds; i++) bytes = mutate(bytes, random)
    return { file, bytes }
  })

async function readWithin(bytes: Uint8Array, file: string, ms = 10_000) {
  const template = file.includes('督查') ? scoringTemplate : ledgerTemplate
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const table = await Promise.race([
      readTableBytes(bytes, file, template),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)
      }),
    ])
    return tableToRows(template, table.match.mapping, table.dataRows)
  } finally {
    clearTimeout(timer)
  }
}

describe('fuzzing the xlsx/csv importers with mutated real files', () => {
  it('reads every unmutated fixture it is meant to read', async () => {
    const read = await readWithin(originals.get('一网格.xlsx')!, '一网格.xlsx')
    expect(read.rows.length).toBeGreaterThan(0)
  })

  it(`reads or refuses ${CASES} mutated files with a clear TableReadError`, async () => {
    console.log(`[fuzz import] seed ${SEED}, ${CASES} cases`)
    const outcome = { read: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(inputs, async ({ file, bytes }) => {
        try {
          await readWithin(bytes, file)
          outcome.read++
        } catch (error) {
          if (!(error instanceof TableReadError)) {
            throw new Error(`${file} (${bytes.length} bytes): ${String(error)}`, { cause: error })
          }
          expect(error.message.startsWith(file)).toBe(true)
          outcome.refused++
        }
      }),
      { numRuns: CASES, seed: SEED },
    )
    console.log(`[fuzz import] ${JSON.stringify(outcome)}`)
    expect(outcome.read + outcome.refused).toBe(CASES)
  }, 600_000)
})

/** Column letters of a 1-based column number (A, Z, AA, XFD …). */
function letters(n: number): string {
  let out = ''
  for (let m = n; m > 0; m = Math.floor((m - 1) / 26))
    out = String.fromCharCode(65 + ((m - 1) % 26)) + out
  return out
}

const hostileShapes = fc.record({
  rows: fc.array(
    fc.oneof(
      { arbitrary: fc.integer({ min: 2, max: 60 }), weight: 4 },
      { arbitrary: fc.integer({ min: 1_048_570, max: 1_048_580 }), weight: 1 },
      { arbitrary: fc.integer({ min: 2, max: 2 ** 40 }), weight: 1 },
    ),
    { minLength: 1, maxLength: 5 },
  ),
  column: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 4 },
    { arbitrary: fc.integer({ min: 16_380, max: 16_390 }), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 26 ** 7 }), weight: 1 },
  ),
  pad: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 512 * 1024 }), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 8 * 1024 * 1024 }), weight: 1 },
  ),
  lie: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  maxRows: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 50 })),
})

describe('fuzzing the xlsx importer with hostile shapes (docs/RELIABILITY.md §2–§3)', () => {
  it(`answers ${SHAPES} row numbers, columns, ratios and lying sizes in time`, async () => {
    console.log(`[fuzz import shapes] seed ${SEED}, ${SHAPES} cases`)
    const outcome: Record<string, number> = {}
    await fc.assert(
      fc.asyncProperty(hostileShapes, async ({ rows, column, pad, lie, maxRows }) => {
        const xml = rows
          .map((r, i) => dataRow(r, `公司${i}`, i === 0 ? letters(column) : 'A'))
          .join('')
        const bytes = await ledgerXlsx(xml, { pad: ' '.repeat(pad) })
        if (lie) {
          // the worksheet declares 1 KiB in both headers
          const name = Buffer.from('xl/worksheets/sheet1.xml')
          for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
            if (bytes.readUInt32LE(at - 30) === 0x04034b50) bytes.writeUInt32LE(1024, at - 8)
            else if (bytes.readUInt32LE(at - 46) === 0x02014b50) bytes.writeUInt32LE(1024, at - 22)
          }
        }
        const started = Date.now()
        let code = 'read'
        try {
          await readXlsx(bytes, '台账.xlsx', { maxRows })
        } catch (error) {
          if (!(error instanceof TableReadError)) throw error
          code = error.code
        }
        outcome[code] = (outcome[code] ?? 0) + 1
        expect(Date.now() - started).toBeLessThan(10_000)
        const outside =
          rows.some((r) => r > 1_048_576) || column > 16_384 || (pad > 1024 * 1024 * 1.5 && !lie)
        if (outside) expect(code).not.toBe('read')
        return true
      }),
      { numRuns: SHAPES, seed: SEED },
    )
    console.log(`[fuzz import shapes] ${JSON.stringify(outcome)}`)
  }, 600_000)
})
