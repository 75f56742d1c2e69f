/**
 * @module admin/templates/JsonField
 * The advanced condition editor (SPEC §7): a condition or expression as JSON text, parsed as
 * it is typed. Text that is not JSON says where it breaks and changes nothing; JSON that
 * parses goes into the draft at once, and the draft's live check (`validateDefinition`)
 * shows its Chinese path messages below (`issues`, those under this field's path).
 * An empty field removes the condition (`undefined`).
 */
import type { DefinitionIssue } from '@taizhang/schema'
import { useEffect, useState } from 'react'
import { IssueList } from './fields'

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2))

export function JsonField({
  label,
  value,
  onChange,
  issues,
  placeholder,
}: {
  label: string
  value: unknown
  onChange(value: unknown): void
  issues: readonly DefinitionIssue[]
  placeholder?: string
}) {
  const [text, setText] = useState(() => show(value))
  const [syntax, setSyntax] = useState<string | null>(null)
  useEffect(() => {
    // the value changed elsewhere (a threshold field): show it unless the text says the same
    setText((shown) => {
      try {
        if (
          shown.trim() === ''
            ? value === undefined
            : JSON.stringify(JSON.parse(shown)) === JSON.stringify(value)
        )
          return shown
      } catch {
        // text being typed that does not parse yet stays as it is
        return shown
      }
      return show(value)
    })
  }, [value])
  return (
    <div className="json-field">
      <label>
        <span>{label}</span>
        <textarea
          className="mono"
          rows={Math.min(14, Math.max(3, text.split('\n').length))}
          spellCheck={false}
          value={text}
          aria-label={label}
          placeholder={placeholder}
          aria-invalid={syntax !== null || issues.length > 0}
          onChange={(e) => {
            const next = e.target.value
            setText(next)
            if (next.trim() === '') {
              setSyntax(null)
              onChange(undefined)
              return
            }
            try {
              const parsed: unknown = JSON.parse(next)
              setSyntax(null)
              onChange(parsed)
            } catch (error) {
              setSyntax(`不是合法的 JSON：${(error as Error).message}`)
            }
          }}
        />
      </label>
      {syntax && <p className="field-error">{syntax}</p>}
      <IssueList issues={issues} />
    </div>
  )
}
