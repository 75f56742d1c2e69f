/**
 * @module routes/sheets
 * Sheets over HTTP (SPEC §6.3): list and create, the register entry, rows (now or
 * `?at=ISO`), server-side findings, conflicts and their resolution (a lead's normal
 * edit plus a logged decision), and a cell's history.
 * `GET /api/sheets?unit=ID` lists the sheets of that unit (`&below=1`: and of every
 * unit below it); without `unit`, every sheet the caller may read.
 * `GET /api/sheets/:id` adds `can: {write, submit, return, accept, reopen,
 * resolveConflicts}` — what the caller may do with the sheet in its current state.
 * Templates (SPEC §7): `POST` takes any template id the caller sees whose unit is the sheet's
 * or above it, and pins its latest version (`sheets/createSheet`); `POST /:id/template
 * {version}` moves a sheet to a later version (`sheets/moveTemplate`); the rows of a sheet of a
 * stored template leave out the columns its version hides.
 * Workflow transitions are in `routes/workflow.ts`.
 */
import {
  canCreateSheet,
  canRead,
  canResolveConflicts,
  conflictAt,
  readConflicts,
  readRows,
  rolesAt,
  rowsMap,
  sheetAbilities,
  type CellValue,
  type GridTemplate,
  type Row,
  type UnitHierarchy,
} from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { unitTree } from '../auth/unitTree'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { isArchived } from '../admin/scope'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors'
import { publicSheet, readableSheet } from '../http/readableSheet'
import { heavyLimit } from '../http/heavyLimit'
import { requireAuth } from '../http/requireAuth'
import type { MetaStore } from '../storage/MetaStore'
import type { SheetRecord } from '../storage/SheetStore'
import { resolveConflict } from '../sync/conflictDetector'
import { createSheet } from '../sheets/createSheet'
import { applyMove, planMove, shownColumns } from '../sheets/moveTemplate'
import { canSeeTemplate, templateReaches } from '../templates/templateAccess'
import { TemplateRegistry, templateRegistry } from '../templates/TemplateRegistry'

const SheetBody = z.object({
  unitId: z.string().min(1),
  /** Any template id the caller sees that reaches the unit (SPEC §7). */
  template: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
})

const MoveBody = z.object({ version: z.number().int().min(1).max(1_000_000) })

const CellValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
const ResolveBody = z.object({
  rowId: z.string().min(1),
  column: z.string().min(1),
  value: CellValueSchema,
})

