/**
 * @module app
 * Builds the Hono app from its dependencies and never listens (`main.ts` does):
 * the API sub-apps of `routes/`, the sync route when given, and the built web app
 * (client/dist, with the single-page fallback for /sheets/:id, /units/:id/summary …)
 * when it exists. Every error leaves as JSON `{error: {code, message}}`; an unknown
 * route under /api is a JSON 404.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './http/context'
import type { AppDeps } from './http/deps'
import { ApiError, asApiError } from './http/errors'
import { securityHeaders } from './http/securityHeaders'
import { drainUnreadBody } from './http/unreadBody'
import { readableSheet } from './http/readableSheet'
import { authRoutes } from './routes/auth'
import { consolidationRoutes } from './routes/consolidation'
import { logoutEverywhereRoutes } from './routes/logoutEverywhere'
import { exportRoutes } from './routes/exports'
import { importRoutes, MAX_IMPORT_BODY_BYTES } from './routes/imports'
import { sheetRoutes } from './routes/sheets'
import { stateVectorRoutes } from './routes/stateVector'
import { syncTicketRoutes } from './routes/syncTicket'
import { unitRoutes } from './routes/units'
import { userRoutes } from './routes/users'
import { userAdminRoutes } from './routes/userAdmin'
import { meRoutes } from './routes/me'
import { unitImportRoutes } from './routes/unitImport'
import { userImportRoutes } from './routes/userImport'
import { auditRoutes } from './routes/audit'
import { taskRoutes } from './routes/tasks'
import { roundRoutes } from './routes/rounds'
import { sheetCompareRoutes } from './routes/sheetCompare'
import { templateRoutes } from './routes/templates'
import { trendRoutes } from './routes/trend'
import { workflowRoutes } from './routes/workflow'

export type { AppDeps } from './http/deps'

export interface AppOptions {
  /** The sync sub-app (routes/sync.ts), mounted at /sync: it serves /sync/:sheetId. */
  sync?: Hono<any>
  /** The app to mount everything on (main.ts passes the one @hono/node-ws was made with). */
  root?: Hono<any>
}

export function createApp(deps: AppDeps, { sync, root = new Hono() }: AppOptions = {}): Hono<any> {
  const app = root as Hono<AppEnv>

  // first, so every response (errors and the web app included) carries CSP & co.
  app.use('*', securityHeaders())
  app.use('*', drainUnreadBody({ drainLimit: MAX_IMPORT_BODY_BYTES }))

  app.onError((thrown, c) => {
    const err = asApiError(thrown)
    if (err instanceof ApiError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
      return c.json(err.body(), err.status)
    }
    if (err instanceof HTTPException) {
      return c.json(
        { error: { code: 'http-error', message: err.message || '请求无效' } },
        err.status,
      )
    }
    console.error(err)
    return c.json({ error: { code: 'internal', message: '服务器内部错误' } }, 500)
  })

  app.route('/api', authRoutes(deps))
  app.route('/api', syncTicketRoutes(deps))
  app.route('/api', logoutEverywhereRoutes(deps))
  app.route('/api/me', taskRoutes(deps))
  app.route('/api/rounds', roundRoutes(deps))
  app.route('/api/units', trendRoutes(deps))
  app.route('/api/sheets', sheetCompareRoutes(deps))
  app.route('/api/units', unitRoutes(deps))
  app.route('/api/users', userRoutes(deps))
  app.route('/api/audit', auditRoutes(deps))
  app.route('/api/templates', templateRoutes(deps))
  app.route('/api/sheets', sheetRoutes(deps))
  app.route('/api/sheets', workflowRoutes(deps))
  app.route(
    '/api/sheets',
    stateVectorRoutes({
      sessions: deps.sessions,
      getDoc: (id) => deps.rooms.getDoc(id),
      durable: (id) => deps.rooms.durable?.(id),
      requireReadable: (user, id) => readableSheet(deps.store, user, id),
    }),
  )
  app.route('/api/units', consolidationRoutes(deps))
  app.route('/api/sheets', exportRoutes(deps))
  app.route('/api/sheets', importRoutes(deps))
  // administration (SPEC §11): people, passwords, the units and users imports
  app.route('/api/users', userAdminRoutes(deps))
  app.route('/api/me', meRoutes(deps))
  app.route('/api/units', unitImportRoutes(deps))
  app.route('/api/users', userImportRoutes(deps))
  if (sync) app.route('/sync', sync)

  app.all('/api/*', (c) =>
    c.json(
      { error: { code: 'not-found', message: `没有这个接口：${c.req.method} ${c.req.path}` } },
      404,
    ),
  )

  const clientDir = deps.clientDir
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    // hashed build assets never change; everything else is checked on every load
    app.use('/*', async (c, next) => {
      await next()
      if (c.res.ok && !c.req.path.startsWith('/api/')) {
        const immutable = c.req.path.startsWith('/assets/')
        c.res.headers.set(
          'Cache-Control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      }
    })
    app.use('/*', serveStatic({ root: clientDir }))
    // client-side routes (/sheets/:id, /units/:id/summary, /login …) get the app shell
    app.get('/*', (c) => {
      if (c.req.path.startsWith('/sync/')) return c.notFound()
      return c.html(readFileSync(join(clientDir, 'index.html'), 'utf8'))
    })
  }

  app.notFound((c) =>
    c.json({ error: { code: 'not-found', message: `找不到：${c.req.method} ${c.req.path}` } }, 404),
  )
  return app
}
