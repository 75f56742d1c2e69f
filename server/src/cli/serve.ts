/**
 * @module cli/serve
 * `taizhang serve [--port 8080] [--host 127.0.0.1] [--data ./data] [--demo]` (SPEC §6.2).
 * Validates the settings (a wrong one: one line on stderr, exit 2), starts the server,
 * prints exactly one line on stdout when it is ready —
 *   listening on http://127.0.0.1:8080
 * — and on SIGTERM / SIGINT shuts down gracefully (every update flushed) and exits 0.
 */
import { ConfigError, loadConfig } from '../config'

export async function run(argv: string[]): Promise<number> {
  let config
  try {
    config = loadConfig(argv)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n')
      return 2
    }
    throw err
  }
  // loaded only now, so a wrong setting is reported without loading the whole server
  const { startServer } = await import('../main')
  let server
  try {
    server = await startServer(config)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`无法监听 ${config.host}:${config.port}（${code}）\n`)
      return 2
    }
    throw err
  }
  process.stdout.write(`listening on ${server.url}\n`)
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  process.stderr.write(`收到 ${signal}，正在保存并关闭…\n`)
  await server.close()
  // everything is closed; should a stray handle still hold the loop, do not hang
  setTimeout(() => process.exit(0), 3000).unref()
  return 0
}
