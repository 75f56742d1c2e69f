/**
 * @module consolidation/consolidationService
 * The 汇总表 of a unit (SPEC §2.4) on the server: one row per DIRECT child unit, each
 * the figure of every sheet of the template in that child's subtree (a district rolls
 * up its townships, which roll up their grids), plus the total.
 *
 * Which sheets count: `accepted` ones (default), or with `state: 'latest'` the latest
 * submitted-or-accepted state, where a child counting a sheet not yet accepted is
 * flagged `notAccepted`. Beside the figures each child lists the sheets still missing
 * (未报送: a draft, or a grid with no sheet at all), returned ones (已退回), ones waiting
 * for review (待审核), and how many counted rows have `error` findings (`errorRows`,
 * counted anyway, as §2.4 says).
 * The figures themselves come from schema's `consolidateLedger` / `consolidateScoring`,
 * and drill-down from `ledgerDrillDown` / `scoringDrillDown`, so the CLI, the browser
 * and this service cannot disagree. Any other template (a district's, SPEC §7
 * `?template=ID`) is consolidated by `consolidateTemplate` with the indicators and targets
 * of its latest version over the sheets made from it (any version), each read as it stands.
 * Not for: HTTP or permissions (routes/consolidation.ts), reading docs (storedSheets).
 */
import {
  builtinTemplate,
  compileTemplate,
  consolidateTemplate,
  consolidationJson,
  consolidateLedger,
  consolidateScoring,
  isLedgerIndicatorId,
  ledgerDrillDown,
  scoringDrillDown,
  type ChildExtras,
  type ConsolidationHead,
  type ConsolidationQuery,
  type ConsolidationResult,
  type ConsolidationState,
  type ConsolidationTemplate,
  type DrillDownQuery,
  type DrillDownRow,
  type GridTemplate,
  type MissingRef,
  type SheetRef,
  type LedgerDrillDown,
  type Row,
  type ScoringIndicatorId,
  type ScoringTemplate,
  type StarKey,
  type IndicatorHeading,
  type TemplateConsolidationResult,
  type UnitTree,
} from '@taizhang/schema'
import type { LoadedTemplate } from '../templates/TemplateRegistry'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import type { Unit } from '../storage/UnitStore'
import type { StoredSheets } from './storedSheets'

/** A query the caller got wrong (unknown indicator, child, star …): a 400 or 404. */
export class ConsolidationQueryError extends Error {
  constructor(
    readonly kind: 'bad-query' | 'unknown-child',
    message: string,
  ) {
    super(message)
  }
}

interface ChildPlan {
  unit: Unit
  included: SheetRecord[]
  extras: Omit<ChildExtras, 'errorRows'>
}

/**
 * Which sheets may count: a reporting round's (SPEC §8, `?round=`). Without it every sheet of
 * the template in the subtree counts, and a grid with no sheet at all is missing (未报送).
 */
export interface ConsolidationScope {
  sheetIds: ReadonlySet<string>
}

export interface ConsolidationServiceOptions {
  store: MetaStore
  sheets: StoredSheets
}

export class ConsolidationService {
  constructor(private readonly options: ConsolidationServiceOptions) {}

  /** The 汇总 of `unitId`'s direct children. */
  async consolidate(
    tree: UnitTree<Unit>,
    unitId: string,
    { template, state }: ConsolidationQuery,
    scope?: ConsolidationScope,
  ): Promise<ConsolidationResult> {
    const unit = tree.get(unitId)
    if (!unit) throw new ConsolidationQueryError('unknown-child', '单位不存在')
    const plans = await this.plan(tree, unitId, template, state, scope)
    const grid = builtinTemplate(template) as GridTemplate
    // one sheet at a time: the store reads synchronously anyway, and a district's 600
    // decoded update logs held at once only feed the garbage collector
    const perChild: { plan: ChildPlan; rows: Row[]; errorRows: number }[] = []
    for (const plan of plans) {
      const rows: Row[] = []
      let errorRows = 0
      for (const s of plan.included) {
        const sheet = await this.options.sheets.read(s.id, grid)
        for (const row of sheet.rows) rows.push(row)
        errorRows += sheet.errorRows()
      }
      perChild.push({ plan, rows, errorRows })
    }
    const input = perChild.map((c) => ({ unit: c.plan.unit.name, rows: c.rows }))
    const totalErrors = perChild.reduce((n, c) => n + c.errorRows, 0)
    const head: ConsolidationHead = {
      unitId,
      unitName: unit.name,
      state,
      generatedAt: new Date().toISOString(),
    }
    const extras = (i: number): ChildExtras => ({
      ...perChild[i]!.plan.extras,
      errorRows: perChild[i]!.errorRows,
    })
    if (template === 'scoring') {
      const result = consolidateScoring(input, grid as ScoringTemplate)
      return {
        ...head,
        template,
        units: result.units.map((u, i) => ({ ...u, ...extras(i) })),
        total: { ...result.total, errorRows: totalErrors },
      }
    }
    const result = consolidateLedger(input)
    return {
      ...head,
      template,
      units: result.units.map((u, i) => ({ ...u, ...extras(i) })),
      total: { ...result.total, errorRows: totalErrors },
    }
  }

