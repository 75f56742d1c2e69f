/**
 * @module @taizhang/schema
 * What the browser and the server must agree on: roles and permissions, the workflow,
 * templates and the template language, parsing of typed cell text, rules and findings,
 * consolidation, the Yjs document layout, the sync close codes and the shapes the HTTP
 * API sends.
 * One block per folder, in folder order; exported by name (no `export *`), so the public
 * surface is visible here: what the other workspaces import, plus the template language's
 * API for stored templates, their routes and the editor (docs/ARCHITECTURE.md §12.5:
 * `definition/`, the consolidate and template functions it lists). Test support is the
 * separate `@taizhang/schema/test`.
 */
// access/ — roles, unit levels, the unit tree and what each role may do
export {
  canAdminister,
  canCreateSheet,
  canPerform,
  canRead,
  canResolveConflicts,
  canWrite,
  rolesAt,
  sheetAbilities,
  sheetAccessLevel,
} from './access/permissions'
export type { SheetAbilities, SheetAccessLevel } from './access/permissions'
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './access/passwordRules'
export { ROLE_LABELS, ROLES } from './access/roles'
export type { Grant, Role } from './access/roles'
export { UNIT_LEVEL_LABELS, UNIT_LEVELS } from './access/unitLevels'
export type { UnitLevel } from './access/unitLevels'
export { UnitTree } from './access/unitTree'
export type { UnitHierarchy } from './access/unitTree'

// attachments/ — 佐证材料: types by content, ids, limits (SPEC §10)
export { attachmentCell, attachmentIdsOf, isAttachmentId } from './attachments/attachmentIds'
export {
  ATTACHMENT_EXTENSIONS,
  ATTACHMENT_TYPES,
  isImageType,
  SNIFF_BYTES,
  sniffAttachmentType,
} from './attachments/attachmentType'
export type { AttachmentType } from './attachments/attachmentType'
export {
  DEFAULT_ATTACHMENT_QUOTA_MB,
  MAX_ATTACHMENT_BYTES,
  MAX_PHOTO_EDGE,
} from './attachments/limits'

// consolidate/ — 汇总 figures, drill-down and the answer of the consolidation route
export {
  consolidateTemplate,
  consolidationJson,
  drillDownTemplate,
  mergeTemplateFigures,
  templateFigures,
} from './consolidate/consolidateTemplate'
export type {
  ConsolidateOptions,
  TemplateConsolidation,
  TemplateDrillDownOptions,
  UnitFigures,
} from './consolidate/consolidateTemplate'
export type {
  ChildExtras,
  ConsolidationHead,
  ConsolidationResult,
  ConsolidationState,
  ConsolidationTemplate,
  IndicatorHeading,
  MissingRef,
  SheetRef,
  TemplateConsolidationResult,
} from './consolidate/consolidationReport'
export { HEADLINE_INDICATORS, indicatorTable } from './consolidate/indicatorTable'
export type { TableIndicatorId } from './consolidate/indicatorTable'
export {
  consolidateLedger,
  isLedgerIndicatorId,
  LEDGER_INDICATORS,
  ledgerDrillDown,
  ledgerIndicators,
  STAR_KEYS,
} from './consolidate/ledgerIndicators'
export type {
  LedgerConsolidation,
  LedgerDrillDown,
  LedgerIndicatorId,
  LedgerIndicators,
  StarKey,
} from './consolidate/ledgerIndicators'
export { formatRate, formatTenths, makeRate } from './consolidate/rate'
export type { Rate } from './consolidate/rate'
export {
  consolidateScoring,
  scoringDrillDown,
  scoringIndicators,
} from './consolidate/scoringSummary'
export type {
  ScoringConsolidation,
  ScoringIndicatorId,
  ScoringIndicators,
} from './consolidate/scoringSummary'

