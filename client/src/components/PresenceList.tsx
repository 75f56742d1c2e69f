/**
 * @module components/PresenceList
 * Who is in the sheet: a coloured chip per person (one per user, however many tabs).
 */
import type { SheetPerson } from '../hooks/useSheet'

export function PresenceList({ people }: { people: SheetPerson[] }) {
  const seen = new Set<string>()
  const unique = people.filter((p) => !seen.has(p.user.id) && seen.add(p.user.id))
  return (
    <ul className="presence" aria-label="在线人员">
      {unique.map((p) => (
        <li
          key={p.clientId}
          className="presence-chip"
          style={{ borderColor: p.user.color }}
          data-user={p.user.id}
        >
          <span className="presence-dot" style={{ background: p.user.color }} aria-hidden="true" />
          {p.user.name}
          {p.self && <span className="muted">（我）</span>}
        </li>
      ))}
    </ul>
  )
}
