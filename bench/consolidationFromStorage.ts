/**
 * bench/consolidationFromStorage — the consolidation benchmark (SPEC §2.4): a district of 30
 * townships × 20 grids, one accepted 网格台账 per grid (about 10,000 organisations in
 * all), stored the way the server stores them (an SQLite update log: the sheet's first
 * update plus a run of single-cell edits, no snapshot), then the district's 汇总 computed
 * COLD by the server's own ConsolidationService: a fresh database connection, nothing
 * cached, every sheet read from the DocStore, validated (for `errorRows`) and
 * consolidated. Target < 1 s. Also shows a warm repeat (nothing changed: served from the
 * per-sheet cache). Appends its figures to bench/RESULTS.md under "export".
 * Run: `npm run bench:consolidation-storage` (from the repository root or bench/).
 * Not a test: it reports, it does not fail on a missed target. BENCH_TOWNSHIPS, BENCH_GRIDS,
 * BENCH_ROWS_PER_GRID and BENCH_EDITS change the size; BENCH_DRY=1 leaves RESULTS.md alone.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  appendRows,
  generateLedgerRows,
  SCHEMA_VERSION,
  setCell,
  UnitTree,
  writeMeta,
} from '@taizhang/schema'
import { ConsolidationService, StoredSheets } from '@taizhang/server/consolidation'
import { openDatabase, SqliteDocStore, sqliteMetaStore } from '@taizhang/server/storage'
import * as Y from 'yjs'

const here = dirname(fileURLToPath(import.meta.url))
const TOWNSHIPS = Number(process.env.BENCH_TOWNSHIPS ?? 30)
const GRIDS = Number(process.env.BENCH_GRIDS ?? 20)
const ROWS_PER_GRID = Number(process.env.BENCH_ROWS_PER_GRID ?? 17)
const EDITS_PER_SHEET = Number(process.env.BENCH_EDITS ?? 20)
const RUNS = 5
const TARGET_MS = 1000

const dataDir = mkdtempSync(join(tmpdir(), 'taizhang-bench-consolidation-'))

async function seed(): Promise<string> {
  const db = openDatabase(dataDir)
  const store = sqliteMetaStore(db)
  const docs = new SqliteDocStore(db)
  const district = await store.units.create({ name: '测试区', parentId: null, level: 'district' })
  for (let t = 0; t < TOWNSHIPS; t++) {
    const town = await store.units.create({
      name: `第${t + 1}镇`,
      parentId: district.id,
      level: 'township',
    })
    for (let g = 0; g < GRIDS; g++) {
      const name = `第${t + 1}镇第${g + 1}网格`
      const grid = await store.units.create({ name, parentId: town.id, level: 'grid' })
      const id = `sheet-${t}-${g}`
      await store.sheets.create({
        id,
        unitId: grid.id,
        template: 'ledger',
        title: `${name}台账`,
        createdBy: null,
      })
      const doc = new Y.Doc()
      let last = Y.encodeStateVector(doc)
      const rows = generateLedgerRows({ seed: 'bench', count: ROWS_PER_GRID, grid: name })
      doc.transact(() => {
        writeMeta(doc, {
          template: 'ledger',
          title: `${name}台账`,
          unitId: grid.id,
          schemaVersion: SCHEMA_VERSION,
          status: 'accepted',
        })
        appendRows(doc, rows)
      })
      const store1 = async () => {
        const update = Y.encodeStateAsUpdate(doc, last)
        last = Y.encodeStateVector(doc)
        await docs.append(id, update, null, new Date())
      }
      await store1()
      for (let e = 0; e < EDITS_PER_SHEET; e++) {
        const row = rows[e % rows.length]!
        setCell(doc, row.id, 'employees', 10 + e)
        await store1()
      }
      doc.destroy()
      await store.sheets.transition(id, 'draft', 'submitted', { action: 'submit', userId: null })
      await store.sheets.transition(id, 'submitted', 'accepted', { action: 'accept', userId: null })
    }
  }
  await docs.close()
  db.close()
  return district.id
}

/** One cold consolidation on a fresh connection; then the same again, warm. */
async function consolidateCold(districtId: string) {
  const db = openDatabase(dataDir)
  const store = sqliteMetaStore(db)
  const docs = new SqliteDocStore(db)
  const service = new ConsolidationService({
    store,
    sheets: new StoredSheets({ docs, getDoc: () => new Y.Doc() }),
  })
  const once = async () => {
    const start = performance.now()
    const tree = new UnitTree(await store.units.list())
    const result = await service.consolidate(tree, districtId, {
      template: 'ledger',
      state: 'accepted',
    })
    return { ms: performance.now() - start, result }
  }
  const cold = await once()
  // warm: the same service again, nothing stored since (only the seq check per sheet)
  const warm = await once()
  await docs.close()
  db.close()
  return { ms: cold.ms, warmMs: warm.ms, result: cold.result }
}

