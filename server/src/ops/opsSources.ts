/**
 * @module ops/opsSources
 * What the operations endpoints (`routes/ops.ts`: `/readyz`, `/metrics`) report, as the
 * backend provides it: named readiness checks of its dependencies (database, Redis) and the
 * current metrics. Declared here, not in the route, so the backend does not depend on HTTP.
 */

export interface Metric {
  name: string
  help: string
  type: 'gauge' | 'counter'
  value: number
  labels?: Record<string, string>
}

export interface OpsSources {
  /** Named readiness checks; each resolves when its dependency answers. */
  checks: Record<string, () => Promise<unknown>>
  metrics: () => Metric[]
}
