/**
 * @module sheetTools/SheetTools
 * The export and import buttons of a sheet's toolbar (SPEC §5), in one place so SheetPage
 * needs one line: 导出 (every sheet), 导入 (ledgers the person may edit, online) and 选择组织 (scoring
 * sheets the person may edit: fills 组织名称 + 统一社会信用代码 of the focused row from
 * the unit's ledger, or adds a row).
 */
import type { GridTemplate, TemplateKind } from '@taizhang/schema'
import { useState } from 'react'
import type * as Y from 'yjs'
import { ExportMenu } from '../export/ExportMenu'
import { ImportDialog } from '../importer/ImportDialog'
import { OrgPicker } from '../scoring/OrgPicker'

interface Props {
  sheetId: string
  kind: TemplateKind | undefined
  doc: Y.Doc | null
  template: GridTemplate | null
  title: string
  unitId: string | undefined
  unitName: string
  online: boolean
  readOnly: boolean
  /** The row the person is on (the grid's focused cell), if any. */
  focusedRowId: string | null
}

export function SheetTools(props: Props) {
  const { sheetId, kind, doc, template, title, unitId, unitName, online, readOnly } = props
  const [dialog, setDialog] = useState<'import' | 'org' | null>(null)
  if (!kind) return null
  return (
    <>
      {kind === 'scoring' && doc && unitId && !readOnly && (
        <button
          type="button"
          disabled={!online}
          title={online ? '从本单位台账中按名称或信用代码选择' : '离线时无法读取台账'}
          onClick={() => setDialog('org')}
        >
          选择组织
        </button>
      )}
      {kind === 'ledger' && template && !readOnly && (
        <button
          type="button"
          disabled={!online}
          title={online ? '从 Excel 或 CSV 文件导入组织' : '导入需要联网'}
          onClick={() => setDialog('import')}
        >
          导入
        </button>
      )}
      <ExportMenu
        sheetId={sheetId}
        kind={kind}
        doc={doc}
        template={template}
        title={title}
        unitName={unitName}
        online={online}
      />
      {dialog === 'import' && template && (
        <ImportDialog sheetId={sheetId} template={template} onClose={() => setDialog(null)} />
      )}
      {dialog === 'org' && doc && unitId && (
        <OrgPicker
          doc={doc}
          unitId={unitId}
          unitName={unitName}
          rowId={props.focusedRowId}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  )
}
