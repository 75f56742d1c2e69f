import { fiveStarTemplate, ledgerTemplate, scoringTemplate, type Column } from '@taizhang/schema'
import type { ColDef, ColGroupDef } from 'ag-grid-community'
import { describe, expect, it } from 'vitest'
import { buildColumnDefs, emptyMarks, INDEX_COL } from './columnDefs'
import type { GridRow } from './rowChanges'

type Def = ColDef<GridRow> | ColGroupDef<GridRow>
const isGroup = (d: Def): d is ColGroupDef<GridRow> => 'children' in d
const leafIds = (defs: Def[]): string[] =>
  defs.flatMap((d) => (isGroup(d) ? leafIds(d.children as Def[]) : [d.colId!]))

function build(readOnly = false) {
  const writes: [string, string, unknown][] = []
  const defs = buildColumnDefs({
    template: ledgerTemplate,
    readOnly,
    marks: emptyMarks(),
    write: (rowId: string, column: Column, input: unknown) => {
      writes.push([rowId, column.id, input])
      return null
    },
  })
  return { defs, writes }
}

describe('buildColumnDefs', () => {
  it('puts 序号 first, then every column by id, grouping consecutive columns under their header', () => {
    const { defs } = build()
    expect(leafIds(defs)).toEqual([INDEX_COL, ...ledgerTemplate.columns.map((c) => c.id)])
    const groups = defs.filter(isGroup).map((g) => [g.headerName, g.children.length])
    expect(groups).toEqual([
      ['人员', 4],
      ['党组织', 6],
      ['群团组织', 3],
      ['六有', 6],
    ])
  })

  it('pins the columns a template marks pinned, after 序号', () => {
    const defs = buildColumnDefs({
      template: fiveStarTemplate,
      readOnly: false,
      marks: emptyMarks(),
      write: () => null,
    })
    const pinned = defs.filter((d): d is ColDef<GridRow> => !isGroup(d) && d.pinned === 'left')
    expect(pinned.map((d) => d.colId)).toEqual([INDEX_COL, 'org'])
    expect(
      build()
        .defs.filter((d) => !isGroup(d) && d.pinned)
        .map((d) => (d as ColDef).colId),
    ).toEqual([INDEX_COL])
  })

  it('shows units and max points in headers and fits editors to types', () => {
    const scoring = buildColumnDefs({
      template: scoringTemplate,
      readOnly: false,
      marks: emptyMarks(),
      write: () => null,
    })
    const leaves = scoring.flatMap((d) => (isGroup(d) ? (d.children as ColDef<GridRow>[]) : [d]))
    const byId = new Map(leaves.map((d) => [d.colId, d]))
    expect(byId.get('meetings')?.headerName).toBe('三会一课与组织生活(10分)')
    expect(byId.get('problems')?.cellEditor).toBe('agLargeTextCellEditor')
    expect(byId.get('total')?.editable).toBe(false)
    const { defs } = build()
    const ledgerLeaves = defs.flatMap((d) => (isGroup(d) ? (d.children as ColDef<GridRow>[]) : [d]))
    const ledgerById = new Map(ledgerLeaves.map((d) => [d.colId, d]))
    expect(ledgerById.get('partyFunds')?.headerName).toBe('年度党建经费(元)')
    expect(ledgerById.get('category')?.cellEditorParams).toEqual({
      values: ['', '非公企业', '社会组织', '个体工商户', '专业市场'],
    })
    expect(ledgerById.get('union')?.cellEditor).toBe('agSelectCellEditor')
  })

  it('makes nothing editable or draggable on a read-only sheet', () => {
    const { defs } = build(true)
    const leaves = defs.flatMap((d) => (isGroup(d) ? (d.children as ColDef<GridRow>[]) : [d]))
    expect(leaves.every((d) => d.editable === false)).toBe(true)
    expect(leaves.find((d) => d.colId === INDEX_COL)?.rowDrag).toBe(false)
  })

  it('an attachment column (佐证材料, SPEC §10) is drawn by the given renderer and never typed into', () => {
    const renderer = () => null
    const write = () => null
    const leaves = (readOnly: boolean) =>
      buildColumnDefs({
        template: fiveStarTemplate,
        readOnly,
        marks: emptyMarks(),
        write,
        attachmentRenderer: renderer,
      }).flatMap((d) => (isGroup(d) ? (d.children as ColDef<GridRow>[]) : [d]))
    const evidence = leaves(false).find((d) => d.colId === 'evidence')!
    expect(evidence.cellRenderer).toBe(renderer)
    expect(evidence.editable).toBe(false)
    expect(evidence.cellRendererParams).toMatchObject({ readOnly: false, write })
    expect(evidence.cellRendererParams.column.id).toBe('evidence')
    expect(leaves(true).find((d) => d.colId === 'evidence')!.cellRendererParams.readOnly).toBe(true)
    // without a renderer the ids stay text; other columns are untouched either way
    const plain = build().defs
    expect(
      leaves(false)
        .filter((d) => d.cellRenderer)
        .map((d) => d.colId),
    ).toEqual(['evidence'])
    expect(plain.length).toBeGreaterThan(0)
  })
})
