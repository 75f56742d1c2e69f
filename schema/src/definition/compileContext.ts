/**
 * @module definition/compileContext
 * What compiling a condition or an expression needs: the template's columns, whether it
 * runs in a rule or an indicator, and one cell reader per column (made once, shared by
 * every condition that reads the column).
 */
import type { Column, GridTemplate, ScoringTemplate } from '../templates/types'
import { columnsOf } from '../templates/columns'
import { columnReader, type Mode, type Reader } from './cellReader'
import { TemplateDefinitionError } from './issue'

export class CompileContext {
  readonly mode: Mode
  readonly scoring: ScoringTemplate | null
  readonly #columns = new Map<string, Column>()
  readonly #readers = new Map<string, Reader>()

  constructor(template: GridTemplate, mode: Mode) {
    this.mode = mode
    this.scoring = template.kind === 'scoring' ? template : null
    for (const column of columnsOf(template)) this.#columns.set(column.id, column)
  }

  has(id: string): boolean {
    return this.#columns.has(id)
  }

  column(id: string): Column {
    const column = this.#columns.get(id)
    if (!column) throw new TemplateDefinitionError([{ path: '', message: `列「${id}」不存在` }])
    return column
  }

  reader(id: string): Reader {
    let reader = this.#readers.get(id)
    if (!reader) {
      reader = columnReader(this.column(id), this.mode, this.scoring)
      this.#readers.set(id, reader)
    }
    return reader
  }
}
