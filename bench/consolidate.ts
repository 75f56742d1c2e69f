/**
 * bench/consolidate — how long checking and consolidating a district's ledgers takes
 * (issue 2): a demo district of 10,000 organisations in 126 grids.
 * - from files: 126 xlsx files (title row, header, rows) read, matched, parsed,
 *   validated and consolidated — what `taizhang consolidate` does;
 * - in memory: validate + consolidate of the same 10,000 rows (target < 150 ms), as the
 *   server does for a 汇总表; also one 10,000-row sheet validated at once.
 * Prints medians and rows/s, and writes them into the "consolidate" section of
 * bench/RESULTS.md. Run with `npm run bench:consolidate`.
 */
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

const ORGS = 10_000
const TOWNSHIPS = 14
const GRIDS_PER_TOWNSHIP = 9 // 14 × 9 = 126 grids
const TARGET_MS = 150
const FILE_RUNS = Number(process.env.BENCH_FILE_RUNS ?? 3)
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 15)

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function time(runs: number, warmup: number, fn: () => void): number[] {
  for (let i = 0; i < warmup; i++) fn()
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    ms.push(performance.now() - t)
  }
  return ms
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
  console.log(`${district.name}: ${grids.length} grids, ${total} organisations`)

  // In memory: validate every grid's sheet, then consolidate the district.
  const memory = time(MEMORY_RUNS, 3, () => {
    for (const g of grids) validateSheet(ledgerTemplate, g.rows)
    consolidateLedger(grids)
  })
  const allRows = grids.flatMap((g) => g.rows)
  const oneSheet = time(MEMORY_RUNS, 2, () => validateSheet(ledgerTemplate, allRows))
  const consolidateOnly = time(MEMORY_RUNS, 3, () => consolidateLedger(grids))

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

    const m = median(memory)
    const line = (what: string, ms: number[], runs: number) =>
      `- ${what}: median ${fmt(median(ms))}, fastest ${fmt(fastest(ms))} (${runs} runs) — ${perSecond(total, median(ms))}`
    const lines = [
      `- machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end (the fastest run is the better guide when other jobs share the cores)`,
      `- district: ${grids.length} grids, ${total} organisations (demo data with rule-breaking rows)`,
      `${line('in memory, validate 126 sheets + consolidate', memory, MEMORY_RUNS)} — target < ${TARGET_MS} ms: median ${m < TARGET_MS ? 'meets it' : 'misses it'}, fastest ${fastest(memory) < TARGET_MS ? 'meets it' : 'misses it'}`,
      line(`in memory, validate one ${total}-row sheet`, oneSheet, MEMORY_RUNS),
      line('in memory, consolidate only', consolidateOnly, MEMORY_RUNS),
      line('from 126 xlsx files, read + parse + validate + consolidate', fileMs, FILE_RUNS),
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
