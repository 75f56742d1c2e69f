// One vitest run for the whole repository: unit tests beside the code in schema/,
// server/ and client/, and the cross-workspace suites in tests/ (integration against the
// real server process, browser end-to-end, chaos, fuzz, security, multi-node).
// The `postgres` project runs the real-server suites (api, sync, security) a second time
// with the server on PostgreSQL instead of SQLite (issue 7: one suite, both backends).
import { defineConfig } from 'vitest/config'

const realServerSuites = [
  'tests/api/**/*.test.ts',
  'tests/sync/**/*.test.ts',
  'tests/security/**/*.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: [
            'schema/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'client/dist/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: realServerSuites,
          exclude: ['**/node_modules/**'],
          env: { TAIZHANG_TEST_BACKEND: 'postgres' },
        },
      },
    ],
  },
})
