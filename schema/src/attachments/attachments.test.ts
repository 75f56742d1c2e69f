// 佐证材料 (SPEC §10): the type is judged by the first bytes, never the name; a cell holds ids
// (hex sha256) joined by ",".
import { describe, expect, it } from 'vitest'
import { attachmentCell, attachmentIdsOf, isAttachmentId } from './attachmentIds'
import { sniffAttachmentType } from './attachmentType'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  )

describe('type by content', () => {
  it('JPEG, PNG, WebP and PDF', () => {
    expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg')
    expect(sniffAttachmentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png')
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp')
    expect(sniffAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf')
  })

  it('anything else, a truncated header or an HTML page is refused', () => {
    expect(sniffAttachmentType(bytes('<html><script>'))).toBeNull()
    expect(sniffAttachmentType(bytes('GIF89a'))).toBeNull()
    expect(sniffAttachmentType(bytes([0xff, 0xd8]))).toBeNull()
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull()
    expect(sniffAttachmentType(new Uint8Array())).toBeNull()
  })
})

describe('ids in a cell', () => {
  const a = 'a'.repeat(64)
  const b = '0123456789abcdef'.repeat(4)
  it('split on ",", trimmed, lower-cased, each once, non-ids left out', () => {
    expect(attachmentIdsOf(` ${a} ,${b.toUpperCase()},${a},x,`)).toEqual([a, b])
    expect(attachmentIdsOf(null)).toEqual([])
    expect(attachmentIdsOf(42)).toEqual([])
    expect(attachmentCell([a, b])).toBe(`${a},${b}`)
    expect(isAttachmentId(a)).toBe(true)
    expect(isAttachmentId(a.slice(1))).toBe(false)
  })
})
