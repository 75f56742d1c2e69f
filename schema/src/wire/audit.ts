/**
 * @module wire/audit
 * An entry of the audit log as `GET /api/audit` sends it (SPEC §11), and the chain's
 * verdict. The server's entries also carry the hashes and the signature (`audit/auditLog`).
 */

export interface AuditEntryView {
  id: number
  at: string
  userId: string | null
  action: string
  detail: Record<string, unknown>
}

export type AuditVerdict =
  | { ok: true; entries: number; keyed?: true }
  | { ok: false; entries: number; brokenAt: number; reason: string }
