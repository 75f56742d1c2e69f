/**
 * @module cli/consolidate
 * `taizhang consolidate FILE… [--template FILE.json] [--json] [--out summary.xlsx]` (SPEC
 * §6.2, §2.4, §7; without `--template` the built-in 网格台账 and its typed figures): each
 * file is a child unit named after the file (without extension), unless the file has a
 * 所属单位 column: then its rows are grouped by that column (an empty cell falls back to
 * the file name) and files naming the same unit are added together. `--json` prints
 * exactly what `consolidateLedger` returns; `--out` also writes the 汇总表 as xlsx
 * (titled with `--unit`, else the name of the folder the first file is in).
 * Rows with `error` findings still count (SPEC §2.4); a note on stderr says how many.
 * Any unreadable file: nothing is printed but the reason, exit 2 — a total missing one
 * grid would look right and be wrong.
 */
import { writeFile } from 'node:fs/promises'
import { basename, dirname, extname, resolve } from 'node:path'
import {
  cellText,
  consolidateLedger,
  consolidateTemplate,
  consolidationJson,
  headerKey,
  ledgerTemplate,
  validateSheet,
  HEADLINE_INDICATORS,
  indicatorTable,
  type GridTemplate,
  type LedgerConsolidation,
  type Row,
  type TemplateConsolidationResult,
} from '@taizhang/schema'
import { indicatorHeadings } from '../consolidation/consolidationService'
import { loadTemplateArg } from './templateArg'
import { TableReadError } from '../files/TableReadError'
import { readSheet, type SheetFile } from './readSheet'
import { parseCommand, UsageError } from './usage'

/** The header of the optional column that names each row's unit. */
const UNIT_HEADER = headerKey('所属单位')

export async function runConsolidate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    json: { type: 'boolean', default: false },
    out: { type: 'string', short: 'o' },
    unit: { type: 'string' },
    template: { type: 'string', short: 't' },
  })
  if (positionals.length === 0) throw new UsageError('请指定要汇总的台账文件（xlsx 或 csv）')
  const template =
    values.template === undefined ? ledgerTemplate : await loadTemplateArg(values.template)
  // the built-in ledger keeps its typed figures (SPEC §6.1); any other template is data
  const builtInLedger = template === ledgerTemplate

  const sheets: { file: string; sheet: SheetFile }[] = []
  let unreadable = 0
  for (const [i, file] of positionals.entries()) {
    try {
      sheets.push({ file, sheet: await readSheet(file, template, `f${i + 1}r`) })
    } catch (e) {
      if (!(e instanceof TableReadError)) throw e
      process.stderr.write(`taizhang：${e.message}\n`)
      unreadable++
    }
  }
  if (unreadable > 0) {
    process.stderr.write('有文件无法读取，未生成汇总。\n')
    return 2
  }

  const units = new Map<string, Row[]>()
  let rowsWithErrors = 0
  for (const { file, sheet } of sheets) {
    rowsWithErrors += noteErrorRows(file, sheet, template)
    const fallback = basename(file, extname(file))
    const unitColumn = sheet.table.headers.findIndex((h) => headerKey(h) === UNIT_HEADER)
    for (const { row, cells } of sheet.rows) {
      const named = unitColumn >= 0 ? cellText(cells[unitColumn]) : ''
      const unit = named === '' ? fallback : named
      const list = units.get(unit)
      if (list) list.push(row)
      else units.set(unit, [row])
    }
  }
  const input = [...units].map(([unit, rows]) => ({ unit, rows }))
  // The consolidating unit: --unit, else the folder the first file is in (东城街道/一网格.xlsx).
  const unitName = values.unit ?? basename(dirname(resolve(positionals[0]!)))
  let result: LedgerConsolidation | TemplateConsolidationResult
  if (builtInLedger) {
    const ledger = consolidateLedger(input)
    result = ledger
    process.stdout.write(values.json ? JSON.stringify(ledger, null, 2) + '\n' : humanTable(ledger))
  } else {
    const json = consolidationJson(consolidateTemplate(template, input))
    process.stdout.write(
      values.json ? JSON.stringify(json, null, 2) + '\n' : templateTable(template, json),
    )
    result = templateResult(template, unitName, json, rowsWithErrors)
  }
  if (values.out !== undefined) {
    const { writeConsolidationXlsx } = await import('../export/consolidationXlsx')
    const bytes = await writeConsolidationXlsx(result, {
      title: builtInLedger ? '网格台账汇总表' : `${template.name}汇总表`,
      unitName,
      rowsWithErrors,
    })
    try {
      await writeFile(values.out, bytes)
    } catch {
      process.stderr.write(`taizhang：${values.out}：无法写入汇总表文件\n`)
      return 2
    }
    process.stderr.write(`已写入汇总表 ${values.out}\n`)
  }
  return 0
}

