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
export { headerKey, matchHeaders, normalizeHeader } from './parse/header'
export type { HeaderMatch } from './parse/header'
export { cellText, tableToRows } from './import/tableToRows'
export type {
  SkippedRow,
  TableCell,
  TableRow,
  TableRows,
  TableToRowsOptions,
} from './import/tableToRows'
// Parsing, cell and row rules, scoring, validation (issue #2 items 2–3).
export {
  isCalendarDate,
  normalizeText,
  parseDate,
  parseNumberText,
  parseOption,
  parseYesNo,
  toHalfWidth,
} from './parse/normalize'
export { parseCell } from './parse/cell'
export { checkCell, isIsoDate } from './rules/cellRules'
export type { CellProblem } from './rules/cellRules'
export { isEmptyCell, memberSum } from './rules/rule'
export type { RowRule, RuleContext } from './rules/rule'
export { isValidPhone, phoneRule } from './rules/phone'
export { creditCodeProblem, creditCodeRule } from './rules/creditCodeRule'
export { ledgerRules } from './rules/ledgerRules'
export { localToday, scoringRules } from './rules/scoringRules'
export { rulesFor } from './rules/rulesFor'
export {
  computeTotal,
  gradeOf,
  gradeRank,
  needsRectification,
  withComputed,
} from './scoring/computeScore'
export { validateRow } from './validate/validateRow'
export type { ValidateOptions } from './validate/validateRow'
export { SheetValidator, validateSheet } from './validate/SheetValidator'
export type { FindingCounts, SheetValidatorOptions } from './validate/SheetValidator'
export {
  ACKS,
  ackKey,
  acknowledgeFinding,
  acksMap,
  readAcks,
  removeAcknowledgement,
} from './doc/sheetDoc'
export type { Acknowledgement } from './doc/sheetDoc'
export { divideHalfUp, formatRate, formatTenths, makeRate, pctTenths } from './consolidate/rate'
export type { Rate } from './consolidate/rate'
export {
  LEDGER_INDICATORS,
  STAR_KEYS,
  consolidateLedger,
  isLedgerIndicatorId,
  ledgerDrillDown,
  ledgerIndicators,
  ledgerRowFacts,
  mergeLedgerIndicators,
} from './consolidate/ledgerIndicators'
export type {
  DrillDownOptions,
  LedgerConsolidateOptions,
  LedgerConsolidation,
  LedgerCountId,
  LedgerDrillDown,
  LedgerIndicatorDef,
  LedgerIndicatorId,
  LedgerIndicators,
  LedgerRateId,
  LedgerUnitIndicators,
  RowFacts,
  StarCounts,
  StarKey,
} from './consolidate/ledgerIndicators'
export {
  consolidateScoring,
  scoringDrillDown,
  scoringIndicators,
} from './consolidate/scoringSummary'
export type {
  ScoringConsolidation,
  ScoringDrillDownOptions,
  ScoringIndicatorId,
  ScoringIndicators,
  ScoringUnitIndicators,
} from './consolidate/scoringSummary'
export { createRandom, hashSeed } from './demo/random'
export type { Random } from './demo/random'
export {
  chineseNumeral,
  generateDistrict,
  generateLedgerRows,
  personName,
} from './demo/organisations'
export type {
  DemoDistrict,
  DemoGrid,
  DemoTownship,
  DistrictOptions,
  LedgerRowsOptions,
} from './demo/organisations'
export { generateScoringRows } from './demo/scoringRows'
export type { ScoringRowsOptions } from './demo/scoringRows'
export { validCreditCodeOf } from './rules/creditCodeRule'
// Reliability (issue #6): a row read that survives hostile docs (a non-map under `rows`).
export { rowAt } from './doc/sheetDoc'
// Export layout shared by the server's writers and the browser's offline export (issue #5).
export { exportText, exportValue } from './export/cellText'
export type { ExportValue } from './export/cellText'
export { headerLayout } from './export/headerLayout'
export type { HeaderCell, HeaderColumn } from './export/headerLayout'
export { csvText, looksLikeFormula, xlsxText, xlsxValue } from './export/safeCell'
export { chinaTime, shortHash, signatureFields, versionLabel } from './export/sheetFooter'
export type { ExportMeta, SheetVersion, SignatureField } from './export/sheetFooter'
// The 调研报告 sections and its 基本情况 statistics table (issue #5).
export {
  REPORT_META_KEYS,
  REPORT_SECTIONS,
  reportFragment,
  statsTableIndex,
  writeStatsTable,
} from './doc/reportDoc'
export type { ReportSectionId } from './doc/reportDoc'
export {
  FIRST_DATA_ROW,
  HEADER_ROWS,
  STYLES,
  TITLE_ROW,
  VERSION_ROW,
  columnLetter,
  columnStyle,
  excelWidth,
  listOptions,
  sheetName,
} from './export/xlsxStyle'
export type {
  ChildExtras,
  ConsolidationHead,
  ConsolidationResult,
  ConsolidationState,
  ConsolidationTemplate,
  LedgerChildRow,
  MissingRef,
  ScoringChildRow,
  SheetRef,
} from './consolidate/consolidationReport'