const seedStart = performance.now()
const districtId = await seed()
const seedMs = performance.now() - seedStart

const runs: Awaited<ReturnType<typeof consolidateCold>>[] = []
for (let i = 0; i < RUNS; i++) runs.push(await consolidateCold(districtId))

/** What a room does when it unloads: a snapshot of the whole state (the log stays). */
async function compactAll(): Promise<void> {
  const db = openDatabase(dataDir)
  const docs = new SqliteDocStore(db)
  const ids = (db.prepare('SELECT id FROM sheets').all() as { id: string }[]).map((r) => r.id)
  for (const id of ids) {
    const { updates } = await docs.load(id)
    const doc = new Y.Doc()
    for (const u of updates) Y.applyUpdate(doc, u.data)
    await docs.compact(id, Y.encodeStateAsUpdate(doc), updates.at(-1)!.seq)
    doc.destroy()
  }
  await docs.close()
  db.close()
}
await compactAll()
const compacted: number[] = []
for (let i = 0; i < RUNS; i++) compacted.push((await consolidateCold(districtId)).ms)
rmSync(dataDir, { recursive: true, force: true })
const compactedMedian = compacted.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!
const first = runs[0]!.ms
const median = runs.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!
const warm = { ms: runs.map((r) => r.warmMs).sort((a, b) => a - b)[Math.floor(RUNS / 2)]! }
const last = runs.at(-1)

const result = last!.result
if (result.template !== 'ledger') throw new Error('expected a ledger consolidation')
const total = result.total
const ms = (n: number) => `${n.toFixed(0)} ms`
const verdict = median < TARGET_MS ? 'ok' : 'MISSED'
const lines = [
  `| cold, first run in the process | ${ms(first)} | < 1 s | ${first < TARGET_MS ? 'ok' : 'MISSED'} |`,
  `| cold, median of ${RUNS} (fresh connection and cache each) | ${ms(median)} | < 1 s | ${verdict} |`,
  `| cold, median of ${RUNS}, every sheet compacted (snapshot) | ${ms(compactedMedian)} | < 1 s | ${compactedMedian < TARGET_MS ? 'ok' : 'MISSED'} |`,
  `| warm (cached, nothing changed) | ${ms(warm.ms)} | — | — |`,
]
console.log(
  `${TOWNSHIPS} townships × ${GRIDS} grids = ${TOWNSHIPS * GRIDS} sheets, ` +
    `${total.orgCount} organisations, ${total.errorRows} rows with errors; seeded in ${ms(seedMs)}`,
)
for (const line of lines) console.log(line)

const section = [
  '',
  `### export: district consolidation from storage — ${new Date().toISOString().slice(0, 16)}Z`,
  '',
  `\`npm run bench:consolidation-storage\` (bench/consolidationFromStorage.ts): ` +
    `${TOWNSHIPS} townships × ${GRIDS} grids = ${TOWNSHIPS * GRIDS} accepted sheets, ` +
    `${total.orgCount} organisations, each sheet stored as 1 + ${EDITS_PER_SHEET} updates ` +
    `(no snapshot; then again after every sheet was compacted, as a room does on unload); ` +
    `read, validated and consolidated by ConsolidationService. ` +
    `Node ${process.version}, ${cpus().length} CPU(s), load average ${loadavg()[0]!.toFixed(1)} at the end.`,
  '',
  '| run | time | target | verdict |',
  '|---|---|---|---|',
  ...lines,
  '',
].join('\n')

if (process.env.BENCH_DRY) process.exit(0)

// under the last "## export" section (the export benchmark writes those), else a new one
const resultsFile = join(here, 'RESULTS.md')
const text = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n'
const lastExport = text.lastIndexOf('\n## export')
if (lastExport < 0) {
  writeFileSync(resultsFile, text.trimEnd() + '\n\n## export\n' + section)
} else {
  const next = text.indexOf('\n## ', lastExport + 1)
  const at = next < 0 ? text.length : next
  writeFileSync(resultsFile, text.slice(0, at).trimEnd() + '\n' + section + text.slice(at))
}
