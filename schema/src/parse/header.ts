/**
 * @module parse/header
 * Matching a file's header cells to a template's columns (SPEC §6.1), the way headers
 * really arrive from townships: 全角 letters and brackets, spaces and line breaks inside
 * a cell, any kind of quotes (是否"一肩挑" = 是否“一肩挑” = 是否「一肩挑」), a trailing
 * unit such as (元) (人) (5分), and two-level headers (人员 over 从业人员数).
 * Both the Chinese labels and the column ids (`employees`) are accepted, and a few
 * names townships commonly use instead (企业名称, 职工人数, 组建形式 …).
 * Not for: finding which row of a file is the header (server/src/files/readTable.ts)
 * or reading cell values (parse/cell.ts).
 */
import { columnsOf } from '../templates/columns'
import type { Column, GridTemplate } from '../templates/types'

/** What a header row means for a template. */
export interface HeaderMatch {
  /** Per header cell, the column id it fills, or null (序号, unknown, empty, repeated). */
  mapping: (string | null)[]
  /** Header texts that matched no column (序号 and empty cells not included), each once. */
  unknown: string[]
  /** Ids of required columns no header cell matched. */
  missingRequired: string[]
}

/** Headers that are numbering, never data: ignored without being listed as unknown. */
const IGNORED = new Set(['序号', '编号', 'no', 'no.'])

/**
 * Other names townships give the same column (header text → the template label it
 * means). Keyed by label, not id, so they apply to whichever template has that label.
 */
const LABEL_ALIASES: Record<string, string> = {
  企业名称: '组织名称',
  单位名称: '组织名称',
  组织全称: '组织名称',
  信用代码: '统一社会信用代码',
  社会信用代码: '统一社会信用代码',
  统一信用代码: '统一社会信用代码',
  职工人数: '从业人员数',
  员工人数: '从业人员数',
  从业人数: '从业人员数',
  从业人员: '从业人员数',
  联系方式: '联系电话',
  组建形式: '组建方式',
  党组织组建方式: '组建方式',
  党组织组建形式: '组建方式',
}

const QUOTES = /["'“”‘’「」『』〝〞＂＇`]/g
const SPACES = /[\s\u3000\u00a0\u200b\ufeff]+/g
/** A short bracketed tail: (元) (人) (5分) (万元) (全称) after NFKC turned （） into (). */
const TRAILING_UNIT = /[([【〔]\s*[^()[\]【】〔〕]{1,8}\s*[)\]】〕]$/

/**
 * The comparable form of a header text: NFKC (全角 → 半角), no spaces or line breaks,
 * no quotes, lower-case (for ids typed as `CreditCode`).
 */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(SPACES, '').replace(QUOTES, '').toLowerCase()
}

/** The header without a trailing bracketed unit: 年度党建经费(元) → 年度党建经费. */
function withoutUnit(normalized: string): string {
  const stripped = normalized.replace(TRAILING_UNIT, '')
  return stripped === '' ? normalized : stripped
}

/** The key headers are compared by: normalised and without a trailing unit. */
export function headerKey(text: string): string {
  return withoutUnit(normalizeHeader(text))
}

interface ColumnIndex {
  /** normalised label, label-with-unit or id → column id */
  byKey: Map<string, string>
  /** normalised group → its columns (for 六有 over 场所 → 有场所) */
  byGroup: Map<string, Column[]>
}

function indexColumns(columns: Column[]): ColumnIndex {
  const byKey = new Map<string, string>()
  const byGroup = new Map<string, Column[]>()
  const add = (key: string, id: string) => {
    if (key !== '' && !byKey.has(key)) byKey.set(key, id)
  }
  // Labels first so that a label always wins over another column's id.
  for (const c of columns) add(withoutUnit(normalizeHeader(c.label)), c.id)
  for (const c of columns) add(normalizeHeader(c.label), c.id)
  for (const c of columns) add(normalizeHeader(c.id), c.id)
  const byLabel = new Map(columns.map((c) => [headerKey(c.label), c.id]))
  for (const [alias, label] of Object.entries(LABEL_ALIASES)) {
    const id = byLabel.get(headerKey(label))
    if (id) add(headerKey(alias), id)
  }
  for (const c of columns) {
    if (!c.group) continue
    const g = withoutUnit(normalizeHeader(c.group))
    add(g + withoutUnit(normalizeHeader(c.label)), c.id)
    byGroup.set(g, [...(byGroup.get(g) ?? []), c])
  }
  return { byKey, byGroup }
}

/** Header detection tries up to ten rows per file: index each template once. */
const indexes = new WeakMap<GridTemplate, ColumnIndex>()

function lookup(index: ColumnIndex, text: string): string | null {
  const n = normalizeHeader(text)
  if (n === '') return null
  return index.byKey.get(n) ?? index.byKey.get(withoutUnit(n)) ?? null
}

/**
 * A lower cell under a group cell: the combination (党组织 + 名称 → 党组织名称), or,
 * inside the group, the one label that ends with the lower text (六有 + 场所 → 有场所).
 */
function lookupInGroup(index: ColumnIndex, group: string, lower: string): string | null {
  const g = withoutUnit(normalizeHeader(group))
  const l = withoutUnit(normalizeHeader(lower))
  if (g === '' || l === '') return null
  const combined = index.byKey.get(g + l)
  if (combined) return combined
  const tails = (index.byGroup.get(g) ?? []).filter((c) =>
    withoutUnit(normalizeHeader(c.label)).endsWith(l),
  )
  return tails.length === 1 ? tails[0]!.id : null
}

/**
 * Match header cells to the template's columns. `groups` is the row above for a
 * two-level header (merged group cells repeated over their area); a header cell is
 * matched on its own text first, then with its group. An empty lower cell takes the
 * group cell's text (a two-level header saved without merges, as CSV does).
 * The first cell that matches a column wins; a later cell for the same column is
 * listed as unknown so its values are never silently mixed in.
 */
export function matchHeaders(
  template: GridTemplate,
  headers: readonly string[],
  groups?: readonly (string | undefined)[],
): HeaderMatch {
  const columns = columnsOf(template)
  let index = indexes.get(template)
  if (!index) {
    index = indexColumns(columns)
    indexes.set(template, index)
  }
  const taken = new Set<string>()
  const mapping: (string | null)[] = []
  const unknown: string[] = []
  headers.forEach((raw, i) => {
    const group = groups?.[i] ?? ''
    const text = (raw ?? '').trim() === '' ? group : raw
    const shown = text.replace(SPACES, ' ').trim()
    if (shown === '' || IGNORED.has(normalizeHeader(text))) {
      mapping.push(null)
      return
    }
    const id = lookup(index, text) ?? lookupInGroup(index, group, text)
    if (id === null || taken.has(id)) {
      mapping.push(null)
      if (!unknown.includes(shown)) unknown.push(shown)
      return
    }
    taken.add(id)
    mapping.push(id)
  })
  const missingRequired = columns.filter((c) => c.required && !taken.has(c.id)).map((c) => c.id)
  return { mapping, unknown, missingRequired }
}
