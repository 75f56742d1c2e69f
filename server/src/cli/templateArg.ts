/**
 * @module cli/templateArg
 * `--template ID|FILE.json` of `taizhang validate` and `taizhang consolidate` (SPEC §7): a
 * built-in grid template by id (`ledger`, `scoring`, `fiveStar`), or a JSON file holding a
 * bare definition (a ledger's, or a scoring one when it has `criteria`) or a whole template
 * document `{id, kind, name, version, definition}`. The file is checked by the same gate as
 * a save (`templateFromDocument`); a bad one is a usage error naming the file and the places.
 * Not for: reading the data files (readSheet.ts).
 */
import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import {
  builtinTemplateById,
  DEFINITION_LIMITS,
  templateFromDocument,
  type GridTemplate,
} from '@taizhang/schema'
import { UsageError } from './usage'

/** The grid template `--template` names. */
export async function loadTemplateArg(value: string): Promise<GridTemplate> {
  const builtIn = builtinTemplateById(value)
  if (builtIn) {
    if (builtIn.kind === 'report') throw new UsageError('调研报告没有可检查的表格行')
    return builtIn
  }
  if (extname(value).toLowerCase() !== '.json') {
    throw new UsageError(`未知模板“${value}”，可选 ledger、scoring、fiveStar 或表样文件 *.json`)
  }
  let text: string
  try {
    // a document may carry its id, name and kind around the 256 KiB definition
    if ((await stat(value)).size > DEFINITION_LIMITS.bytes + 64 * 1024) {
      throw new UsageError(
        `${value}：表样文件过大（定义最多 ${DEFINITION_LIMITS.bytes / 1024} KiB）`,
      )
    }
    text = await readFile(value, 'utf8')
  } catch (e) {
    if (e instanceof UsageError) throw e
    throw new UsageError(`${value}：无法读取表样文件`)
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new UsageError(`${value}：不是合法的 JSON`)
  }
  const doc =
    json && typeof json === 'object' && !Array.isArray(json) && 'definition' in json
      ? json
      : {
          id: 'file',
          kind: json && typeof json === 'object' && 'criteria' in json ? 'scoring' : 'ledger',
          name: basename(value, extname(value)).slice(0, 100) || '表样',
          version: 1,
          definition: json,
        }
  const result = templateFromDocument(doc)
  if (!result.ok) {
    const places = result.issues
      .slice(0, 10)
      .map((i) => `  ${i.path || '（整体）'}：${i.message}`)
      .join('\n')
    throw new UsageError(`${value}：表样定义有误\n${places}`)
  }
  return result.template
}
