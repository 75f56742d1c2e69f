/**
 * @module grid/gridModules
 * The AG Grid Community modules the sheet grid uses, registered one by one instead of
 * `AllCommunityModule` (which bundles every feature: pagination, CSV export, infinite row
 * model …), so the main chunk the browser parses before the first rows is smaller.
 * Adding a grid feature (a new editor, filter or API call) may need its module here: in
 * development `ValidationModule` names any missing one in the console.
 */
import {
  CellApiModule,
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CustomEditorModule,
  EventApiModule,
  ExternalFilterModule,
  LargeTextEditorModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  RenderApiModule,
  RowApiModule,
  RowDragModule,
  RowStyleModule,
  ScrollApiModule,
  SelectEditorModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  type Module,
} from 'ag-grid-community'

export const GRID_MODULES: Module[] = [
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
  CellApiModule,
  ColumnApiModule,
  EventApiModule,
  TextEditorModule,
  SelectEditorModule,
  LargeTextEditorModule,
  CustomEditorModule,
  TextFilterModule,
  NumberFilterModule,
  ExternalFilterModule,
  RowDragModule,
  TooltipModule,
  CellStyleModule,
  RowStyleModule,
  LocaleModule,
]

/** Registers the grid's modules (once; AG Grid ignores repeats). */
export function registerGridModules(): void {
  ModuleRegistry.registerModules(
    import.meta.env.DEV ? [...GRID_MODULES, ValidationModule] : GRID_MODULES,
  )
}
