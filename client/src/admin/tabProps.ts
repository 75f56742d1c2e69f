/**
 * @module admin/tabProps
 * What `/admin` hands each tab's page (`tabs.ts` lists them).
 */
export interface AdminTabProps {
  /** Asks the page to re-read what other tabs show (after an import, a move …). */
  onChanged?: () => void
}
