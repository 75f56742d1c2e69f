/**
 * @module tests/helpers/server
 * Starts the REAL server (`node server/bin/taizhang.mjs serve --port 0 --data DIR`) as a
 * child process on a temporary data directory and waits for its one stdout line
 * `listening on http://127.0.0.1:PORT`. Offers login/api calls, kill (any signal,
 * including SIGKILL for crash tests) and restart on the same data directory and port,
 * plus `seedFixture` — a small unit tree with a user for every role and a sheet per
 * grid — for permission and sync tests.
 *
 *   const server = await startTestServer()
 *   const token = await server.login('admin', server.adminPassword)
 *   const { status, body } = await server.api('GET', '/api/units', token)
 *   await server.stop()
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabase } from '@taizhang/server/test'
import Database from 'better-sqlite3'
import pg from 'pg'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(REPO_ROOT, 'server/bin/taizhang.mjs')
export const ADMIN_PASSWORD = 'admin-test-password'
/** Password of every user `seedFixture` creates. */
export const USER_PASSWORD = 'user-test-password'

export interface StartOptions {
  /** Extra environment (TAIZHANG_*); TAIZHANG_ADMIN_PASSWORD is set unless given here. */
  env?: Record<string, string>
  /** Extra flags after `serve --port P --data DIR` (e.g. ['--demo']). */
  args?: string[]
  /** Use this data directory (kept at stop) instead of a fresh temporary one. */
  dataDir?: string
  /** Milliseconds to wait for the listening line. */
  timeoutMs?: number
}

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface TestServer {
  readonly url: string
  /** ws://127.0.0.1:PORT — append `/sync/:id?token=…` */
  readonly wsUrl: string
  readonly port: number
  readonly dataDir: string
  /** The PostgreSQL database of this server (the `postgres` test project), else null. */
  readonly databaseUrl: string | null
  readonly adminPassword: string
  /** Everything the server wrote to stderr so far (generated passwords, warnings). */
  stderr(): string
  /** POST /api/login; throws unless 200. */
  login(username: string, password: string): Promise<string>
  /** One API call. A string body is sent as-is (for malformed-JSON tests). */
  api<T = any>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<ApiResponse<T>>
  /** Send a signal and wait for the process to exit; resolves to its exit code (null if killed). */
  kill(signal?: NodeJS.Signals): Promise<number | null>
  /** Start again on the same data directory and port (after kill, or graceful when running). */
  restart(): Promise<void>
  /** Graceful stop and removal of the temporary data directory. */
  stop(): Promise<void>
}

