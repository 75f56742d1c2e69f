// One vitest run for the whole repository: unit tests beside the code in schema/ and
// server/, and the cross-workspace suites in tests/ (integration, browser, chaos).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['schema/src/**/*.test.ts', 'server/src/**/*.test.ts', 'client/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'client/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