/** SPEC §2.4: rows with errors are counted; say so, once per file. Returns how many. */
function noteErrorRows(file: string, sheet: SheetFile, template: GridTemplate): number {
  const findings = validateSheet(
    template,
    sheet.rows.map((r) => r.row),
  )
  const errorRows = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rowId))
  if (errorRows.size > 0) {
    process.stderr.write(
      `${file}：${errorRows.size} 行存在错误，仍计入汇总（可用 taizhang validate 查看）\n`,
    )
  }
  return errorRows.size
}

// The coverage rates without 党的, to keep the terminal table narrow.
const RENAME = { orgCoverage: '组织覆盖率', workCoverage: '工作覆盖率' }

/** Display width: CJK and 全角 characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6—]/.test(
        ch,
      )
        ? 2
        : 1
  return w
}

function pad(text: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)))
  return right ? fill + text : text + fill
}

function humanTable(result: LedgerConsolidation): string {
  const [header, ...body] = indicatorTable(result, HEADLINE_INDICATORS, RENAME)
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]!))))
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return (
    [line(header), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)].join('\n') + '\n'
  )
}

/** A template's 汇总 in the shape the xlsx writer takes (no sheets behind it). */
function templateResult(
  template: GridTemplate,
  unitName: string,
  json: ReturnType<typeof consolidationJson>,
  errorRows: number,
): TemplateConsolidationResult {
  const none = { sheets: [], missing: [], returned: [], pending: [], errorRows: 0 }
  return {
    unitId: '',
    unitName,
    state: 'latest',
    generatedAt: new Date().toISOString(),
    template: template.id,
    templateVersion: template.version,
    templateName: template.name,
    indicators: indicatorHeadings(template),
    units: json.units.map((u) => ({ ...(u as { unit: string }), ...none, unitId: '' })),
    total: { ...json.total, errorRows },
  }
}

/** Any template's figures as a terminal table: one line per unit, then 合计. */
function templateTable(template: GridTemplate, json: ReturnType<typeof consolidationJson>): string {
  const headings = indicatorHeadings(template)
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return '—'
    if (typeof v === 'number') return String(v)
    if (typeof v === 'object' && 'pct' in v) {
      const pct = (v as { pct: number | null }).pct
      return pct === null ? '—' : `${pct.toFixed(1)}%`
    }
    return Object.entries(v as Record<string, number>)
      .map(([k, n]) => `${k}:${n}`)
      .join(' ')
  }
  const rows = [...json.units, { unit: '合计', ...json.total }].map((u) => [
    String((u as { unit: string }).unit),
    ...headings.map((h) => {
      const met = (u as { met?: Record<string, boolean | null> }).met?.[h.id]
      return show((u as Record<string, unknown>)[h.id]) + (met === false ? '▼' : '')
    }),
  ])
  const header = ['单位', ...headings.map((h) => h.label)]
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))))
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return (
    [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows.at(-1)!)].join('\n') + '\n'
  )
}
