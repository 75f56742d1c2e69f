/**
 * @module report/SectionEditor
 * One section of a 调研报告 (一、基本情况 …) bound to its `Y.XmlFragment` with Tiptap's
 * Collaboration extension (y-prosemirror under the hood), so several people write at
 * once and text merges character by character (SPEC §2.3); undo is Yjs's (only one's
 * own changes). Others' carets show through `presenceCaret`.
 * Not for: meta fields or the statistics table (ReportEditor.tsx).
 */
import Collaboration from '@tiptap/extension-collaboration'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { useEffect } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { PresenceCaret } from './presenceCaret'
import { tableNodes } from './tableNodes'

interface Props {
  id: string
  label: string
  fragment: Y.XmlFragment
  awareness: Awareness | null
  readOnly: boolean
}

export function SectionEditor({ id, label, fragment, awareness, readOnly }: Props) {
  const editor = useEditor(
    {
      extensions: [
        // Yjs keeps the history: the editor's own would undo other people's typing too.
        StarterKit.configure({ undoRedo: false }),
        ...tableNodes,
        Collaboration.configure({ fragment }),
        PresenceCaret.configure({ awareness }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: { class: 'report-text', 'aria-label': label, 'data-section': id },
      },
    },
    [fragment, awareness],
  )

  useEffect(() => {
    editor?.setEditable(!readOnly)
  }, [editor, readOnly])

  return (
    <section className="report-section">
      <h2>{label}</h2>
      {editor && !readOnly && (
        <div className="report-format" role="toolbar" aria-label={`${label}格式`}>
          <button
            type="button"
            aria-pressed={editor.isActive('bold')}
            onClick={() => editor.chain().focus().toggleBold().run()}
          >
            加粗
          </button>
          <button
            type="button"
            aria-pressed={editor.isActive('bulletList')}
            onClick={() => editor.chain().focus().toggleBulletList().run()}
          >
            • 列表
          </button>
          <button
            type="button"
            aria-pressed={editor.isActive('orderedList')}
            onClick={() => editor.chain().focus().toggleOrderedList().run()}
          >
            1. 编号
          </button>
        </div>
      )}
      <EditorContent editor={editor} />
    </section>
  )
}
