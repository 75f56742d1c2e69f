/**
 * @module api/types
 * Shapes of the HTTP API as the web app reads them (SPEC §6.3). Fields the server may
 * add later are tolerated; fields the app cannot live without are required here.
 */
import type { CellValue, Finding, SheetStatus, TemplateKind } from '@taizhang/schema'

export type Role = 'filler' | 'lead' | 'consolidator' | 'reviewer' | 'admin'
export type UnitLevel = 'district' | 'township' | 'community' | 'grid'

export interface Grant {
  unitId: string
  role: Role
}

export interface User {
  id: string
  username: string
  displayName: string
  isAdmin?: boolean
  grants?: Grant[]
}

export interface Unit {
  id: string
  name: string
  parentId: string | null
  level: UnitLevel
  /** Shown only as a name on the path above the caller's own subtrees. */
  pathOnly?: boolean
}

export interface SheetInfo {
  id: string
  unitId: string
  template: TemplateKind
  title: string
  status: SheetStatus
  updatedAt?: string
}

export interface ConflictEntry {
  rowId: string
  column: string
  values: { value: CellValue; by: string; at: string }[]
  resolved: boolean
}

export interface HistoryEntry {
  at: string
  by: { username: string; displayName: string }
  from: CellValue
  to: CellValue
}

export type { Finding }
