/**
 * @module consolidation
 * The server's 汇总 (SPEC §2.4) for code outside the server (`@taizhang/server/consolidation`):
 * the service and the stored sheets it reads, as the consolidation benchmark runs them
 * against a real database (the unit tree it walks is schema's `UnitTree`).
 * Not for: HTTP or permissions (`routes/consolidation.ts`).
 */
export { ConsolidationService } from './consolidationService'
export type { ConsolidationServiceOptions } from './consolidationService'
export { StoredSheets } from './storedSheets'
export type { StoredSheetsOptions } from './storedSheets'
