import { describe, expect, it } from 'vitest'
import type { TemplateSummary } from './templateApi'
import { templateChoices, templateName } from './templateChoices'

const stored: TemplateSummary = {
  id: 'tinghu-tech-ledger',
  kind: 'ledger',
  name: '亭湖区科技企业台账',
  unitId: 'd1',
  version: 2,
  builtIn: false,
}

describe('templateChoices', () => {
  it('offers the built-ins when the server has not answered', () => {
    expect(templateChoices(undefined).map((t) => t.id)).toEqual([
      'ledger',
      'scoring',
      'report',
      'fiveStar',
    ])
  })

  it('adds stored templates after the built-ins and filters by kind', () => {
    const list = templateChoices([stored], ['ledger', 'scoring'])
    expect(list.map((t) => t.id)).toEqual(['ledger', 'scoring', 'fiveStar', 'tinghu-tech-ledger'])
    expect(list.at(-1)?.version).toBe(2)
  })

  it('names a template id by the list, the built-ins, or the id itself', () => {
    expect(templateName('tinghu-tech-ledger', [stored])).toBe('亭湖区科技企业台账')
    expect(templateName('scoring', undefined)).toBe('督查评分表')
    expect(templateName('gone', [])).toBe('gone')
  })
})
