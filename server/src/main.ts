/**
 * @module main
 * Starts the whole product in one process (SPEC §6.2): opens the data directory's
 * database, creates the first admin (and the demo district with `--demo`), builds the
 * app, serves HTTP + WebSocket sync on @hono/node-server, and shuts down gracefully:
 * stop accepting, let the rooms flush every pending update to disk, close the database.
 * Not for: parsing the command line (cli/serve) or the routes (app.ts).
 */
import { serve, type ServerType } from '@hono/node-server'
import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { createApp } from './app'
import { ensureFirstAdmin } from './auth/firstAdmin'
import { Sessions } from './auth/sessions'
import { storeSyncAccess } from './auth/syncAccess'
import { SyncTickets } from './auth/syncTickets'
import { LoginGate } from './auth/loginGate'
import { LoginThrottle } from './auth/throttle'
import type { Config } from './config'
import { seedDemo } from './demo/seedDemo'
import { finishRounds } from './rounds/finishRounds'
import { HistoryCache } from './history/historyCache'
import type { AppDeps } from './http/deps'
import { syncRoutes } from './routes/sync'
import { openBackend } from './storage/backend'
import { opsRoutes } from './routes/ops'
import { RoomManager } from './sync/RoomManager'
import { FindingsService } from './validation/findingsService'
import { templateRegistry } from './templates/TemplateRegistry'

export interface RunningServer {
  url: string
  port: number
  /** Stop accepting, flush the rooms, close the database. Safe to call twice. */
  close(): Promise<void>
}

export interface StartOptions {
  /** Lines for people (generated passwords); stderr by default so stdout stays parseable. */
  log?: (line: string) => void
}

/** Everything but the listening socket: what `startServer` runs and tests can `request`. */
export interface AssembledServer {
  /** The Hono app with the API, sync route and web app mounted. */
  app: Hono
  deps: AppDeps
  injectWebSocket: ReturnType<typeof createNodeWebSocket>['injectWebSocket']
  /** The WebSocket server behind /sync (to end stray sockets at shutdown). */
  wss: ReturnType<typeof createNodeWebSocket>['wss']
  /** Flush the rooms and close the database. */
  shutdown(): Promise<void>
}

/** How far over the message limit ws still reads a frame (for the room's 1009 with a reason). */
const MAX_PAYLOAD_SLACK = 64 * 1024

const stderrLine = (line: string) => void process.stderr.write(line + '\n')

/** Open the data directory, seed what is missing, and build the app (no port yet). */
export async function assembleServer(
  config: Config,
  { log = stderrLine }: StartOptions = {},
): Promise<AssembledServer> {
  // SQLite in the data directory, or PostgreSQL (+ Redis: a cluster node), per the config
  const backend = await openBackend(config, log)
  const { store, docStore } = backend
  const sessions = new Sessions(
    store,
    config.sessionTtlHours * 3_600_000,
    config.sessionIdleHours > 0 ? config.sessionIdleHours * 3_600_000 : Infinity,
  )
  await sessions.purgeExpired()
  const tickets = new SyncTickets(store.syncTickets, sessions)
  await tickets.purgeExpired()

  let findings: FindingsService | null = null
  const rooms = new RoomManager({
    store: docStore,
    maxMessageBytes: config.maxMessageBytes,
    unloadAfterMs: config.unloadAfterMs,
    compactEvery: config.compactEvery,
    onDocChanged: (sheetId, doc, changedRowIds) =>
      findings?.onDocChanged(sheetId, doc, changedRowIds),
    onError: (error) => log(`同步存储出错：${error instanceof Error ? error.message : error}`),
    cluster: backend.cluster ?? undefined,
    relayAfterSync: config.relayAfter === 'fsync',
    maxBufferedBytes: config.syncMaxBufferedBytes,
    shape: { maxRows: config.maxRowsPerSheet },
  })
  const templates = templateRegistry(store)
  findings = new FindingsService({
    getDoc: (id) => rooms.getDoc(id),
    debounceMs: config.validateDebounceMs,
    templateFor: (pin) => templates.gridForPin(pin),
  })
  await backend.start(rooms)

  const admin = await ensureFirstAdmin(store, config.adminPassword)
  if (admin.generatedPassword) {
    log(`已创建管理员 admin，初始密码：${admin.generatedPassword}（只显示这一次，请妥善保存）`)
  }
  if (config.demo) await seedDemo({ store, rooms, password: config.demoPassword, log })
  await finishRounds({ store, rooms, docs: docStore }, log)

  // cell history and past states: replayed once per sheet, then kept up to date
  const history = new HistoryCache(docStore)
  const deps: AppDeps = {
    store,
    sessions,
    throttle: new LoginThrottle({
      maxFailures: config.loginMaxFailures,
      windowMs: config.loginWindowSeconds * 1000,
    }),
    rooms,
    history,
    findings,
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    clientDir: config.clientDir,
    audit: backend.audit,
    auditLog: backend.auditLog,
    trustProxy: config.trustProxy,
    docs: docStore,
    tickets,
    loginGate: new LoginGate(config.loginConcurrency, config.loginQueue),
    maxRowsPerSheet: config.maxRowsPerSheet,
    heavyRequestsPerMinute: config.heavyRequestsPerMinute,
  }
  const root = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: root })
  // ws would buffer a frame up to its own default (100 MiB) before the room's size check:
  // refuse it (1009) as soon as its header announces more than the message limit. The
  // slack lets a frame just over the limit reach the room, which says why in its reason.
  wss.options.maxPayload = config.maxMessageBytes + MAX_PAYLOAD_SLACK
  // before the app: its web-app fallback would otherwise answer these paths
  root.route('/', opsRoutes(backend.ops(rooms)))
  createApp(deps, {
    root,
    sync: syncRoutes({
      upgradeWebSocket,
      rooms,
      access: storeSyncAccess(store, sessions, tickets),
    }),
  })
  const sessionSweep = setInterval(() => {
    void sessions.purgeExpired()
    tickets.purgeExpired().catch(() => {})
  }, 3_600_000)
  sessionSweep.unref()

  return {
    app: root,
    deps,
    injectWebSocket,
    wss,
    shutdown: async () => {
      clearInterval(sessionSweep)
      findings?.close()
      history.clear()
      await rooms.close()
      // the update log commits what is in flight, then the database (and Redis) close
      await backend.close()
    },
  }
}

/** Assemble the server and listen on `config.host:config.port`. */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const assembled = await assembleServer(config, options)
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: assembled.app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  }).catch(async (error) => {
    await assembled.shutdown()
    throw error
  })
  assembled.injectWebSocket(server)
  const port = (server.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        // open keep-alive HTTP connections would hold close() forever
        if ('closeIdleConnections' in server) server.closeIdleConnections()
        // the rooms store every accepted write and close their sockets (`shuttingDown`)
        await assembled.shutdown()
        for (const socket of assembled.wss.clients) socket.terminate()
        if ('closeAllConnections' in server) server.closeAllConnections()
        // never hang a shutdown on a connection that will not close
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
      })()),
  }
}
