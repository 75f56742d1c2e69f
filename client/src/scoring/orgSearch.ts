/**
 * @module scoring/orgSearch
 * Finding an organisation of the unit's ledger for a 督查评分表 row (SPEC §2.2 "pick by
 * name or credit code"): matches a query against 组织名称 (substring, spaces ignored)
 * or 统一社会信用代码 (prefix or substring after schema's normalising: 全角→半角,
 * upper case), best matches first. Pure and unit-tested.
 */
import { normalizeCreditCode } from '@taizhang/schema'

export interface LedgerOrg {
  name: string
  creditCode: string | null
  /** Where the organisation is listed (the grid unit). */
  unitName: string
}

const squash = (s: string) => s.replace(/\s+/g, '')

/** Organisations matching `query`, names starting with it first; at most `limit`. */
export function searchOrgs(orgs: readonly LedgerOrg[], query: string, limit = 50): LedgerOrg[] {
  const q = squash(query)
  if (!q) return orgs.slice(0, limit)
  const code = normalizeCreditCode(q)
  const scored: { org: LedgerOrg; score: number }[] = []
  for (const org of orgs) {
    const name = squash(org.name)
    const orgCode = org.creditCode ? normalizeCreditCode(org.creditCode) : ''
    let score = -1
    if (name.startsWith(q)) score = 0
    else if (orgCode && orgCode.startsWith(code)) score = 1
    else if (name.includes(q)) score = 2
    else if (orgCode && code.length >= 4 && orgCode.includes(code)) score = 3
    if (score >= 0) scored.push({ org, score })
  }
  scored.sort((a, b) => a.score - b.score || a.org.name.localeCompare(b.org.name, 'zh'))
  return scored.slice(0, limit).map((s) => s.org)
}

/** One entry per organisation: the same credit code (or, without one, name) once. */
export function uniqueOrgs(orgs: readonly LedgerOrg[]): LedgerOrg[] {
  const seen = new Set<string>()
  const out: LedgerOrg[] = []
  for (const org of orgs) {
    const key = org.creditCode
      ? `c:${normalizeCreditCode(org.creditCode)}`
      : `n:${squash(org.name)}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(org)
  }
  return out
}
