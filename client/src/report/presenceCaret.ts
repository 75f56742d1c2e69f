/**
 * @module report/presenceCaret
 * Other people's carets and selections in a report section (SPEC §4 presence), from
 * y-tiptap's `yCursorPlugin` on the sheet's awareness, labelled with the awareness
 * `user` {id, name, color}. Each section uses its own awareness field (`report:basic`
 * …), because four editors share one awareness and the grid's `cursor` field means a
 * cell. (@tiptap/extension-collaboration-caret pins an older @tiptap/core than the
 * other Tiptap 3 packages, so the plugin is wired here directly.) Colours come from the
 * network: each passes schema's `safeColor` before it is drawn, and the selection's style
 * string is built only from a checked hex colour.
 */
import { FALLBACK_COLOR, safeColor } from '@taizhang/schema'
import { Extension } from '@tiptap/core'
import { yCursorPlugin } from '@tiptap/y-tiptap'
import type { Awareness } from 'y-protocols/awareness'

export interface PresenceCaretOptions {
  awareness: Awareness | null
}

/** Someone else's state with a text caret (or none): not this tab, not a grid cursor. */
function showable(localId: number, clientId: number, state: { cursor?: unknown }): boolean {
  if (localId === clientId) return false
  const cursor = state?.cursor as { anchor?: unknown } | null | undefined
  return cursor == null || cursor.anchor !== undefined
}

/** The caret of another person: a coloured bar with their name above it. */
function caret(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = safeColor(user.color)
  const el = document.createElement('span')
  el.className = 'report-caret'
  el.style.borderColor = color
  const label = document.createElement('span')
  label.className = 'report-caret-label'
  label.style.backgroundColor = color
  label.textContent = typeof user.name === 'string' ? user.name : '协作者'
  el.append(label)
  return el
}

/**
 * The style attribute of another person's selection: their colour at 20 % opacity. Only a
 * six-digit hex colour is used as is (the alpha is appended to it); anything else is drawn in
 * the fallback colour, so no text from the network reaches the attribute.
 */
export function selectionStyle(color: unknown): string {
  const checked = safeColor(color)
  const hex = /^#[0-9a-fA-F]{6}$/.test(checked) ? checked : FALLBACK_COLOR
  return `background-color: ${hex}33`
}

export const PresenceCaret = Extension.create<PresenceCaretOptions>({
  name: 'presenceCaret',
  addOptions: () => ({ awareness: null }),
  addProseMirrorPlugins() {
    const { awareness } = this.options
    if (!awareness) return []
    return [
      yCursorPlugin(awareness, {
        awarenessStateFilter: showable,
        cursorBuilder: caret,
        selectionBuilder: (user: { color?: unknown }) => ({
          style: selectionStyle(user.color),
          class: 'report-selection',
        }),
      }),
    ]
  },
})