export function sheetRoutes(deps: AppDeps) {
  const { store, sessions, rooms, history, findings, audit = () => {} } = deps
  // per route, not `.use()`: an unknown path stays a 404 even without a session
  const auth = requireAuth({ sessions })
  const templates = templateRegistry(store)
  /** A stored template's sheet shows only its version's columns (hidden ones stay stored). */
  const shownRows = async (sheet: SheetRecord, rows: Row[]): Promise<Row[]> => {
    if (TemplateRegistry.isBuiltIn(sheet.templateId)) return rows
    const grid = await templates.gridFor(sheet)
    if (!grid) return rows
    const shown = shownColumns(grid)
    return rows.map((row) => {
      const out: Row = { id: row.id }
      for (const [key, value] of Object.entries(row)) if (shown.has(key)) out[key] = value
      return out
    })
  }
  return new Hono<AppEnv>()
    .get('/', auth, async (c) => {
      const user = c.get('user')
      const tree = await unitTree(store)
      const unitId = c.req.query('unit')
      let unitIds: string[] | undefined
      if (unitId) {
        if (!tree.has(unitId)) throw notFound('单位不存在')
        if (!canRead(tree, user, unitId)) throw forbidden('没有查看该单位的权限')
        unitIds = c.req.query('below') ? tree.subtree(unitId).map((u) => u.id) : [unitId]
      }
      const sheets = (await store.sheets.list(unitIds)).filter((s) => canRead(tree, user, s.unitId))
      return c.json({ sheets: sheets.map(publicSheet) })
    })
    .post('/', auth, async (c) => {
      const body = await readBody(c, SheetBody)
      const user = c.get('user')
      const tree = await unitTree(store)
      if (!tree.has(body.unitId)) throw badRequest('单位不存在', 'unknown-unit')
      if (canCreateSheet(tree, user, body.unitId) && isArchived(tree, body.unitId)) {
        throw new ApiError(409, 'unit-archived', '该单位已归档，不能新建表格')
      }
      if (!canCreateSheet(tree, user, body.unitId)) {
        throw forbidden('只有管理员或本级及上级单位的组长、审核员可以新建表格')
      }
      const loaded = await templates.load(body.template)
      const usable =
        loaded &&
        (loaded.builtIn ||
          (loaded.unitId !== null &&
            canSeeTemplate(tree, user, loaded.unitId) &&
            templateReaches(tree, loaded.unitId, body.unitId)))
      if (!loaded || !usable) {
        throw badRequest(`没有这个表样：${body.template}`, 'unknown-template')
      }
      const sheet = await createSheet(deps, {
        unitId: body.unitId,
        templateId: loaded.id,
        templateVersion: loaded.version,
        title: body.title,
        createdBy: user.id,
      })
      audit({
        userId: user.id,
        action: 'sheet-create',
        detail: { sheetId: sheet.id, ...body, templateVersion: sheet.templateVersion },
      })
      return c.json({ id: sheet.id }, 201)
    })
    .get('/:id', auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      // what the caller may do now: the same rules the web app applies to show its buttons
      const a = sheetAbilities(tree, user, sheet.unitId, sheet.status)
      const can = {
        write: a.edit,
        submit: a.submit,
        return: a.returnOrAccept,
        accept: a.returnOrAccept,
        reopen: a.reopen,
        resolveConflicts: a.resolveConflicts,
      }
      return c.json({ ...publicSheet(sheet), can })
    })
    .get(
      '/:id/rows',
      auth,
      heavyLimit(deps, (query) => query('at') !== undefined),
      async (c) => {
        const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
        const at = c.req.query('at')
        if (at !== undefined) {
          const when = new Date(at)
          if (Number.isNaN(when.getTime()))
            throw badRequest('时间格式无效，应为 ISO 8601', 'bad-time')
          return c.json({ rows: await shownRows(sheet, await history.rowsAt(sheet.id, when)) })
        }
        const rows = readRows(await rooms.getDoc(sheet.id))
        return c.json({ rows: await shownRows(sheet, rows) })
      },
    )
    .post('/:id/template', auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      const { version } = await readBody(c, MoveBody)
      const roles = rolesAt(tree, user, sheet.unitId)
      // the template's admins move sheets from the editor too
      if (!roles.has('lead') && !roles.has('consolidator') && !roles.has('admin')) {
        throw forbidden('只有本单位或上级单位的组长、审核员或管理员可以更换表样版本')
      }
      if (sheet.status === 'accepted') throw conflict('表格已审核锁定，不能更换表样版本', 'locked')
      if (sheet.template === 'report') {
        throw conflict('调研报告没有表样版本', 'not-versioned')
      }
      if (version <= sheet.templateVersion) {
        throw conflict(`只能换到更新的版本（当前为第 ${sheet.templateVersion} 版）`, 'not-later')
      }
      const target = await templates.load(sheet.templateId, version)
      if (!target) throw notFound('该表样没有这个版本')
      if (target.problem || target.template.kind !== sheet.template) {
        throw new ApiError(422, 'bad-template', '该版本的表样定义有误，不能使用')
      }
      const from = await templates.gridFor(sheet)
      const to = target.template as GridTemplate
      const plan = from ? planMove(from, to) : { retyped: [], hidden: [] }
      await rooms.applyServerChange(sheet.id, user.id, (doc) => {
        applyMove(doc, from ?? to, to, version, plan)
      })
      await store.sheets.setTemplateVersion(sheet.id, version)
      await store.events.append({
        sheetId: sheet.id,
        action: 'template-version',
        userId: user.id,
        detail: { from: sheet.templateVersion, to: version, ...plan },
      })
      audit({
        userId: user.id,
        action: 'sheet-template-version',
        detail: {
          sheetId: sheet.id,
          template: sheet.templateId,
          from: sheet.templateVersion,
          to: version,
        },
      })
      return c.json({ version, ...plan })
    })
    .get('/:id/findings', auth, async (c) => {
      const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
      return c.json({ findings: await findings.findings(sheet.id) })
    })
    .get('/:id/conflicts', auth, async (c) => {
      const { sheet, tree } = await readableSheet(store, c.get('user'), c.req.param('id'))
      const records = readConflicts(await rooms.getDoc(sheet.id))
      const names = await userNames(
        store,
        records.flatMap((r) => [...r.values.map((v) => v.by), r.resolvedBy]),
        { tree, unitId: sheet.unitId },
      )
      return c.json({
        conflicts: records.map((r) => ({
          rowId: r.rowId,
          column: r.column,
          values: r.values.map((v) => ({ ...v, byUser: names(v.by) })),
          resolved: r.resolved,
          ...(r.resolvedBy ? { resolvedBy: names(r.resolvedBy), resolvedAt: r.resolvedAt } : {}),
        })),
      })
    })
    .post('/:id/conflicts/resolve', auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      const { rowId, column, value } = await readBody(c, ResolveBody)
      if (!canResolveConflicts(tree, user, sheet.unitId)) throw forbidden('只有组长可以处理冲突')
      if (sheet.status === 'accepted') throw conflict('表格已审核锁定，不能修改', 'locked')
      const doc = await rooms.getDoc(sheet.id)
      const record = conflictAt(doc, rowId, column)
      if (!rowsMap(doc).has(rowId) || !record) throw notFound('该单元格没有冲突')
      await rooms.applyServerChange(sheet.id, user.id, (d) => {
        resolveConflict(d, rowId, column, value as CellValue, user.id)
      })
      await store.events.append({
        sheetId: sheet.id,
        action: 'resolve-conflict',
        userId: user.id,
        detail: { rowId, column, value, candidates: record.values },
      })
      audit({
        userId: user.id,
        action: 'conflict-resolve',
        detail: { sheetId: sheet.id, rowId, column, value },
      })
      return c.json({ ok: true })
    })
    .get('/:id/history', auth, heavyLimit(deps), async (c) => {
      const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
      const rowId = c.req.query('row')
      const column = c.req.query('column')
      if (!rowId || !column) throw badRequest('需要参数 row 和 column', 'missing-query')
      const changes = await history.cellHistory(sheet.id, rowId, column)
      const names = await userNames(
        store,
        changes.map((ch) => ch.by),
      )
      return c.json({
        history: changes.map((ch) => ({ at: ch.at, by: names(ch.by), from: ch.from, to: ch.to })),
      })
    })
}

type PersonName = { username: string; displayName: string }

/**
 * Look up users once, by id only; returns id → `{username, displayName}` (null: the server
 * itself). `within`: name only users who hold a role at that unit (granted there or above):
 * a conflict record is document data, and resolving whatever it says across all users let a
 * filler read the names of users in other townships.
 */
async function userNames(
  store: MetaStore,
  ids: (string | null | undefined)[],
  within?: { tree: UnitHierarchy; unitId: string },
): Promise<(id: string | null | undefined) => PersonName> {
  const names = new Map<string, PersonName>()
  for (const id of new Set(ids)) {
    if (!id) continue
    const u = await store.users.byId(id)
    if (!u || (within && rolesAt(within.tree, u, within.unitId).size === 0)) continue
    names.set(id, { username: u.username, displayName: u.displayName })
  }
  return (id) => (id ? (names.get(id) ?? { username: id, displayName: '未知用户' }) : systemUser)
}

const systemUser = { username: 'system', displayName: '系统' }