// definition/ — the template language (SPEC §7): definitions, their validation, compiling
export type { CheckDefinition, CheckKind } from './definition/check'
export { CHECK_KINDS } from './definition/check'
export type { ColumnType, Criterion, GradeBand } from './definition/column'
export { COMPARE_OPS } from './definition/condition'
export type { CompareOp, Condition } from './definition/condition'
export { CompiledTemplate, compileTemplate } from './definition/compileTemplate'
export type { CompiledRule, UniqueCheck } from './definition/compileRules'
export type {
  CompiledIndicator,
  CompiledIndicators,
  IndicatorRows,
  IndicatorValue,
  IndicatorValues,
  TargetsMet,
} from './definition/compileIndicators'
export { DEFINITION_KINDS, TemplateDocumentSchema } from './definition/definition'
export type {
  Definition,
  DefinitionKind,
  DefinitionOf,
  LedgerDefinition,
  ScoringDefinition,
  TemplateDocument,
} from './definition/definition'
export type { ColumnRef, Expression, Literal } from './definition/expression'
export { INDICATOR_KINDS } from './definition/indicator'
export type { IndicatorDefinition, IndicatorKind, Target } from './definition/indicator'
export { formatPath, TemplateDefinitionError } from './definition/issue'
export type { DefinitionIssue } from './definition/issue'
export { DEFINITION_LIMITS } from './definition/limits'
export type { RuleDefinition } from './definition/rule'
export { templateFromDocument, validateDefinition } from './definition/validateDefinition'
export type { DefinitionResult, TemplateResult } from './definition/validateDefinition'

// demo/ — seeded demo organisations and scoring rows
export { generateDistrict, generateLedgerRows, personName } from './demo/organisations'
export { createRandom } from './demo/random'
export { generateScoringRows } from './demo/scoringRows'

// doc/ — the Yjs layout of a sheet and of a 调研报告
export { REPORT_SECTIONS, reportFragment, statsTableIndex, writeStatsTable } from './doc/reportDoc'
export {
  ACKS,
  ackKey,
  acknowledgeFinding,
  acksMap,
  appendRows,
  conflictAt,
  conflictKey,
  CONFLICTS,
  conflictsMap,
  DELETED,
  deleteRow,
  insertRow,
  isDeleted,
  META,
  moveRow,
  newId,
  orderedRowIds,
  POS,
  readAcks,
  readConflicts,
  readMeta,
  readRow,
  readRows,
  removeAcknowledgement,
  restoreRow,
  rowAt,
  ROWS,
  rowsMap,
  rowToPlain,
  SCHEMA_VERSION,
  setCell,
  updateRow,
  writeMeta,
} from './doc/sheetDoc'
export type { Acknowledgement, ConflictRecord, ConflictValue, SheetMeta } from './doc/sheetDoc'

// export/ — what every export (server and browser) shares
export { exportText, valueText } from './export/cellText'
export { csvTable } from './export/csvTable'
export { headerLayout } from './export/headerLayout'
export type { HeaderColumn } from './export/headerLayout'
export { csvText, looksLikeFormula, xlsxText, xlsxValue } from './export/safeCell'
export { chinaTime, shortHash, signatureFields, versionLabel } from './export/sheetFooter'
export type { ExportMeta, SheetVersion, SignatureField } from './export/sheetFooter'
export { addGridWorksheet, writeFooter, writeTitleAndHeader } from './export/xlsxSheet'
export type { GridSheetInput } from './export/xlsxSheet'
export { columnLetter, FIRST_DATA_ROW, HEADER_ROWS, sheetName, STYLES } from './export/xlsxStyle'

// import/ — a read table → rows
export { cellText, tableToRows } from './import/tableToRows'
export type { SkippedRow, TableCell, TableRow } from './import/tableToRows'

// parse/ — typed cell text and header matching
export { parseCell } from './parse/cell'
export { headerKey, matchHeaders } from './parse/header'
export type { HeaderMatch } from './parse/header'
export { parseNumberText } from './parse/normalize'

// rectification/ — 整改台账: states, who may act, 逾期, which scoring rows need an item (SPEC §9)
export {
  rectificationDraft,
  rectificationDrafts,
  shortfallsOf,
} from './rectification/fromScoringRow'
export type { CriterionShortfall, RectificationDraft } from './rectification/fromScoringRow'
export {
  MAX_EVENTS,
  MAX_EVIDENCE,
  MAX_NOTE_CHARS,
  MAX_PROGRESS_CHARS,
} from './rectification/limits'
export { rectificationFigures } from './rectification/figures'
export type { RectificationFigures } from './rectification/figures'
export { isRectificationOverdue } from './rectification/overdue'
export {
  canManageRectifications,
  canPerformRectification,
  canReadRectification,
  canVerifyRectification,
  canWorkOnRectification,
} from './rectification/permissions'
export type { RectificationPlace } from './rectification/permissions'
export {
  isRectificationEditable,
  nextRectificationStatus,
  RECTIFICATION_ACTION_LABELS,
  RECTIFICATION_ACTIONS,
  RECTIFICATION_NEEDS_REASON,
  RECTIFICATION_STATUS_LABELS,
  RECTIFICATION_STATUSES,
} from './rectification/states'
export type { RectificationAction, RectificationStatus } from './rectification/states'

