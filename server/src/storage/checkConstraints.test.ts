// The CHECK lists of both databases' migrations name exactly the roles, unit levels,
// template kinds, stored-template kinds and sheet states schema defines, in the same order: a value added in one
// place and not the other is caught here, not by a refused INSERT in production.
import {
  DEFINITION_KINDS,
  ROLES,
  SHEET_STATUSES,
  TEMPLATE_KINDS,
  UNIT_LEVELS,
} from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { migrations } from './sqlite/migrations'
import { pgMigrations } from './postgres/pgMigrations'

const EXPECTED: Record<string, readonly string[]> = {
  role: ROLES,
  level: UNIT_LEVELS,
  template: TEMPLATE_KINDS,
  status: SHEET_STATUSES,
  // the kinds a stored template may have (SPEC §7)
  kind: DEFINITION_KINDS,
}

/** Every `CHECK (column IN ('a','b'))` of the migrations, as column → values. */
function checkLists(sql: string): Map<string, string[]> {
  const lists = new Map<string, string[]>()
  for (const [, column, values] of sql.matchAll(/CHECK \((\w+) IN \(([^)]*)\)\)/g)) {
    lists.set(
      column!,
      [...values!.matchAll(/'([^']*)'/g)].map((m) => m[1]!),
    )
  }
  return lists
}

describe.each([
  ['SQLite', migrations],
  ['PostgreSQL', pgMigrations],
])('the %s migrations', (_name, list) => {
  it('check roles, unit levels, template kinds and sheet states against schema', () => {
    const lists = checkLists(list.join('\n'))
    expect([...lists.keys()].sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const [column, values] of lists) expect(values, column).toEqual([...EXPECTED[column]!])
  })
})
