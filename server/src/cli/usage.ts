/**
 * @module cli/usage
 * Reading a subcommand's options with `node:util` parseArgs, and the error for a
 * command line that cannot be used (shown as one line, exit 2, no stack trace).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

type Options = NonNullable<ParseArgsConfig['options']>

/** parseArgs in strict mode, its TypeErrors turned into a Chinese UsageError. */
export function parseCommand<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    const code = (e as { code?: string }).code ?? ''
    const message = e instanceof Error ? e.message : String(e)
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`未知选项：${message.match(/'([^']+)'/)?.[1] ?? message}`)
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`选项缺少取值或取值不对：${message}`)
    }
    throw new UsageError(message)
  }
}
