// Runs after `npm install` at the root: builds the web app so `npm start` can serve it.
// Skipped (with a note) while the client has no entry point yet.
import { existsSync } from 'node:fs'
import { execSync } from 'node:child_process'

if (existsSync('client/index.html') && existsSync('client/vite.config.ts')) {
  execSync('npm run build --workspace client', { stdio: 'inherit' })
} else {
  console.log('[taizhang] client not present yet; skipping web build')
}
