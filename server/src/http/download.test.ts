// File names of downloads (exports): Chinese names travel as RFC 5987 `filename*`, with an
// ASCII fallback; characters Windows and WPS refuse never reach the name.
import { describe, expect, it } from 'vitest'
import { contentDisposition, safeFileName } from './download'

describe('download names', () => {
  it('encodes a Chinese name as filename* and keeps an ASCII fallback', () => {
    const header = contentDisposition('城东街道 台账(2026).xlsx')
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
    const encoded = header.split("UTF-8''")[1]!
    expect(encoded).not.toMatch(/[ ()]/)
    expect(decodeURIComponent(encoded)).toBe('城东街道 台账(2026).xlsx')
  })

  it('removes path and reserved characters', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0001k', 'pdf')).toBe('a_b_c_d_e_f_g_h_i_j_k.pdf')
    expect(safeFileName('   ', 'csv')).toBe('export.csv')
  })
})

describe('long and unusual names', () => {
  it('never cuts an emoji or a combined character apart', () => {
    const title = 'a'.repeat(119) + '👍🏽' + '尾'
    const name = safeFileName(title, 'xlsx')
    expect(name).toBe('a'.repeat(119) + '👍🏽.xlsx')
    expect(() => contentDisposition(name)).not.toThrow()
  })

  it('stays within 200 UTF-8 bytes before the extension', () => {
    const name = safeFileName('台'.repeat(150), 'pdf')
    expect(name).toBe('台'.repeat(66) + '.pdf')
    expect(Buffer.byteLength(name.replace(/\.pdf$/, ''))).toBeLessThanOrEqual(200)
  })

  it('replaces an unpaired surrogate instead of failing to encode it', () => {
    const name = safeFileName('标题\ud83d尾', 'csv')
    expect(name).toBe('标题_尾.csv')
    expect(() => contentDisposition(name)).not.toThrow()
  })
})
