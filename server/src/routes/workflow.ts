/**
 * @module routes/workflow
 * `POST /api/sheets/:id/submit | return {reason} | accept | reopen {reason}` (SPEC §3,
 * §6.3) → `{id, status}`; `GET /api/sheets/:id/events` lists the logged transitions and
 * decisions. The rules themselves are in `workflow/performTransition.ts`. Accepting a 督查评分表
 * also generates its 整改台账 items (SPEC §9; `rectification/generateItems.ts`).
 */
import { WORKFLOW_ACTIONS } from '@taizhang/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { readBody } from '../http/body'
import type { AppEnv } from '../http/context'
import type { AppDeps } from '../http/deps'
import { requireAuth } from '../http/requireAuth'
import { readableSheet } from '../http/readableSheet'
import { performTransition } from '../workflow/performTransition'
import { StoredSheets } from '../consolidation/storedSheets'
import { generateItems } from '../rectification/generateItems'

const ReasonBody = z.object({ reason: z.string().trim().max(2000).optional() })

export function workflowRoutes(deps: AppDeps) {
  const { store, sessions, audit = () => {} } = deps
  // per route, not `.use()`: an unknown path stays a 404 even without a session
  const auth = requireAuth({ sessions })
  const sheets = new StoredSheets({ docs: deps.docs, getDoc: (id) => deps.rooms.getDoc(id) })
  const app = new Hono<AppEnv>()
  for (const action of WORKFLOW_ACTIONS) {
    app.post(`/:id/${action}`, auth, async (c) => {
      const user = c.get('user')
      const { sheet, tree } = await readableSheet(store, user, c.req.param('id'))
      const { reason } = await readBody(c, ReasonBody)
      const status = await performTransition(deps, tree, user, sheet, action, reason || null)
      audit({
        userId: user.id,
        action: `workflow-${action}`,
        detail: { sheetId: sheet.id, from: sheet.status, to: status, reason: reason || null },
      })
      if (status === 'accepted' && sheet.template === 'scoring') {
        // the acceptance stands even if the items cannot be made now: the team lead can
        // generate them later (idempotent)
        try {
          const made = await generateItems({ store, sheets }, tree, sheet, user.id)
          audit({
            userId: user.id,
            action: 'rectification-generate',
            detail: { sheetId: sheet.id, ...made, onAccept: true },
          })
        } catch (error) {
          console.error('验收后生成整改台账失败：', error)
        }
      }
      return c.json({ id: sheet.id, status })
    })
  }
  app.get('/:id/events', auth, async (c) => {
    const { sheet } = await readableSheet(store, c.get('user'), c.req.param('id'))
    const events = await store.events.list(sheet.id)
    const users = new Map<string, { username: string; displayName: string } | null>()
    for (const e of events) {
      if (e.userId && !users.has(e.userId)) {
        const u = await store.users.byId(e.userId)
        users.set(e.userId, u ? { username: u.username, displayName: u.displayName } : null)
      }
    }
    return c.json({
      events: events.map((e) => ({
        action: e.action,
        from: e.fromStatus,
        to: e.toStatus,
        by: e.userId ? (users.get(e.userId) ?? null) : null,
        reason: e.reason,
        detail: e.detail,
        at: e.at,
      })),
    })
  })
  return app
}
