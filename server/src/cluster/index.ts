/**
 * @module cluster
 * The fan-out between nodes, for tests that wire nodes in one process the way `main.ts`
 * does (`@taizhang/server/cluster`).
 * Not for: choosing a backend from the settings (`storage/backend.ts`, used by `main.ts`).
 */
export { ClusterSync } from './ClusterSync'
export type { ClusterSyncOptions, ClusterStats } from './ClusterSync'
export { SeqTracker } from './seqTracker'
