/**
 * @module components/ConnectionIndicator
 * 在线 / 离线 / 同步中 and how many local changes the server has not confirmed yet.
 */
import { CONNECTION_LABELS } from '../sync/pending'
import type { ConnectionStatus } from '../sync/connection'

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const title =
    status.refused ??
    (status.pending > 0
      ? `${status.pending} 处本地修改尚未被服务器确认，已保存在本机`
      : status.state === 'offline'
        ? '无法连接服务器；修改保存在本机，联网后自动同步'
        : '所有修改已同步到服务器')
  return (
    <span
      className={`conn conn-${status.state}`}
      data-state={status.state}
      data-pending={status.pending}
      title={title}
      role="status"
      aria-live="polite"
    >
      <span className="conn-dot" aria-hidden="true" />
      {CONNECTION_LABELS[status.state]}
      {status.pending > 0 && <span className="conn-pending">{status.pending} 处未同步</span>}
      {status.refused && <span className="conn-refused">{status.refused}</span>}
    </span>
  )
}
