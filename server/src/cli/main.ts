/**
 * @module cli/main
 * The `taizhang` command (SPEC §6.2): picks the subcommand and turns every mistake a
 * person can make (unknown option, missing file, unreadable file) into one line on
 * stderr and an exit code, never a stack trace. `validate` and `consolidate` live
 * beside this file; `serve`, `backup`, `restore` and `audit` are modules of their own
 * (each exporting `run(argv): Promise<number>`), loaded only when asked for so that
 * checking a file never opens a database.
 * Exit codes: 0 ok, 1 `error` findings (validate), 2 a file or the command line is
 * unusable, 3 an internal error (a bug: set TAIZHANG_DEBUG=1 to see its stack).
 */
import { TableReadError } from '../files/TableReadError'
import { UsageError } from './usage'

const USAGE = `台账 Taizhang — 两新组织党建台账

用法 / Usage:
  taizhang validate 文件… --template ledger|scoring [--json]
      检查 xlsx / csv 台账或评分表（离线）。退出码：0 无错误，1 有错误，2 文件无法读取。
      Check xlsx/csv files offline. Exit 0: no errors, 1: errors found, 2: unreadable file.
      --template 也可以是 fiveStar 或表样文件（*.json，区县自定义的表样）。
      --template also takes fiveStar or a template file (*.json).
  taizhang consolidate 文件… [--template 表样.json] [--json] [--out 汇总.xlsx [--unit 单位名称]]
      每个文件（或“所属单位”列的每个值）作为一个下级单位，计算汇总指标。
      One child unit per file (or per value of a 所属单位 column); prints the indicators;
      --out writes the 汇总表 as xlsx.
  taizhang serve [--port 8080] [--host 127.0.0.1] [--data ./data] [--demo]
      启动服务（接口、同步、网页）。Start the server (API, sync, web app).
  taizhang backup --data 目录 --out 文件      备份数据。Back up a data directory.
  taizhang restore 文件 --data 新目录         恢复备份。Restore a backup.
  taizhang audit …                            查看审计日志。Audit log.
  taizhang help                               显示本说明。Show this help.
`

type Command = (argv: string[]) => Promise<number>

/** Subcommands in modules of their own, loaded only when run (serve loads the whole server). */
const DELEGATED: Record<string, () => Promise<{ run: Command }>> = {
  serve: () => import('./serve'),
  backup: () => import('./backup'),
  restore: () => import('./restore'),
  audit: () => import('./audit'),
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE)
        return 0
      case 'validate':
        return await (await import('./validate')).runValidate(rest)
      case 'consolidate':
        return await (await import('./consolidate')).runConsolidate(rest)
    }
    const load = DELEGATED[command]
    if (!load) throw new UsageError(`未知命令“${command}”（unknown command）`)
    return await (await load()).run(rest)
  } catch (e) {
    return reportError(e)
  }
}

/** One line for a person's mistake, exit 2; a short line (stack only on request) for a bug. */
function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`taizhang：${e.message}\n运行 taizhang help 查看用法。\n`)
    return 2
  }
  if (e instanceof TableReadError) {
    process.stderr.write(`taizhang：${e.message}\n`)
    return 2
  }
  if (process.env.TAIZHANG_DEBUG) console.error(e)
  const message = e instanceof Error ? e.message : String(e)
  process.stderr.write(
    `taizhang：内部错误：${message}（设置 TAIZHANG_DEBUG=1 可查看详情 / internal error）\n`,
  )
  return 3
}
