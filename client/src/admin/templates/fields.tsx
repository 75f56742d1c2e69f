/**
 * @module admin/templates/fields
 * The small inputs the 表样 editor is made of, forgiving as people type: a number field that
 * reads 全角 digits and "30人" (`readNumber`) and says so when it cannot, a list field (one
 * option per line or separated by 、，), and the list of `validateDefinition` issues with
 * their paths.
 */
import type { DefinitionIssue } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { readList, readNumber } from './draft'
import { pathText } from './issues'

/** A number input that keeps what is typed and reports a number (or null when emptied). */
export function NumberField({
  label,
  value,
  onChange,
  className,
}: {
  label: string
  value: number | undefined | null
  onChange(value: number | null): void
  className?: string
}) {
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value))
  useEffect(() => {
    // a value changed from outside (another field, a reorder) replaces the text
    setText((shown) => {
      const read = readNumber(shown)
      return read === (value ?? null)
        ? shown
        : value === undefined || value === null
          ? ''
          : String(value)
    })
  }, [value])
  const read = readNumber(text)
  return (
    <label className={className ?? 'field'}>
      <span>{label}</span>
      <input
        inputMode="decimal"
        value={text}
        aria-label={label}
        aria-invalid={read === undefined}
        onChange={(e) => {
          setText(e.target.value)
          const n = readNumber(e.target.value)
          if (n !== undefined) onChange(n)
        }}
      />
      {read === undefined && <span className="field-error">请输入数字</span>}
    </label>
  )
}

/** Options typed as a list; shown one per line. */
export function ListField({
  label,
  value,
  onChange,
}: {
  label: string
  value: readonly string[] | undefined
  onChange(value: string[]): void
}) {
  const [text, setText] = useState((value ?? []).join('\n'))
  useEffect(() => {
    setText((shown) =>
      readList(shown).join('\n') === (value ?? []).join('\n') ? shown : (value ?? []).join('\n'),
    )
  }, [value])
  return (
    <label className="field field-wide">
      <span>{label}</span>
      <textarea
        rows={3}
        value={text}
        aria-label={label}
        placeholder="每行一项，或用、，分隔"
        onChange={(e) => {
          setText(e.target.value)
          onChange(readList(e.target.value))
        }}
      />
    </label>
  )
}

export function IssueList({
  issues,
  title,
  testId,
}: {
  issues: readonly DefinitionIssue[]
  title?: string
  testId?: string
}) {
  if (issues.length === 0) return null
  return (
    <div className="issue-list" role="alert" data-testid={testId}>
      {title && <strong>{title}</strong>}
      <ul>
        {issues.map((i, n) => (
          <li key={n}>
            <code>{pathText(i.path)}</code>：{i.message}
          </li>
        ))}
      </ul>
    </div>
  )
}
