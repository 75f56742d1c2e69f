// Bad input over HTTP and a bad configuration (SPEC §6.2, §6.3): malformed JSON and
// wrong-shaped bodies are 400, an unknown route is a JSON 404, every error is
// `{error: {code, message}}` in Chinese; a wrong setting stops the start with one line
// and exit code 2.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BIN,
  REPO_ROOT,
  seedFixture,
  startTestServer,
  type Fixture,
  type TestServer,
} from '../helpers/server'

let server: TestServer
let fx: Fixture

beforeAll(async () => {
  server = await startTestServer()
  fx = await seedFixture(server)
})
afterAll(() => server?.stop())

const chinese = /[\u4e00-\u9fff]/

describe('bad requests', () => {
  it('a malformed JSON body is 400 bad-json on every JSON route', async () => {
    for (const [path, token] of [
      ['/api/login', undefined],
      ['/api/units', fx.tokens.admin],
      ['/api/users', fx.tokens.admin],
      ['/api/sheets', fx.tokens.admin],
      [`/api/sheets/${fx.sheets.sheetA2}/return`, fx.tokens.consolidator],
    ] as const) {
      const res = await server.api('POST', path, token, '{"username": "adm')
      expect(res.status, path).toBe(400)
      expect(res.body.error).toEqual({ code: 'bad-json', message: '请求体不是有效的 JSON' })
    }
  })

  it('a body of the wrong shape is 400 naming the field, in Chinese', async () => {
    const res = await server.api('POST', '/api/sheets', fx.tokens.admin, {
      unitId: fx.units.gridA1,
      template: 'spreadsheet',
      title: '表',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid-body')
    expect(res.body.error.message).toMatch(/^template：/)
    expect(res.body.error.message).toMatch(chinese)
    const unit = await server.api('POST', '/api/units', fx.tokens.admin, {
      name: '',
      parentId: null,
      level: 'district',
    })
    expect(unit.status).toBe(400)
    expect(unit.body.error.message).toMatch(/^name：/)
  })

  it('a body over 1 MiB is 413', async () => {
    const res = await server.api('POST', '/api/units', fx.tokens.admin, {
      name: '大'.repeat(1024 * 1024),
      parentId: null,
      level: 'district',
    })
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('too-large')
  })

  it('an unknown route is a JSON 404, with or without a session', async () => {
    for (const [method, path, token] of [
      ['GET', '/api/nothing-here', fx.tokens.admin],
      ['POST', `/api/sheets/${fx.sheets.sheetA1}/approve`, fx.tokens.admin],
      ['DELETE', '/api/units', fx.tokens.admin],
      ['GET', '/api/nothing-here', undefined],
    ] as const) {
      const res = await server.api(method, path, token)
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/json/)
      expect(res.body.error.code).toBe('not-found')
      expect(res.body.error.message).toMatch(chinese)
    }
  })

  it('a bad ?at= time is 400; a missing history parameter is 400', async () => {
    const at = await server.api(
      'GET',
      `/api/sheets/${fx.sheets.sheetA1}/rows?at=yesterday`,
      fx.tokens.admin,
    )
    expect(at.status).toBe(400)
    expect(at.body.error.code).toBe('bad-time')
    const history = await server.api(
      'GET',
      `/api/sheets/${fx.sheets.sheetA1}/history?row=x`,
      fx.tokens.admin,
    )
    expect(history.status).toBe(400)
  })

  it('the server keeps serving after all of that', async () => {
    expect((await server.api('GET', '/api/me', fx.tokens.admin)).status).toBe(200)
  })
})

describe('configuration errors', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taizhang-config-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  const serve = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, 'serve', '--data', dataDir, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TAIZHANG_ADMIN_PASSWORD: 'long-enough-pw', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    })

  // (every setting's checks are unit-tested in server/src/config.test.ts; here: the process)
  it.each([
    [['--port', 'abc'], {}, /--port/],
    [[], { TAIZHANG_PORT: '-1' }, /TAIZHANG_PORT/],
    [['--port', '0', '--colour'], {}, /--colour/],
    [['--port', '0'], { TAIZHANG_ADMIN_PASSWORD: 'short' }, /TAIZHANG_ADMIN_PASSWORD/],
  ])('serve %j %j stops with one line and exit 2', (args, env, pattern) => {
    const run = serve(args, env)
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
    expect(lines[0]).toMatch(chinese)
    expect(run.stderr).not.toContain('at ')
  })
})
