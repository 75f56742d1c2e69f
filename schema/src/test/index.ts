/**
 * @module @taizhang/schema/test
 * Test support shared by every workspace's tests and by the benchmarks: rows that break
 * no rule and valid credit codes. Imported as `@taizhang/schema/test` (or relatively from
 * the schema's own tests); production code never imports it (eslint forbids it).
 */
export { FULL_MARKS, goodLedgerRow, goodScoringRow, validCode } from './rows'
