/**
 * @module grid/gridTheme
 * How the sheet grid looks: AG Grid's Quartz theme with system Chinese fonts (never Google
 * Fonts: the app must open offline) and the column defaults every sheet column shares.
 * Not for: per-column behaviour (`columnDefs`) or cell marks (`grid.css`).
 */
import { themeQuartz } from 'ag-grid-community'

export const gridTheme = themeQuartz.withParams({
  fontFamily: [
    '-apple-system',
    'PingFang SC',
    'Microsoft YaHei',
    'Noto Sans CJK SC',
    'Source Han Sans SC',
    'sans-serif',
  ],
  fontSize: 13,
  headerFontWeight: 600,
  spacing: 5,
  rowHeight: 32,
  headerHeight: 34,
  accentColor: '#2563eb',
  headerBackgroundColor: '#fbf7f2',
})

// Chinese headers wrap instead of being cut ("5簿6册1卡"档案齐全(10分)).
export const DEFAULT_COL_DEF = {
  sortable: true,
  resizable: true,
  wrapHeaderText: true,
  autoHeaderHeight: true,
}
