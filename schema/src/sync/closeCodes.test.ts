// The sync close codes: one message per code, reasons that fit a WebSocket close frame,
// and the message the web app shows for a code the table does not know.
import { describe, expect, it } from 'vitest'
import { SYNC_CLOSE, closeMessage, fitCloseReason, syncClose } from './closeCodes'

/** UTF-8 length, counted from the code points (schema has no TextEncoder types). */
const utf8 = (text: string) =>
  [...text].reduce((n, ch) => {
    const c = ch.codePointAt(0)!
    return n + (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4)
  }, 0)

describe('sync close codes', () => {
  it('give every situation its own code and a Chinese message', () => {
    const codes = Object.values(SYNC_CLOSE).map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const { message } of Object.values(SYNC_CLOSE)) expect(message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('keep the final refusals in the range the stock provider stops at', () => {
    for (const name of ['unauthenticated', 'forbidden', 'unknownSheet', 'tooManyRows'] as const) {
      expect(SYNC_CLOSE[name].code).toBeGreaterThanOrEqual(4400)
      expect(SYNC_CLOSE[name].code).toBeLessThan(4500)
    }
    for (const name of ['rolesChanged', 'overLimit', 'backlog'] as const) {
      expect(SYNC_CLOSE[name].code).toBeGreaterThanOrEqual(4500)
    }
  })

  it('add the detail to the message and cut the reason to 123 bytes at a character', () => {
    expect(syncClose('tooLarge', '5000 字节')).toEqual([1009, '消息超过上限（5000 字节）'])
    const [, reason] = syncClose('malformed', '状态向量'.repeat(40))
    expect(utf8(reason)).toBeLessThanOrEqual(123)
    expect(reason.startsWith('无法解析的同步消息（状态向量')).toBe(true)
    expect(fitCloseReason('𠀀'.repeat(40))).toBe('𠀀'.repeat(30))
  })

  it('tell people what a code means, also one the table does not know', () => {
    expect(closeMessage(4403)).toBe(SYNC_CLOSE.forbidden.message)
    expect(closeMessage(4499)).toBe('服务器拒绝连接（4499）')
  })
})
