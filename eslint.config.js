// Lint for the whole repository. Layering (STYLE.md): schema/ imports neither node:*
// nor server/client; server/ and client/ never import each other; production code never
// imports test support (the `test/` folders and the `./test` subpaths).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const SCHEMA = ['node:*', '@taizhang/server', '@taizhang/client', 'react', 'ag-grid-*', 'fs', 'path']
const SERVER = ['@taizhang/client', '**/client/src/**']
const CLIENT = ['@taizhang/server', '@taizhang/server/*', '**/server/src/**', 'node:*']
/**
 * Dependencies point inward (docs/ARCHITECTURE.md §10): the server's domain folders know
 * nothing of HTTP and throw domain errors that the HTTP layer maps to statuses.
 */
const DOMAIN = 'server/src/{workflow,validation,auth,sync,cluster,storage}'
const NO_HTTP = ['**/http/**', '**/routes/**', 'hono', 'hono/*']

/** Test support: `@taizhang/schema/test`, `@taizhang/server/test`, `../test/rows` and the like. */
const TEST_ONLY = {
  group: ['@taizhang/*/test', '**/test', '**/test/**'],
  message: 'Test support is for tests and benchmarks only.',
}
/** Where test support may be imported: tests beside the code, and the test folders themselves. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '*/src/test/**']

/**
 * A workspace's import rule: its layering everywhere, plus no test support in its
 * production sources. (For a file several entries match, the last one wins, so the second
 * entry repeats the layering patterns.)
 */
const layer = (dir, patterns, ext = ['ts']) => {
  const files = (base) => ext.map((e) => `${base}/**/*.${e}`)
  return [
    { files: files(dir), rules: { 'no-restricted-imports': ['error', { patterns }] } },
    {
      files: files(`${dir}/src`),
      ignores: TEST_FILES,
      rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns }, TEST_ONLY] }] },
    },
  ]
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'client/dist/**', 'data/**', 'tests/artifacts/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  ...layer('schema', SCHEMA),
  ...layer('server', SERVER),
  {
    files: [`${DOMAIN}/**/*.ts`],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...SERVER, ...NO_HTTP] }, TEST_ONLY] }] },
  },
  ...layer('client', CLIENT, ['ts', 'tsx']),
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
