import {describe, expect, it} from 'vitest'
import {sentenceIds} from '../src/text/id.js'

describe('sentenceIds', () => {
  const texts = ['The first sentence.', 'The second one.', 'The third.']

  it('changes only the id of the sentence that was edited', () => {
    const before = sentenceIds(texts)
    const after = sentenceIds([texts[0]!, 'The second one, revised.', texts[2]!])
    expect(after[0]).toBe(before[0])
    expect(after[1]).not.toBe(before[1])
    expect(after[2]).toBe(before[2])
  })

  it('keeps ids when sentences are inserted before them', () => {
    const before = sentenceIds(texts)
    const after = sentenceIds(['A new opening.', ...texts])
    expect(after.slice(1)).toEqual(before)
  })

  it('gives identical sentences distinct ids, the same on every run', () => {
    const ids = sentenceIds(['Same.', 'Other.', 'Same.', 'Same.'])
    expect(new Set(ids).size).toBe(4)
    expect(ids[2]).toBe(`${ids[0]}-2`)
    expect(ids[3]).toBe(`${ids[0]}-3`)
    expect(sentenceIds(['Same.', 'Other.', 'Same.', 'Same.'])).toEqual(ids)
  })

  it('ignores differences of whitespace and Unicode normalisation', () => {
    expect(sentenceIds(['Caf\u00e9  au\nlait.'])).toEqual(sentenceIds(['Cafe\u0301 au lait.']))
  })

  it('makes ids that are valid XML names and HTML fragment ids', () => {
    for (const id of sentenceIds(texts)) expect(id).toMatch(/^s-[0-9a-z]{8}$/)
  })
})