  /** The 汇总 of a template other than the built-in ledger and scoring (SPEC §7). */
  async consolidateOther(
    tree: UnitTree<Unit>,
    unitId: string,
    loaded: LoadedTemplate,
    state: ConsolidationState,
    scope?: ConsolidationScope,
  ): Promise<TemplateConsolidationResult> {
    const unit = tree.get(unitId)
    if (!unit) throw new ConsolidationQueryError('unknown-child', '单位不存在')
    const grid = loaded.template as GridTemplate
    const plans = await this.plan(tree, unitId, loaded.id, state, scope)
    const perChild: { plan: ChildPlan; rows: Row[]; errorRows: number }[] = []
    for (const plan of plans) {
      const rows: Row[] = []
      let errorRows = 0
      for (const s of plan.included) {
        const sheet = await this.options.sheets.read(s.id, grid)
        for (const row of sheet.rows) rows.push(row)
        errorRows += sheet.errorRows()
      }
      perChild.push({ plan, rows, errorRows })
    }
    const json = consolidationJson(
      consolidateTemplate(
        grid,
        perChild.map((c) => ({ unit: c.plan.unit.name, rows: c.rows })),
      ),
    )
    return {
      unitId,
      unitName: unit.name,
      state,
      generatedAt: new Date().toISOString(),
      template: loaded.id,
      templateVersion: loaded.usedVersion,
      templateName: loaded.name,
      indicators: indicatorHeadings(grid),
      units: json.units.map((u, i) => ({
        ...(u as { unit: string }),
        ...perChild[i]!.plan.extras,
        errorRows: perChild[i]!.errorRows,
      })),
      total: { ...json.total, errorRows: perChild.reduce((n, c) => n + c.errorRows, 0) },
    }
  }

  /** The rows behind one figure of the 汇总 (one child, or all of them for the total). */
  async drillDown(
    tree: UnitTree<Unit>,
    unitId: string,
    query: DrillDownQuery,
    scope?: ConsolidationScope,
  ): Promise<DrillDownRow[]> {
    const { template, state, indicator, child, part = 'num', star, grade } = query
    if (template === 'ledger' && !isLedgerIndicatorId(indicator)) {
      throw new ConsolidationQueryError('bad-query', `未知的汇总指标：${indicator}`)
    }
    if (template === 'scoring' && !SCORING_INDICATORS.has(indicator)) {
      throw new ConsolidationQueryError('bad-query', `未知的评分汇总指标：${indicator}`)
    }
    let plans = await this.plan(tree, unitId, template, state, scope)
    if (child !== undefined) {
      plans = plans.filter((p) => p.unit.id === child)
      if (plans.length === 0) {
        const isChild = tree.get(child)?.parentId === unitId
        throw new ConsolidationQueryError(
          isChild ? 'bad-query' : 'unknown-child',
          isChild ? '该下级单位没有可汇总的表格' : '不是本单位的直接下级单位',
        )
      }
    }
    const grid = builtinTemplate(template) as GridTemplate
    const out: DrillDownRow[] = []
    for (const plan of plans) {
      for (const sheet of plan.included) {
        const { rows } = await this.options.sheets.read(sheet.id, grid)
        const ids = new Set(
          template === 'ledger'
            ? ledgerRowIds(rows, indicator, part, star)
            : scoringRowIds(rows, indicator, grade, grid as ScoringTemplate),
        )
        const unitName = tree.get(sheet.unitId)?.name ?? ''
        for (const row of rows) {
          if (!ids.has(row.id)) continue
          const name = template === 'ledger' ? row.name : row.org
          out.push({
            ...row,
            sheetId: sheet.id,
            sheetTitle: sheet.title,
            unitId: sheet.unitId,
            unitName,
            rowId: row.id,
            name: typeof name === 'string' ? name : null,
          })
        }
      }
    }
    return out
  }

