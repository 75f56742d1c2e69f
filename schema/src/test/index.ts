/**
 * @module @taizhang/schema/test
 * Test support shared by every workspace's tests and by the benchmarks: rows that break
 * no rule and valid credit codes; for the template language, a plain reference interpreter
 * and fast-check generators of random definitions and rows. Imported as
 * `@taizhang/schema/test` (or relatively from the schema's own tests); production code never
 * imports it (eslint forbids it).
 */
export {
  condition,
  ledgerDefinition,
  OPTIONS,
  POOL,
  rows,
  scoringDefinition,
} from './definitionArbitraries'
export type { Shape } from './definitionArbitraries'
export { techDefinition } from './definitions'
export { referenceIndicator, referenceRule } from './referenceInterpreter'
export type { ReferenceFigure } from './referenceInterpreter'
export { FULL_MARKS, goodLedgerRow, goodScoringRow, validCode } from './rows'
