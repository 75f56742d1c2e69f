/**
 * @module storage/EventStore
 * The workflow log (SPEC §3): every transition, reopen and conflict resolution with
 * who, when and why. Append-only. The records and the interface every backend implements
 * (`sqlite/SqliteEventStore.ts`, `postgres/PgEventStore.ts`).
 * Not for: the hash-chained security audit (`audit/auditLog.ts`).
 */

export interface WorkflowEvent {
  id: number
  sheetId: string
  /** `submit`, `return`, `accept`, `reopen`, `resolve-conflict`, `create` … */
  action: string
  fromStatus: string | null
  toStatus: string | null
  userId: string | null
  reason: string | null
  /** Action-specific JSON (e.g. the cell and value a conflict was resolved to). */
  detail: unknown
  at: string
}

export interface NewWorkflowEvent {
  sheetId: string
  action: string
  fromStatus?: string | null
  toStatus?: string | null
  userId: string | null
  reason?: string | null
  detail?: unknown
}

export interface EventStore {
  append(event: NewWorkflowEvent): Promise<void>
  list(sheetId: string): Promise<WorkflowEvent[]>
}
