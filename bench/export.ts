/**
 * bench/export — the export benchmark (SPEC §5): a 10,000-row 网格台账 written as xlsx,
 * PDF and CSV through the same writers the server uses, each timed once after a small
 * warm-up (so the font is loaded and code is compiled), against the targets
 * xlsx < 2 s and PDF < 10 s. Appends a section to bench/RESULTS.md under "export".
 * Run: `npm run bench:export` (from the repository root or bench/).
 * Not a test: it reports, it does not fail on a missed target.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateLedgerRows, ledgerTemplate, type Row, type ExportMeta } from '@taizhang/schema'
import { writeSheetCsv, writeSheetPdf, writeSheetXlsx } from '@taizhang/server/export'

const here = dirname(fileURLToPath(import.meta.url))
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 10_000)

const meta: ExportMeta = {
  unitName: '城东街道',
  title: '2026年网格台账',
  filler: '王丽',
  reviewer: '张建国',
  date: '2026-03-31',
  version: { hash: 'b3c1e9f04d2a7781', at: new Date().toISOString() },
}

function ledgerRows(count: number): Row[] {
  const rows: Row[] = []
  for (let g = 0; rows.length < count; g++) {
    const grid = `幸福社区第${g + 1}网格`
    rows.push(
      ...generateLedgerRows({ seed: 'bench', count: Math.min(200, count - rows.length), grid }),
    )
  }
  return rows
}

/**
 * Wall time and this process's CPU time: on a shared, busy machine the wall time says
 * more about the neighbours than about the code; CPU time is what the export costs.
 */
async function time<T>(run: () => Promise<T> | T): Promise<{ ms: number; cpu: number; result: T }> {
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  const result = await run()
  const cpu = process.cpuUsage(cpu0)
  return { ms: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000, result }
}

const rows = ledgerRows(ROWS)
const input = { template: ledgerTemplate, rows, meta }
// Warm-up: load exceljs, pdfmake and the font once, as a running server has.
await writeSheetXlsx({ ...input, rows: rows.slice(0, 20) })
await writeSheetPdf({ ...input, rows: rows.slice(0, 20) })

const xlsx = await time(() => writeSheetXlsx(input))
const csv = await time(() => writeSheetCsv(input))
const pdf = await time(() => writeSheetPdf(input))

const outDir = join(here, 'out')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'ledger-10k.xlsx'), xlsx.result)
writeFileSync(join(outDir, 'ledger-10k.csv'), csv.result)
writeFileSync(join(outDir, 'ledger-10k.pdf'), pdf.result)

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const t = (r: { ms: number; cpu: number }) => `${s(r.ms)} (CPU ${s(r.cpu)})`
const mb = (b: Buffer) => `${(b.length / 1024 / 1024).toFixed(1)} MB`
const verdict = (ms: number, target: number) => (ms < target ? 'ok' : 'MISSED')
const lines = [
  `| xlsx | ${t(xlsx)} | < 2 s | ${verdict(xlsx.ms, 2000)} | ${mb(xlsx.result)} |`,
  `| PDF | ${t(pdf)} | < 10 s | ${verdict(pdf.ms, 10_000)} | ${mb(pdf.result)} |`,
  `| CSV | ${t(csv)} | — | — | ${mb(csv.result)} |`,
]
for (const line of lines) console.log(line)

const resultsFile = join(here, 'RESULTS.md')
if (!existsSync(resultsFile)) writeFileSync(resultsFile, '# Benchmark results\n')
appendFileSync(
  resultsFile,
  [
    '',
    `## export — ${new Date().toISOString().slice(0, 16)}Z, ${ROWS} ledger rows × ${ledgerTemplate.columns.length} columns`,
    '',
    `Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ` +
      `load average ${loadavg()[0]!.toFixed(1)} at the end. Time is wall clock (CPU time of this process).`,
    '',
    '| format | time | target | verdict (wall) | size |',
    '|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n'),
)
