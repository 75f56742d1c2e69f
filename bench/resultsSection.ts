/**
 * @module bench/resultsSection
 * Writes one bench's section of bench/RESULTS.md (`## name`, the command and the date, then
 * its lines), replacing the section of that name if there is one and leaving the others alone.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const RESULTS = join(fileURLToPath(new URL('..', import.meta.url)), 'bench/RESULTS.md')

export function writeResultsSection(name: string, lines: string[]): void {
  const text = readFileSync(RESULTS, 'utf8')
  const section = [
    `## ${name}`,
    '',
    `\`npm run bench:${name}\` (bench/${name}.ts), ${new Date().toISOString().slice(0, 10)}:`,
    '',
    ...lines,
    '',
  ].join('\n')
  const re = new RegExp(`## ${name}\\n[\\s\\S]*?(?=\\n## |$)`)
  const next = re.test(text)
    ? text.replace(re, section.trimEnd() + '\n')
    : `${text.trimEnd()}\n\n${section}`
  writeFileSync(RESULTS, next.endsWith('\n') ? next : next + '\n')
}
