/**
 * @module cli/validate
 * `taizhang validate FILE… --template ID|FILE.json [--json]` (SPEC §6.2, §7): every rule of
 * the template (a built-in id or a template file, `templateArg.ts`) on every row of each
 * file, offline. `--json` prints exactly
 * `{"files":[{"file","rows","findings":[{"row","column","rule","severity","message"}]}]}`
 * (`row` the 1-based data row, `column` a column id); otherwise a Chinese report per
 * file with row numbers and column labels. Exit 0 with no `error` finding, 1 with some,
 * 2 when a file cannot be read (the other files are still checked and reported).
 */
import { columnsOf, validateSheet, type Finding, type GridTemplate } from '@taizhang/schema'
import { TableReadError } from '../files/TableReadError'
import { fileLine, readSheet, type SheetFile } from './readSheet'
import { loadTemplateArg } from './templateArg'
import { parseCommand, UsageError } from './usage'

/** One finding as `--json` prints it. */
export interface FileFinding {
  row: number
  column: string
  rule: string
  severity: Finding['severity']
  message: string
}

export interface FileReport {
  file: string
  rows: number
  findings: FileFinding[]
}

export async function runValidate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    template: { type: 'string', short: 't' },
    json: { type: 'boolean', default: false },
  })
  if (values.template === undefined) {
    throw new UsageError('请用 --template ledger、scoring 或表样文件（*.json）指定模板')
  }
  const template = await loadTemplateArg(values.template)
  if (positionals.length === 0) throw new UsageError('请指定要检查的文件（xlsx 或 csv）')

  const reports: FileReport[] = []
  let unreadable = 0
  for (const file of positionals) {
    let sheet: SheetFile
    try {
      sheet = await readSheet(file, template)
    } catch (e) {
      if (!(e instanceof TableReadError)) throw e
      process.stderr.write(`taizhang：${e.message}\n`)
      unreadable++
      continue
    }
    const report = checkSheet(file, template, sheet)
    reports.push(report)
    if (values.json) {
      if (sheet.table.match.unknown.length > 0) {
        process.stderr.write(`${file}：已忽略未知列 ${sheet.table.match.unknown.join('、')}\n`)
      }
    } else {
      process.stdout.write(humanReport(template, sheet, report))
    }
  }
  if (values.json) process.stdout.write(JSON.stringify({ files: reports }, null, 2) + '\n')
  else if (reports.length > 1) process.stdout.write(summaryLine(reports))
  if (unreadable > 0) return 2
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0
}

/** Validate a read file; findings in row order, then in column order. */
export function checkSheet(file: string, template: GridTemplate, sheet: SheetFile): FileReport {
  const rowOf = new Map(sheet.rows.map((r) => [r.row.id, r.dataRow]))
  const columnOrder = new Map(columnsOf(template).map((c, i) => [c.id, i]))
  const findings = validateSheet(
    template,
    sheet.rows.map((r) => r.row),
  )
    .map((f) => ({
      row: rowOf.get(f.rowId) ?? 0,
      column: f.column,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
    }))
    .sort(
      (a, b) =>
        a.row - b.row || (columnOrder.get(a.column) ?? 999) - (columnOrder.get(b.column) ?? 999),
    )
  return { file, rows: sheet.rows.length, findings }
}

const SEVERITY = { error: '错误', warning: '警告' } as const

function count(findings: readonly FileFinding[], severity: FileFinding['severity']): number {
  return findings.filter((f) => f.severity === severity).length
}

function humanReport(template: GridTemplate, sheet: SheetFile, report: FileReport): string {
  const labels = new Map(columnsOf(template).map((c) => [c.id, c.label]))
  const lines = [`${report.file}（${template.name}，${report.rows} 行数据）`]
  const { unknown } = sheet.table.match
  if (unknown.length > 0) lines.push(`  已忽略未知列：${unknown.join('、')}`)
  for (const s of sheet.skipped) {
    lines.push(
      `  已跳过第 ${s.dataRow} 行（表格第 ${fileLine(sheet.table, s.dataRow)} 行）：${s.reason}`,
    )
  }
  for (const f of report.findings) {
    const where = `第 ${f.row} 行（表格第 ${fileLine(sheet.table, f.row)} 行）`
    const label = labels.get(f.column) ?? f.column
    lines.push(`  ${where} ${label}：[${SEVERITY[f.severity]}] ${f.message}（${f.rule}）`)
  }
  const errors = count(report.findings, 'error')
  const warnings = count(report.findings, 'warning')
  lines.push(
    errors + warnings === 0 ? '  未发现问题。' : `  共 ${errors} 个错误，${warnings} 个警告。`,
  )
  return lines.join('\n') + '\n\n'
}

function summaryLine(reports: readonly FileReport[]): string {
  const all = reports.flatMap((r) => r.findings)
  const rows = reports.reduce((n, r) => n + r.rows, 0)
  return `合计：${reports.length} 个文件，${rows} 行数据，${count(all, 'error')} 个错误，${count(all, 'warning')} 个警告。\n`
}