  /** Which sheets each direct child counts, misses, had returned or waits on. */
  private async plan(
    tree: UnitTree<Unit>,
    unitId: string,
    /** A built-in kind's id (`ledger`, `scoring`) or any template id: the sheets made from it. */
    template: ConsolidationTemplate | string,
    state: ConsolidationState,
    scope?: ConsolidationScope,
  ): Promise<ChildPlan[]> {
    const children = tree.units.filter((u) => u.parentId === unitId)
    const childOf = new Map<string, Unit>()
    const hasChildren = new Set<string>()
    for (const u of tree.units) if (u.parentId !== null) hasChildren.add(u.parentId)
    for (const child of children) for (const u of tree.subtree(child.id)) childOf.set(u.id, child)
    let all = await this.options.store.sheets.list([...childOf.keys()])
    if (scope) all = all.filter((s) => scope.sheetIds.has(s.id))
    const unitsWithSheets = new Set(all.map((s) => s.unitId))
    const byChild = new Map<string, SheetRecord[]>()
    for (const s of all) {
      if (s.templateId !== template) continue
      const child = childOf.get(s.unitId)!
      const list = byChild.get(child.id)
      if (list) list.push(s)
      else byChild.set(child.id, [s])
    }
    const ref = (s: SheetRecord): SheetRef => ({
      id: s.id,
      title: s.title,
      unitId: s.unitId,
      unitName: tree.get(s.unitId)?.name ?? '',
      status: s.status,
    })

    const plans: ChildPlan[] = []
    for (const child of children) {
      const sheets = byChild.get(child.id) ?? []
      const included: SheetRecord[] = []
      const refs: SheetRef[] = []
      const missing: MissingRef[] = []
      const returned: SheetRef[] = []
      const pending: SheetRef[] = []
      for (const s of sheets) {
        if (s.status === 'accepted') {
          included.push(s)
          refs.push(ref(s))
        } else if (s.status === 'submitted') {
          if (state === 'latest') {
            included.push(s)
            refs.push({ ...ref(s), notAccepted: true })
          } else pending.push(ref(s))
        } else if (s.status === 'returned') returned.push(ref(s))
        else if (tree.pathUp(s.unitId).some((p) => p.archivedAt)) continue
        else {
          missing.push({
            unitId: s.unitId,
            unitName: tree.get(s.unitId)?.name ?? '',
            sheetId: s.id,
            title: s.title,
            status: 'draft',
          })
        }
      }
      // A ledger is expected of every grid (a unit with nothing below it) that has no
      // sheet at all yet; a unit holding only other sheets (an inspection team) is not.
      if (template === 'ledger' && !scope) {
        for (const u of tree.units) {
          if (childOf.get(u.id) !== child || hasChildren.has(u.id) || unitsWithSheets.has(u.id)) {
            continue
          }
          // an archived grid (issue 18) owes no new ledger; its accepted ones still count
          if (tree.pathUp(u.id).some((p) => p.archivedAt)) continue
          missing.push({
            unitId: u.id,
            unitName: u.name,
            sheetId: null,
            title: null,
            status: 'none',
          })
        }
      }
      if (sheets.length === 0 && missing.length === 0) continue
      // an archived child shows only when it still has figures to count (history stays right)
      if (child.archivedAt && included.length === 0) continue
      plans.push({
        unit: child,
        included,
        extras: {
          unitId: child.id,
          sheets: refs,
          missing,
          returned,
          pending,
          ...(refs.some((r) => r.notAccepted) ? { notAccepted: true as const } : {}),
        },
      })
    }
    return plans
  }
}

/** The indicator columns of a template's 汇总, in its order. */
export function indicatorHeadings(template: GridTemplate): IndicatorHeading[] {
  return compileTemplate(template).indicators.list.map((i) => ({
    id: i.id,
    label: i.label,
    kind: i.kind,
    ...(i.kind === 'distribution' ? { values: [...i.keys] } : {}),
    ...(i.target ? { target: { op: i.target.op, value: i.target.value } } : {}),
  }))
}

const SCORING_INDICATORS = new Set(['count', 'average', 'grades', 'problemCount'])

function ledgerRowIds(
  rows: readonly Row[],
  indicator: string,
  part: 'num' | 'den',
  star: string | undefined,
): string[] {
  let result: LedgerDrillDown
  try {
    // an unknown star level is a RangeError too, reported like an unknown indicator
    result = ledgerDrillDown(rows, indicator, star === undefined ? {} : { star: star as StarKey })
  } catch (error) {
    if (error instanceof RangeError) throw new ConsolidationQueryError('bad-query', error.message)
    throw error
  }
  if ('rowIds' in result) return result.rowIds
  if ('num' in result) return part === 'den' ? result.den : result.num
  return Object.values(result.byStar).flat()
}

function scoringRowIds(
  rows: readonly Row[],
  indicator: string,
  grade: string | undefined,
  template: ScoringTemplate,
): string[] {
  let result
  try {
    result = scoringDrillDown(rows, indicator as ScoringIndicatorId, {
      template,
      ...(grade === undefined ? {} : { grade }),
    })
  } catch (error) {
    if (error instanceof RangeError) throw new ConsolidationQueryError('bad-query', error.message)
    throw error
  }
  return 'rowIds' in result ? result.rowIds : Object.values(result.byGrade).flat()
}
