/**
 * @module routes/ops.test
 * The operations endpoints on their own: liveness, readiness with a failing and a hanging
 * dependency, and the Prometheus text format.
 */
import { describe, expect, it } from 'vitest'
import { opsRoutes, renderMetrics } from './ops'

describe('ops routes', () => {
  it('answers /healthz and reports every dependency on /readyz', async () => {
    const ok = opsRoutes({ checks: { database: async () => 1 }, metrics: () => [] })
    expect((await ok.request('/healthz')).status).toBe(200)
    const ready = await ok.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } })

    const failing = opsRoutes({
      checks: {
        database: async () => 1,
        redis: () => Promise.reject(new Error('connect ECONNREFUSED')),
        slow: () => new Promise(() => {}),
      },
      metrics: () => [],
      checkTimeoutMs: 50,
    })
    const res = await failing.request('/readyz')
    expect(res.status).toBe(503)
    const body = (await res.json()) as { checks: Record<string, string> }
    expect(body.checks.database).toBe('ok')
    expect(body.checks.redis).toContain('ECONNREFUSED')
    expect(body.checks.slow).toContain('50 ms')
  })

  it('renders metrics in the Prometheus text format', async () => {
    const text = renderMetrics([
      { name: 'taizhang_connections', help: 'Open sync connections.', type: 'gauge', value: 3 },
      { name: 'x_total', help: 'X.', type: 'counter', value: 1, labels: { node: 'a"b' } },
      { name: 'x_total', help: 'X.', type: 'counter', value: 2, labels: { node: 'c' } },
    ])
    expect(text).toBe(
      [
        '# HELP taizhang_connections Open sync connections.',
        '# TYPE taizhang_connections gauge',
        'taizhang_connections 3',
        '# HELP x_total X.',
        '# TYPE x_total counter',
        'x_total{node="a\\"b"} 1',
        'x_total{node="c"} 2',
        '',
      ].join('\n'),
    )
    const app = opsRoutes({ checks: {}, metrics: () => [] })
    const res = await app.request('/metrics')
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
  })
})
