/**
 * @module consolidation
 * The server's 汇总 (SPEC §2.4) for code outside the server (`@taizhang/server/consolidation`):
 * the service, the stored sheets it reads, and the unit tree it walks, as the
 * consolidation benchmark runs them against a real database.
 * Not for: HTTP or permissions (`routes/consolidation.ts`).
 */
export { ConsolidationService } from './consolidationService'
export type { ConsolidationServiceOptions } from './consolidationService'
export { StoredSheets } from './storedSheets'
export type { StoredSheetsOptions } from './storedSheets'
export { UnitTree } from '../auth/unitTree'
