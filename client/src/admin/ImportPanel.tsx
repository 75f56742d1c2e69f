/**
 * @module admin/ImportPanel
 * Importing a units or users file (SPEC §11) as an admin does it: download the empty
 * template, choose the filled-in file, see the preview table (every row with what would
 * happen to it, bad rows with their row number and reason), then import. After a users
 * import the generated passwords are shown this once, with a csv to hand them out.
 */
import { ROLE_LABELS } from '@taizhang/schema'
import { useState } from 'react'
import { errorMessage } from '../api/client'
import {
  downloadTemplate,
  importFile,
  saveBlob,
  type ImportAnswer,
  type ImportKind,
  type ImportRow,
} from './adminApi'

const OUTCOME: Record<ImportRow['outcome'], string> = {
  create: '新建',
  existing: '已存在',
  update: '补充角色',
  rejected: '有误',
}

/** The generated passwords as a csv (UTF-8 with BOM, so Excel opens it right). */
export function passwordsCsv(passwords: { username: string; password: string }[]): Blob {
  const lines = ['用户名,初始密码', ...passwords.map((p) => `${p.username},${p.password}`)]
  return new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' })
}

export function ImportPanel({ kind, onImported }: { kind: ImportKind; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<ImportAnswer | null>(null)
  const [result, setResult] = useState<ImportAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const label = kind === 'units' ? '单位' : '用户'

  const run = async (asPreview: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const answer = await importFile(kind, file, asPreview)
      if (asPreview) {
        setPreview(answer)
        setResult(null)
      } else {
        setResult(answer)
        setPreview(null)
        onImported()
      }
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  const shown = result ?? preview
  return (
    <section className="import-panel" aria-label={`导入${label}`}>
      <div className="import-steps">
        <span className="muted small">1. 下载模板</span>
        <button
          type="button"
          className="link-button"
          onClick={() => void downloadTemplate(kind, 'xlsx')}
        >
          Excel 模板
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => void downloadTemplate(kind, 'csv')}
        >
          CSV 模板
        </button>
        <span className="muted small">2. 选择文件</span>
        <input
          type="file"
          name={`${kind}-file`}
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={`选择${label}文件`}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null)
            setPreview(null)
            setResult(null)
            setError(null)
          }}
        />
        <button type="button" disabled={!file || busy} onClick={() => void run(true)}>
          预览
        </button>
        <button
          type="button"
          className="primary"
          disabled={!file || busy || !preview}
          onClick={() => void run(false)}
        >
          确认导入
        </button>
      </div>
      {busy && <p className="muted">正在处理，请稍候…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <div className="import-result" data-testid={result ? 'import-result' : 'import-preview'}>
          <p role="status">
            {result ? '已导入：' : '预览（尚未导入）：'}
            {kind === 'units'
              ? `新建 ${shown.created} 个单位，已存在 ${shown.existing ?? 0} 个`
              : `新建 ${shown.created} 个用户，补充角色 ${shown.updated ?? 0} 个`}
            ，有误 {shown.rejected.length} 行
          </p>
          {result?.passwords && result.passwords.length > 0 && (
            <div className="passwords banner-info" data-testid="generated-passwords">
              <p>
                <strong>以下初始密码只显示这一次</strong>，请下载后分发给本人；首次登录须修改密码。
              </p>
              <button
                type="button"
                className="primary"
                onClick={() => saveBlob(passwordsCsv(result.passwords!), '初始密码.csv')}
              >
                下载初始密码（CSV）
              </button>
              <table className="admin-table compact">
                <thead>
                  <tr>
                    <th>用户名</th>
                    <th>初始密码</th>
                  </tr>
                </thead>
                <tbody>
                  {result.passwords.map((p) => (
                    <tr key={p.username}>
                      <td>{p.username}</td>
                      <td className="mono">{p.password}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="table-scroll">
            <table className="admin-table">
              <thead>
                <tr>
                  <th>行</th>
                  {kind === 'units' ? (
                    <th>单位路径</th>
                  ) : (
                    <>
                      <th>用户名</th>
                      <th>姓名</th>
                      <th>单位</th>
                      <th>角色</th>
                    </>
                  )}
                  <th>结果</th>
                  <th>说明</th>
                </tr>
              </thead>
              <tbody>
                {shown.rows.map((r) => (
                  <tr key={r.row} className={r.outcome === 'rejected' ? 'row-rejected' : undefined}>
                    <td>{r.row}</td>
                    {kind === 'units' ? (
                      <td>{(r.path ?? []).join(' / ')}</td>
                    ) : (
                      <>
                        <td>{r.username}</td>
                        <td>{r.displayName}</td>
                        <td>{r.unit}</td>
                        <td>{(r.roles ?? []).map((role) => ROLE_LABELS[role]).join('、')}</td>
                      </>
                    )}
                    <td>{OUTCOME[r.outcome]}</td>
                    <td className="small">
                      {r.reasons?.join('；') ??
                        (r.password === 'generated'
                          ? '自动生成初始密码'
                          : r.creates
                            ? `新建 ${r.creates} 个单位`
                            : '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  )
}
