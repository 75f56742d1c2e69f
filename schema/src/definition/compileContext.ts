/**
 * @module definition/compileContext
 * What compiling a condition or an expression needs: the template's columns, whether it
 * runs in a rule or an indicator, and the columns the compiled code reads — each given one
 * slot of `Env.reads` and one cell reader, so a cell that a dozen conditions compare (组建方式)
 * is read once per row (`readRow`).
 */
import type { Column, GridTemplate, Row, ScoringTemplate } from '../templates/types'
import { columnsOf } from '../templates/columns'
import { columnReader, newEnv, type Env, type Mode, type Reader } from './cellReader'
import { TemplateDefinitionError } from './issue'

export class CompileContext {
  readonly mode: Mode
  readonly scoring: ScoringTemplate | null
  readonly #columns = new Map<string, Column>()
  readonly #readers = new Map<string, Reader>()
  readonly #slots = new Map<string, number>()
  readonly #reads: Reader[] = []

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

  /** How this context reads a column's cell (for messages; conditions use `slot`). */
  reader(id: string): Reader {
    let reader = this.#readers.get(id)
    if (!reader) {
      reader = columnReader(this.column(id), this.mode, this.scoring)
      this.#readers.set(id, reader)
    }
    return reader
  }

  /** The slot of `Env.reads` that holds the column's cell, read by `readRow`. */
  slot(id: string): number {
    let slot = this.#slots.get(id)
    if (slot === undefined) {
      slot = this.#reads.length
      this.#reads.push(this.reader(id))
      this.#slots.set(id, slot)
    }
    return slot
  }

  /** Slots of `Env.reads` so far. */
  get width(): number {
    return this.#reads.length
  }

  /** Reads every slotted column of the env's row. */
  readRow(env: Env): void {
    const reads = this.#reads
    const out = env.reads
    for (let i = 0; i < reads.length; i++) out[i] = reads[i]!(env)
  }

  /** An env for `row` with its columns read (and room for `facts` condition values). */
  env(row: Row, today: string, facts?: Uint8Array): Env {
    const env = newEnv(row, today, this.#reads.length, facts)
    this.readRow(env)
    return env
  }
}