// rounds/ — reporting periods and due dates (SPEC §8)
export { compareRows, indicatorDeltas } from './rounds/compareRows'
export type { CompareOptions } from './rounds/compareRows'
export { chinaDate, dueDeadline, isDueDate, isPastDue } from './rounds/dueDate'
export { comparePeriods, isPeriod, parsePeriod, periodLabel, periodSortKey } from './rounds/period'
export type { Period, PeriodKind } from './rounds/period'
export { canIssueRound, visibleTargets } from './rounds/roundAccess'

// rules/ — cell checks, the named checks' algorithms (credit codes, phone numbers), today
export { checkCell, isIsoDate } from './rules/cellRules'
export { normalizeCreditCode, withCheckChar } from './rules/creditCode'
export { creditCodeRule, validCreditCodeOf } from './rules/creditCodeRule'
export { phoneRule } from './rules/phone'
export type { RuleContext } from './rules/rule'
export { localToday } from './rules/today'

// scoring/ — 总分 and 等次
export { computeTotal, gradeOf, needsRectification, withComputed } from './scoring/computeScore'

// sync/ — the sync socket's close codes
export { closeMessage, fitCloseReason, SYNC_CLOSE, syncClose } from './sync/closeCodes'
export { FALLBACK_COLOR, presenceColor, safeColor } from './sync/presence'

// templates/ — the built-in templates, as definitions in the template language
export { BUILTIN_TEMPLATES, builtinTemplate, builtinTemplateById } from './templates/builtins'
export { columnsOf, headerLabel } from './templates/columns'
export { fiveStarTemplate } from './templates/fiveStar'
export { ledgerColumns, ledgerTemplate } from './templates/ledger'
export { ledgerIndicators as ledgerIndicatorDefinitions } from './templates/ledgerIndicators'
export { ledgerRules } from './templates/ledgerRules'
export { reportTemplate } from './templates/report'
export { scoringTemplate } from './templates/scoring'
export {
  gradesNeedingRectification,
  scoringPresetIndicators,
  scoringPresetRules,
} from './templates/scoringPresets'
export type { ScoringShape } from './templates/scoringPresets'
export type {
  CellValue,
  Column,
  Finding,
  GridTemplate,
  LedgerTemplate,
  ReportTemplate,
  Row,
  ScoringTemplate,
  Severity,
  Template,
  TemplateKind,
} from './templates/types'

// validate/ — one row, a whole sheet
export { SheetValidator, validateSheet } from './validate/SheetValidator'
export { validateRow } from './validate/validateRow'

// wire/ — what the HTTP API sends
export type {
  ConsolidationQuery,
  DrillDownFigure,
  DrillDownQuery,
  DrillDownRow,
} from './wire/drillDown'
export type { CellCursor, PresenceState, PresenceUser } from './wire/presence'
export { TEMPLATE_KINDS } from './wire/sheets'
export type { SheetInfo } from './wire/sheets'
export type {
  Comparison,
  IndicatorDelta,
  IssuedRound,
  RoundCounts,
  RoundInfo,
  RoundProgress,
  UnitComparison,
} from './wire/rounds'
export type {
  GenerateAnswer,
  RectificationActor,
  RectificationEvent,
  RectificationItem,
  RectificationList,
} from './wire/rectifications'
export { TASK_KIND_LABELS, TASK_KINDS } from './wire/tasks'
export type { Task, TaskKind, TasksAnswer } from './wire/tasks'
export type { Unit } from './wire/units'
export { builtinSummaries } from './wire/templates'
export type { TemplateSummary } from './wire/templates'
export type { AuditEntryView, AuditVerdict } from './wire/audit'
export type { User } from './wire/users'

// workflow/ — states and transitions of a sheet
export { SHEET_STATUSES, STATUS_LABELS } from './workflow/states'
export type { SheetStatus } from './workflow/states'
export { ACTION_LABELS, NEEDS_REASON, nextStatus, WORKFLOW_ACTIONS } from './workflow/transitions'
export type { WorkflowAction } from './workflow/transitions'
