/**
 * @module admin/templates/previewRows
 * The sample rows of the editor's live preview: a few realistic organisations from the demo
 * generator (some breaking rules on purpose) plus one that breaks the seed thresholds, kept to
 * the draft's own columns; for a 评分表 a few inspections scored by its criteria. Written into
 * an in-memory Y.Doc, so the preview is the real grid with live findings, never stored.
 */
import {
  appendRows,
  columnsOf,
  generateLedgerRows,
  generateScoringRows,
  type CellValue,
  type GridTemplate,
  type Row,
} from '@taizhang/schema'
import * as Y from 'yjs'

const SEED = '表样预览'

/** One row that breaks the built-in thresholds (50人以上 without a member, training < 7 days …). */
const TROUBLED: Row = {
  id: 'preview-troubled',
  name: '示例科技有限公司',
  category: '非公企业',
  industry: '信息技术',
  employees: 60,
  members: 0,
  probationary: 0,
  orgForm: '未建立',
  secretaryTrainingDays: 3,
}

/** `rows` with only the keys the template has (and the id). */
function keep(template: GridTemplate, rows: readonly Row[]): Record<string, CellValue>[] {
  const ids = new Set(columnsOf(template).map((c) => c.id))
  return rows.map((row) => {
    const out: Record<string, CellValue> = { id: row.id }
    for (const [k, v] of Object.entries(row)) if (ids.has(k)) out[k] = v
    return out
  })
}

export function previewRows(template: GridTemplate): Record<string, CellValue>[] {
  const ledger = generateLedgerRows({ seed: SEED, count: 5, grid: '示例网格', withProblems: true })
  if (template.kind === 'ledger') return keep(template, [TROUBLED, ...ledger])
  const scored = generateScoringRows({
    seed: SEED,
    count: 4,
    ledgerRows: ledger,
    team: '示例督查组',
    withProblems: true,
    template,
  })
  return keep(template, scored)
}

/** A throw-away doc holding the sample rows. */
export function previewDoc(template: GridTemplate): Y.Doc {
  const doc = new Y.Doc()
  appendRows(doc, previewRows(template))
  return doc
}
