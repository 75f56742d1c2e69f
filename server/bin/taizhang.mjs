#!/usr/bin/env node
// The `taizhang` command (SPEC §6.2). Runs the TypeScript sources through tsx, so
// there is no separate build step for the server and the CLI.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
