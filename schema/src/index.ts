/**
 * @module @taizhang/schema
 * What the browser and the server must agree on: templates, parsing of typed cell
 * text, rules and findings, consolidation, and the Yjs document layout.
 * Exports are listed by name (no `export *`), so the public surface is visible here.
 */
export {
  ColumnSchema,
  ColumnTypeSchema,
  CriterionSchema,
  GradeBandSchema,
  LedgerTemplateSchema,
  ReportTemplateSchema,
  ScoringTemplateSchema,
  TemplateSchema,
} from './templates/types'
export type {
  CellValue,
  Column,
  ColumnType,
  Criterion,
  Finding,
  GradeBand,
  GridTemplate,
  LedgerTemplate,
  ReportTemplate,
  Row,
  ScoringTemplate,
  Severity,
  Template,
  TemplateKind,
} from './templates/types'
export {
  BUILT_FORMS,
  CATEGORIES,
  NEW_ECONOMIC,
  NEW_SOCIAL,
  ORG_FORMS,
  SIX_HAVE_COLUMNS,
  ledgerColumns,
  ledgerTemplate,
} from './templates/ledger'
export { defaultCriteria, scoringTemplate } from './templates/scoring'
export { reportTemplate } from './templates/report'
export { builtinTemplate, columnsOf, headerLabel } from './templates/columns'
export {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  isValidCreditCode,
  normalizeCreditCode,
  withCheckChar,
} from './rules/creditCode'
export {
  CONFLICTS,
  DELETED,
  META,
  POS,
  ROWS,
  SCHEMA_VERSION,
  appendRows,
  conflictKey,
  conflictsMap,
  deleteRow,
  insertRow,
  isDeleted,
  metaMap,
  moveRow,
  newId,
  orderedRowIds,
  readConflicts,
  readMeta,
  readRow,
  readRows,
  restoreRow,
  rowToPlain,
  rowsMap,
  setCell,
  updateRow,
  writeMeta,
} from './doc/sheetDoc'
export type {
  ConflictRecord,
  ConflictValue,
  InsertOptions,
  RowMap,
  SheetMeta,
  SheetStatus,
} from './doc/sheetDoc'
