/**
 * bench/consolidate — how long checking and consolidating a district's ledgers takes: a demo
 * district of 10,000 organisations in 126 grids.
 * - in memory, the built-in 网格台账 as data (its rules and indicators written in the template
 *   language and compiled, `@taizhang/schema`) against the hand-written rules and indicators
 *   it replaced, frozen in `bench/reference/` — validate 126 sheets + consolidate the district,
 *   in the same process, runs interleaved, over several rounds (targets: the data-defined
 *   ledger ≤ 1.5× the reference and < 150 ms, by the median of the rounds' medians). Both
 *   must give the same findings and figures, or the bench stops;
 * - also, for each: validate only, consolidate only, one 10,000-row sheet;
 * - from files: 126 xlsx files (title row, header, rows) read, matched, parsed, validated and
 *   consolidated — what `taizhang consolidate` does.
 * Prints medians and rows/s, and writes them into the "consolidate" section of
 * bench/RESULTS.md. Run with `npm run bench:consolidate`.
 */
import { deepStrictEqual } from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import {
  columnsOf,
  consolidateLedger,
  generateDistrict,
  headerLabel,
  ledgerTemplate,
  tableToRows,
  validateSheet,
  type Row,
} from '@taizhang/schema'
import { readTable } from '@taizhang/server/files'
import { consolidateLedger as referenceConsolidate } from './reference/ledgerIndicators'
import { validateSheet as referenceValidate } from './reference/SheetValidator'

const ORGS = 10_000
const TOWNSHIPS = 14
const GRIDS_PER_TOWNSHIP = 9 // 14 × 9 = 126 grids
const TARGET_MS = 150
const TARGET_RATIO = 1.5
const FILE_RUNS = Number(process.env.BENCH_FILE_RUNS ?? 3)
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 15)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** CPU time of this process so far, in ms (user + system). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

interface Timings {
  /** Wall-clock ms per run. */
  wall: number[]
  /** CPU ms per run: what the run cost, whatever else shares the cores. */
  cpu: number[]
}

/**
 * Times two implementations of the same work run by run, alternating which goes first, so
 * both see the same machine (other jobs share the cores) and neither always runs warm.
 */
function timePair(runs: number, warmup: number, a: () => void, b: () => void): [Timings, Timings] {
  for (let i = 0; i < warmup; i++) {
    a()
    b()
  }
  const out: [Timings, Timings] = [
    { wall: [], cpu: [] },
    { wall: [], cpu: [] },
  ]
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0]
    for (const k of order) {
      const c = cpuMs()
      const t = performance.now()
      ;(k === 0 ? a : b)()
      out[k]!.wall.push(performance.now() - t)
      out[k]!.cpu.push(cpuMs() - c)
    }
  }
  return out
}

/** A grid's ledger as a township would send it: title row, header, one line per row. */
async function writeGridXlsx(path: string, title: string, rows: readonly Row[]): Promise<void> {
  const columns = columnsOf(ledgerTemplate)
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('台账')
  ws.addRow([title])
  ws.mergeCells(1, 1, 1, columns.length + 1)
  ws.addRow(['序号', ...columns.map(headerLabel)])
  rows.forEach((row, i) => {
    ws.addRow([
      i + 1,
      ...columns.map((c) => {
        const v = row[c.id]
        return typeof v === 'boolean' ? (v ? '是' : '否') : (v ?? null)
      }),
    ])
  })
  await writeFile(path, new Uint8Array(await wb.xlsx.writeBuffer()))
}

