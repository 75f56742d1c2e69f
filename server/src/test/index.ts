/**
 * @module @taizhang/server/test
 * Test support for the server's own tests, the cross-workspace suites in `tests/` and the
 * benchmarks: the `DocStore` contract suite every backend runs, throw-away PostgreSQL
 * databases, export fixtures (rows, a filled-in report) and PDF text through poppler.
 * Imported as `@taizhang/server/test` (relatively from the server's own tests); production
 * code never imports it (eslint forbids it). The contract suite imports vitest, so this
 * entry is for test runs and scripts, not for the running server.
 */
export { docStoreContract } from './docStoreContract'
export type { ContractStorage } from './docStoreContract'
export { ADMIN_URL, createTestDatabase } from './testDatabase'
export type { TestDatabase } from './testDatabase'
export { LEDGER_ROWS, META, SCORING_ROWS } from './exportRows'
export { buildReportDoc } from './reportDoc'
export { pdfFonts, pdfLayoutText, pdfPages, pdfText } from './pdfText'
export { pngImage } from '../demo/pngImage'
export type { PngOptions } from '../demo/pngImage'
