/**
 * @module report/presenceCaret
 * Other people's carets and selections in a report section (SPEC §4 presence), from
 * y-tiptap's `yCursorPlugin` on the sheet's awareness, labelled with the awareness
 * `user` {id, name, color}. Each section uses its own awareness field (`report:basic`
 * …), because four editors share one awareness and the grid's `cursor` field means a
 * cell. (@tiptap/extension-collaboration-caret pins an older @tiptap/core than the
 * other Tiptap 3 packages, so the plugin is wired here directly.)
 */
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
function caret(user: { name?: string; color?: string }): HTMLElement {
  const el = document.createElement('span')
  el.className = 'report-caret'
  el.style.borderColor = user.color ?? '#888'
  const label = document.createElement('span')
  label.className = 'report-caret-label'
  label.style.backgroundColor = user.color ?? '#888'
  label.textContent = user.name ?? '协作者'
  el.append(label)
  return el
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
        selectionBuilder: (user: { color?: string }) => ({
          style: `background-color: ${user.color ?? '#888'}33`,
          class: 'report-selection',
        }),
      }),
    ]
  },
})