const fastest = (xs: number[]): number => Math.min(...xs)

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`
}
const perSecond = (rows: number, ms: number): string =>
  `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`

async function main(): Promise<void> {
  const district = generateDistrict({
    seed: 'bench',
    townships: TOWNSHIPS,
    gridsPerTownship: GRIDS_PER_TOWNSHIP,
    totalOrgs: ORGS,
    withProblems: true,
  })
  const grids = district.townships.flatMap((t) =>
    t.grids.map((g) => ({ unit: `${t.name}${g.name}`, rows: g.rows })),
  )
  const total = grids.reduce((n, g) => n + g.rows.length, 0)
  const loadAtStart = loadavg()[0]!
  console.log(`${district.name}: ${grids.length} grids, ${total} organisations`)

  const allRows = grids.flatMap((g) => g.rows)
  // The data-defined ledger must say exactly what the hand-written one said.
  for (const g of grids) {
    deepStrictEqual(
      validateSheet(ledgerTemplate, g.rows),
      referenceValidate(ledgerTemplate, g.rows),
    )
  }
  deepStrictEqual(consolidateLedger(grids), referenceConsolidate(grids))

  const data = {
    all: () => {
      for (const g of grids) validateSheet(ledgerTemplate, g.rows)
      consolidateLedger(grids)
    },
    validate: () => {
      for (const g of grids) validateSheet(ledgerTemplate, g.rows)
    },
    consolidate: () => consolidateLedger(grids),
    oneSheet: () => validateSheet(ledgerTemplate, allRows),
  }
  const reference = {
    all: () => {
      for (const g of grids) referenceValidate(ledgerTemplate, g.rows)
      referenceConsolidate(grids)
    },
    validate: () => {
      for (const g of grids) referenceValidate(ledgerTemplate, g.rows)
    },
    consolidate: () => referenceConsolidate(grids),
    oneSheet: () => referenceValidate(ledgerTemplate, allRows),
  }
  const parts = ['all', 'validate', 'consolidate', 'oneSheet'] as const
  type Medians = { data: number[]; reference: number[]; dataCpu: number[]; referenceCpu: number[] }
  /** Per part, per round: the median of that round's runs, data-defined and reference. */
  const rounds = Object.fromEntries(
    parts.map((p) => [p, { data: [], reference: [], dataCpu: [], referenceCpu: [] }]),
  ) as unknown as Record<(typeof parts)[number], Medians>
  for (let round = 0; round < ROUNDS; round++) {
    for (const part of parts) {
      const [d, r] = timePair(MEMORY_RUNS, 3, data[part], reference[part])
      rounds[part].data.push(median(d.wall))
      rounds[part].reference.push(median(r.wall))
      rounds[part].dataCpu.push(median(d.cpu))
      rounds[part].referenceCpu.push(median(r.cpu))
    }
    const a = rounds.all
    console.log(
      `round ${round + 1}: validate + consolidate ${fmt(a.data[round]!)} (data) vs ${fmt(a.reference[round]!)} (reference)`,
    )
  }

  // From files: write once, then read + parse + validate + consolidate per run.
  const dir = await mkdtemp(join(tmpdir(), 'taizhang-bench-'))
  const paths: { unit: string; path: string }[] = []
  try {
    for (const [i, g] of grids.entries()) {
      const path = join(dir, `${String(i + 1).padStart(3, '0')}-${g.unit}.xlsx`)
      await writeGridXlsx(path, `${g.unit}两新组织党建工作台账`, g.rows)
      paths.push({ unit: g.unit, path })
    }
    const fileMs: number[] = []
    for (let run = 0; run < FILE_RUNS; run++) {
      const t = performance.now()
      const units: { unit: string; rows: Row[] }[] = []
      let count = 0
      for (const { unit, path } of paths) {
        const table = await readTable(path, ledgerTemplate)
        const rows = tableToRows(ledgerTemplate, table.match.mapping, table.dataRows).rows.map(
          (r) => r.row,
        )
        validateSheet(ledgerTemplate, rows)
        units.push({ unit, rows })
        count += rows.length
      }
      const result = consolidateLedger(units)
      fileMs.push(performance.now() - t)
      if (count !== total || result.total.orgCount !== total) {
        throw new Error(`read ${count} rows from the files, expected ${total}`)
      }
    }

    const line = (what: string, ms: number[], runs: number) =>
      `- ${what}: median ${fmt(median(ms))}, fastest ${fmt(fastest(ms))} (${runs} runs) — ${perSecond(total, median(ms))}`
    const vs = (what: string, part: (typeof parts)[number]) => {
      const { data: d, reference: r, dataCpu: dc, referenceCpu: rc } = rounds[part]
      const ratio = median(d) / median(r)
      const cpuRatio = median(dc) / median(rc)
      return `- ${what}: data-defined ${fmt(median(d))} vs reference ${fmt(median(r))} — ${ratio.toFixed(2)}× (rounds ${d.map(fmt).join(' / ')} vs ${r.map(fmt).join(' / ')}); CPU ${fmt(median(dc))} vs ${fmt(median(rc))} — ${cpuRatio.toFixed(2)}×`
    }
    const all = rounds.all
    const ratio = median(all.data) / median(all.reference)
    const m = median(all.data)
    const lines = [
      `- machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (wall times grow with it; CPU times much less)`,
      `- district: ${grids.length} grids, ${total} organisations (demo data with rule-breaking rows); data-defined and reference give the same findings and figures`,
      `- in memory, medians of ${ROUNDS} rounds of ${MEMORY_RUNS} runs each (runs interleaved), the built-in ledger as data vs the frozen hand-written rules and indicators (bench/reference):`,
      `${vs('validate 126 sheets + consolidate', 'all')} — targets ≤ ${TARGET_RATIO}× and < ${TARGET_MS} ms: ${ratio <= TARGET_RATIO ? 'ratio met' : 'ratio missed'}, ${m < TARGET_MS ? 'time met' : 'time missed'}`,
      `  ${vs('validate 126 sheets', 'validate')}`,
      `  ${vs('consolidate only', 'consolidate')}`,
      `  ${vs(`validate one ${total}-row sheet`, 'oneSheet')}`,
      "  - why: the compiled rules read each column once per row and a sheet's load takes one date (the reference makes a Date per row), so validation is faster than the hand-written code; the 汇总 alone is slower, since the data-defined indicators read every cell by its column id where the hand-written code read fixed properties",
      line(
        'from 126 xlsx files, read + parse + validate + consolidate (data-defined)',
        fileMs,
        FILE_RUNS,
      ),
    ]
    console.log(lines.join('\n'))
    await recordResults(lines)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Replace (or add) the "consolidate" section of bench/RESULTS.md, leaving others alone. */
async function recordResults(lines: string[]): Promise<void> {
  const file = resolve(fileURLToPath(import.meta.url), '../RESULTS.md')
  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch {
    text =
      '# Benchmark results\n\nFigures from `npm run bench:*`; each section is rewritten by its benchmark.\n'
  }
  const section = [
    '## consolidate',
    '',
    `\`npm run bench:consolidate\` (bench/consolidate.ts), ${new Date().toISOString().slice(0, 10)}:`,
    '',
    ...lines,
    '',
  ].join('\n')
  const re = /## consolidate\n[\s\S]*?(?=\n## |$)/
  const next = re.test(text)
    ? text.replace(re, section.trimEnd() + '\n')
    : `${text.trimEnd()}\n\n${section}`
  await writeFile(file, next.endsWith('\n') ? next : next + '\n')
}

await main()
