/**
 * @module routes/ops
 * Operations endpoints, without authentication (put them behind the load balancer only):
 *   GET /healthz  — the process answers (liveness).
 *   GET /readyz   — every dependency answers (database, and Redis in a cluster): 200 or 503
 *                   with the failing checks, so a load balancer stops sending clients here.
 *   GET /metrics  — Prometheus text format: connections, open sheets, update rate, log lag,
 *                   compactions… (whatever `metrics()` returns).
 * Not for: collecting the numbers (the backend provides them, `ops/opsSources.ts`).
 */
import { Hono } from 'hono'
import type { Metric, OpsSources } from '../ops/opsSources'

export interface OpsOptions extends OpsSources {
  /** How long a check may take before it counts as failed. */
  checkTimeoutMs?: number
}

const withTimeout = (promise: Promise<unknown>, ms: number): Promise<unknown> =>
  Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${ms} ms 内无响应`)), ms).unref(),
    ),
  ])

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

/** Prometheus text exposition format 0.0.4. */
export function renderMetrics(metrics: Metric[]): string {
  const lines: string[] = []
  const described = new Set<string>()
  for (const m of metrics) {
    if (!described.has(m.name)) {
      described.add(m.name)
      lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`)
    }
    const labels = m.labels
      ? `{${Object.entries(m.labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',')}}`
      : ''
    lines.push(`${m.name}${labels} ${Number.isFinite(m.value) ? m.value : 0}`)
  }
  return lines.join('\n') + '\n'
}

export function opsRoutes({ checks, metrics, checkTimeoutMs = 2000 }: OpsOptions): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const results: Record<string, string> = {}
      let ready = true
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), checkTimeoutMs)
            results[name] = 'ok'
          } catch (error) {
            ready = false
            results[name] = `不可用：${error instanceof Error ? error.message : String(error)}`
          }
        }),
      )
      return c.json({ status: ready ? 'ok' : 'unavailable', checks: results }, ready ? 200 : 503)
    })
    .get('/metrics', (c) =>
      c.body(renderMetrics(metrics()), 200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      }),
    )
}
