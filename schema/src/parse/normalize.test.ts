/**
 * Forgiving readers (SPEC §6.1, §6.3): 全角, units, thousands separators, yes/no
 * spellings, the date forms of SPEC §6.3, option aliases.
 */
import { describe, expect, it } from 'vitest'
import { ledgerTemplate } from '../templates/ledger'
import type { Column } from '../templates/types'
import {
  normalizeText,
  parseDate,
  parseNumberText,
  parseOption,
  parseYesNo,
  toHalfWidth,
} from './normalize'

const column = (id: string): Column => ledgerTemplate.columns.find((c) => c.id === id)!

describe('toHalfWidth / normalizeText', () => {
  it('turns 全角 letters, digits, punctuation and the 全角 space into 半角', () => {
    expect(toHalfWidth('ＡＢｃ１２３（１＋Ｎ），－\u3000！')).toBe('ABc123(1+N),- !')
  })
  it('trims spaces, 全角 spaces and invisible characters', () => {
    expect(normalizeText('\u3000 \uFEFF１２\u200B \t')).toBe('12')
  })
})

describe('parseNumberText', () => {
  it.each([
    ['12', 12],
    ['１２', 12],
    ['12人', 12],
    ['12 人', 12],
    ['７天', 7],
    ['1,200', 1200],
    ['1，200', 1200],
    ['1,234,567.5', 1234567.5],
    ['3.5', 3.5],
    ['-1', -1],
    ['－１', -1],
    ['+4', 4],
    ['  30000元 ', 30000],
    ['¥3,000', 3000],
    ['1.5万元', 15000],
    ['1.23万', 12300],
    ['-0', 0],
  ])('reads %j as %d', (text, n) => {
    expect(parseNumberText(text)).toBe(n)
  })
  it.each(['', '   ', '\u3000'])('gives null for empty %j', (text) => {
    expect(parseNumberText(text)).toBeNull()
  })
  it.each(['十二', '1,2', '12abc', 'abc', '1.2.3', '--1', '1e3', '12人人'])(
    'gives NaN for unreadable %j',
    (text) => {
      expect(parseNumberText(text)).toBeNaN()
    },
  )
})

describe('parseYesNo', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['有', true],
    ['无', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    ['１', true],
    ['√', true],
    ['×', false],
    ['✓', true],
    ['✗', false],
    ['Y', true],
    ['n', false],
    ['Yes', true],
    ['no', false],
    [' 是 ', true],
    [true, true],
    [false, false],
    [1, true],
    [0, false],
  ])('reads %j as %s', (raw, value) => {
    expect(parseYesNo(raw)).toBe(value)
  })
  it('gives null when empty and undefined when unreadable', () => {
    expect(parseYesNo('')).toBeNull()
    expect(parseYesNo(null)).toBeNull()
    expect(parseYesNo(undefined)).toBeNull()
    expect(parseYesNo('也许')).toBeUndefined()
    expect(parseYesNo(2)).toBeUndefined()
  })
})

describe('parseDate', () => {
  it.each([
    ['2026-03-05', '2026-03-05'],
    ['2026-3-5', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['２０２６年３月５日', '2026-03-05'],
    [' 2026 年 3 月 5 日 ', '2026-03-05'],
    ['2026年3月5号', '2026-03-05'],
    ['20260305', '2026-03-05'],
    ['2026-03-05 00:00:00', '2026-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %j as %s', (raw, value) => {
    expect(parseDate(raw)).toBe(value)
  })
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026/4/31', '明天', '3月5日'])(
    'rejects %j',
    (raw) => {
      expect(parseDate(raw)).toBeUndefined()
    },
  )
  it('reads Excel date serials and Date objects', () => {
    const serial = (Date.UTC(2026, 2, 5) - Date.UTC(1899, 11, 30)) / 86_400_000
    expect(parseDate(serial)).toBe('2026-03-05')
    expect(parseDate(serial + 0.75)).toBe('2026-03-05')
    expect(parseDate(1)).toBe('1900-01-01')
    expect(parseDate(61)).toBe('1900-03-01')
    expect(parseDate(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05')
    expect(parseDate(new Date(2026, 2, 5, 9, 30))).toBe('2026-03-05')
    expect(parseDate(new Date(NaN))).toBeUndefined()
    expect(parseDate(-3)).toBeUndefined()
  })
  it('gives null when empty', () => {
    expect(parseDate('')).toBeNull()
    expect(parseDate(null)).toBeNull()
  })
})

describe('parseOption', () => {
  const orgForm = column('orgForm')
  it.each([
    ['单独组建', '单独组建'],
    [' 单独 组建 ', '单独组建'],
    ['区域党支部覆盖', '区域党支部覆盖'],
    ['区域党支部覆盖(1+N)', '区域党支部覆盖'],
    ['区域党支部覆盖（1+N）', '区域党支部覆盖'],
    ['区域党支部覆盖（１＋Ｎ）', '区域党支部覆盖'],
    ['1+N', '区域党支部覆盖'],
    ['1+n', '区域党支部覆盖'],
  ])('reads %j as %s', (raw, value) => {
    expect(parseOption(orgForm, raw)).toBe(value)
  })
  it('gives null when empty and undefined when no option matches', () => {
    expect(parseOption(orgForm, ' ')).toBeNull()
    expect(parseOption(orgForm, '独立组建')).toBeUndefined()
  })
})
