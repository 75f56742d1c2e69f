// Another person's selection in a report is drawn with a style attribute built from their
// awareness colour, which is data from the network: only a checked colour reaches it.
import { FALLBACK_COLOR } from '@taizhang/schema'
import { describe, expect, it } from 'vitest'
import { selectionStyle } from './presenceCaret'

describe('report selection style', () => {
  it('uses a six-digit hex colour at 20 % opacity', () => {
    expect(selectionStyle('#1976d2')).toBe('background-color: #1976d233')
  })

  it('never lets other text into the style attribute', () => {
    for (const hostile of [
      'red; background-image: url(https://evil.example/x)',
      '#123456; position: fixed',
      'expression(alert(1))',
      'rgb(1,2,3)', // a real colour, but '33' appended to it would not be one
      42,
      null,
      undefined,
    ]) {
      expect(selectionStyle(hostile)).toBe(`background-color: ${FALLBACK_COLOR}33`)
    }
  })
})
