/**
 * @module tests/cluster/cluster
 * Test helper: a cluster of real server processes (`taizhang serve --postgres URL --redis
 * URL`) on a fresh PostgreSQL database (dropped at the end) and the Redis on 127.0.0.1,
 * plus restarting that Redis the way CI runs it.
 */
import { execFileSync } from 'node:child_process'
import { createTestDatabase, type TestDatabase } from '@taizhang/server/test'
import { startTestServer, type TestServer } from '../helpers/server'
import { waitFor } from '../helpers/wsClient'

export const REDIS_URL = process.env.TAIZHANG_TEST_REDIS ?? 'redis://127.0.0.1:6379'

export interface Cluster {
  db: TestDatabase
  nodes: TestServer[]
  stop(): Promise<void>
}

/** Start `n` nodes one after the other (the first creates the admin and the schema). */
export async function startCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const db = await createTestDatabase()
  const nodes: TestServer[] = []
  try {
    for (let i = 0; i < n; i++) {
      nodes.push(await startTestServer({ args: ['--postgres', db.url, '--redis', REDIS_URL], env }))
    }
  } catch (error) {
    for (const node of nodes) await node.stop()
    await db.drop()
    throw error
  }
  return {
    db,
    nodes,
    async stop() {
      for (const node of nodes) await node.stop()
      await db.drop()
    },
  }
}

const redisCli = (...args: string[]) =>
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', ...args], { encoding: 'utf8' })

export function stopRedis(): void {
  try {
    redisCli('shutdown', 'nosave')
  } catch {
    // the connection drops as the server exits
  }
}

/** Start Redis as CI does, and wait until it answers. */
export async function startRedis(): Promise<void> {
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    '/var/lib/redis',
    '--logfile',
    '/var/log/redis/ci.log',
  ])
  await waitFor(
    () => {
      try {
        return redisCli('ping').trim() === 'PONG'
      } catch {
        return false
      }
    },
    { what: 'redis to answer', timeoutMs: 10_000, intervalMs: 100 },
  )
}