// A test that fails before `stop()` must not leave servers running after the worker exits.
const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Start a server process; see `StartOptions`. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const ownDir = !options.dataDir
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'taizhang-test-'))
  // TAIZHANG_TEST_BACKEND=postgres (the `postgres` vitest project): the same suites run
  // against PostgreSQL, one fresh database per server, kept across restarts
  const database =
    process.env.TAIZHANG_TEST_BACKEND === 'postgres' && !options.env?.TAIZHANG_POSTGRES_URL
      ? await createTestDatabase()
      : null
  const env = {
    ...process.env,
    TAIZHANG_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(database ? { TAIZHANG_POSTGRES_URL: database.url } : {}),
    ...options.env,
  }
  const adminPassword = env.TAIZHANG_ADMIN_PASSWORD
  let child: ChildProcess | null = null
  let exited: Promise<number | null> = Promise.resolve(null)
  let port = 0
  let err = ''

  const launch = async (wantedPort: number) => {
    const proc = spawn(
      process.execPath,
      [BIN, 'serve', '--port', String(wantedPort), '--data', dataDir, ...(options.args ?? [])],
      { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = proc
    children.add(proc)
    exited = new Promise((resolve) =>
      proc.once('exit', (code) => {
        children.delete(proc)
        resolve(code)
      }),
    )
    proc.stderr!.setEncoding('utf8')
    proc.stderr!.on('data', (chunk: string) => (err += chunk))
    port = await new Promise<number>((resolve, reject) => {
      let out = ''
      const timer = setTimeout(
        () => reject(new Error(`server did not start in time; stderr:\n${err}`)),
        options.timeoutMs ?? 30_000,
      )
      proc.stdout!.setEncoding('utf8')
      proc.stdout!.on('data', (chunk: string) => {
        out += chunk
        const m = out.match(/(?:^|\n)listening on http:\/\/127\.0\.0\.1:(\d+)\n/)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      })
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code} before listening; stderr:\n${err}`))
      })
    })
  }

  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const proc = child as ChildProcess | null
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null
    proc.kill(signal)
    return exited
  }

  await launch(0)

  const server: TestServer = {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}`
    },
    get port() {
      return port
    },
    dataDir,
    databaseUrl: env.TAIZHANG_POSTGRES_URL ?? null,
    adminPassword,
    stderr: () => err,
    async login(username, password) {
      const res = await server.api('POST', '/api/login', undefined, { username, password })
      if (res.status !== 200) {
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`)
      }
      return res.body.token as string
    },
    async api(method, path, token, body) {
      const headers: Record<string, string> = {}
      if (token) headers.authorization = `Bearer ${token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(server.url + path, {
        method,
        headers,
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await res.text()
      let parsed: unknown = text
      if (res.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text)
      return { status: res.status, body: parsed as any, headers: res.headers }
    },
    kill,
    async restart() {
      await kill('SIGTERM')
      // the same port, so reconnecting WebsocketProviders find the server again
      const previous = port
      for (let attempt = 0; ; attempt++) {
        try {
          await launch(previous)
          return
        } catch (e) {
          if (attempt >= 20 || !/EADDRINUSE|无法监听/.test(String(e))) throw e
          await new Promise((r) => setTimeout(r, 100))
        }
      }
    },
    async stop() {
      await kill('SIGTERM')
      if (ownDir) rmSync(dataDir, { recursive: true, force: true })
      await database?.drop()
    },
  }
  return server
}

export type FixtureRole = 'filler' | 'lead' | 'consolidator' | 'reviewer' | 'admin'

/**
 * A small tree for permission tests, with one user per role:
 *   区 district
 *   ├─ 东街道 townA ─┬─ 一网格 gridA1   (filler, lead; ledger sheetA1)
 *   │                └─ 二网格 gridA2   (ledger sheetA2: a unit "beside" gridA1)
 *   └─ 西镇 townB ───── 三网格 gridB1   (ledger sheetB1: another township)
 * plus a report sheet at townA (townSheetA) and at the district (districtSheet).
 * Users (password USER_PASSWORD): filler@gridA1, lead@gridA1, consolidator@townA,
 * reviewer@district, unitAdmin (admin)@townA, and `boss` (lead + consolidator at the
 * district: moves any sheet below through the workflow to set up a test).
 * `tokens` holds a session for each, plus `admin` (the tree's admin).
 */
export interface Fixture {
  units: {
    district: string
    townA: string
    townB: string
    gridA1: string
    gridA2: string
    gridB1: string
  }
  sheets: {
    sheetA1: string
    sheetA2: string
    sheetB1: string
    townSheetA: string
    districtSheet: string
  }
  users: Record<'filler' | 'lead' | 'consolidator' | 'reviewer' | 'unitAdmin' | 'boss', string>
  tokens: Record<
    'admin' | 'filler' | 'lead' | 'consolidator' | 'reviewer' | 'unitAdmin' | 'boss',
    string
  >
}

export async function seedFixture(server: TestServer, suffix = ''): Promise<Fixture> {
  const admin = await server.login('admin', server.adminPassword)
  const must = async (method: string, path: string, body: unknown, token = admin) => {
    const res = await server.api(method, path, token, body)
    if (res.status !== 201 && res.status !== 200) {
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`)
    }
    return res.body.id as string
  }
  const unit = (name: string, parentId: string | null, level: string) =>
    must('POST', '/api/units', { name: name + suffix, parentId, level })
  const district = await unit('测试区', null, 'district')
  const townA = await unit('东街道', district, 'township')
  const townB = await unit('西镇', district, 'township')
  const gridA1 = await unit('一网格', townA, 'grid')
  const gridA2 = await unit('二网格', townA, 'grid')
  const gridB1 = await unit('三网格', townB, 'grid')
  const user = (
    username: string,
    displayName: string,
    unitId: string,
    role: FixtureRole,
    more: { unitId: string; role: FixtureRole }[] = [],
  ) =>
    must('POST', '/api/users', {
      username: username + suffix,
      password: USER_PASSWORD,
      displayName,
      grants: [{ unitId, role }, ...more],
    })
  const users = {
    filler: await user('filler', '填报员小王', gridA1, 'filler'),
    lead: await user('lead', '组长老李', gridA1, 'lead'),
    consolidator: await user('consolidator', '审核员张姐', townA, 'consolidator'),
    reviewer: await user('reviewer', '区查阅', district, 'reviewer'),
    unitAdmin: await user('unitadmin', '街道管理员', townA, 'admin'),
    boss: await user('boss', '区组织部', district, 'lead', [
      { unitId: district, role: 'consolidator' },
    ]),
  }
  const sheet = (unitId: string, title: string, template = 'ledger') =>
    must('POST', '/api/sheets', { unitId, template, title })
  const sheets = {
    sheetA1: await sheet(gridA1, '一网格台账'),
    sheetA2: await sheet(gridA2, '二网格台账'),
    sheetB1: await sheet(gridB1, '三网格台账'),
    townSheetA: await sheet(townA, '东街道调研报告', 'report'),
    districtSheet: await sheet(district, '全区调研报告', 'report'),
  }
  const tokens = {
    admin,
    filler: await server.login('filler' + suffix, USER_PASSWORD),
    lead: await server.login('lead' + suffix, USER_PASSWORD),
    consolidator: await server.login('consolidator' + suffix, USER_PASSWORD),
    reviewer: await server.login('reviewer' + suffix, USER_PASSWORD),
    unitAdmin: await server.login('unitadmin' + suffix, USER_PASSWORD),
    boss: await server.login('boss' + suffix, USER_PASSWORD),
  }
  return { units: { district, townA, townB, gridA1, gridA2, gridB1 }, sheets, users, tokens }
}

/** The audit log's actions in order, from whichever database the server uses. */
export async function auditActions(server: TestServer): Promise<string[]> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl })
    await client.connect()
    try {
      const result = await client.query<{ action: string }>('SELECT action FROM audit ORDER BY id')
      return result.rows.map((r) => r.action)
    } finally {
      await client.end()
    }
  }
  const db = new Database(join(server.dataDir, 'taizhang.db'), { readonly: true })
  try {
    return (db.prepare('SELECT action FROM audit ORDER BY id').all() as { action: string }[]).map(
      (r) => r.action,
    )
  } finally {
    db.close()
  }
}
