// Lint for the whole repository. Layering (STYLE.md): schema/ imports neither node:*
// nor server/client; server/ and client/ never import each other.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

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
  {
    files: ['schema/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '@taizhang/server', '@taizhang/client', 'react', 'ag-grid-*', 'fs', 'path'] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@taizhang/client', '**/client/src/**'] }] },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@taizhang/server', '**/server/src/**', 'node:*'] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
