/**
 * Anchoring: the one-pass exact search, the fuzzy matcher and its thresholds, re-anchoring after a
 * revision (anchored, moved, orphaned, ambiguous), the symmetric selector classes, and a baseline
 * of where every note of the edition anchors.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import fc from 'fast-check'
import {FoldedText, findAll, fold} from '../src/anchor/search.js'
import {matchQuote, maxErrors, MAX_EDIT_RATIO, scoreMatch, WEIGHTS, WHOLE_TEXT_LIMIT} from '../src/anchor/match-quote.js'
import {anchorQuotes, type QuoteTarget} from '../src/anchor/reanchor.js'
import {TextPositionAnchor, TextQuoteAnchor, textHash} from '../src/anchor/types.js'
import {settledSelector, toRanges, toWords} from '../src/anchor/quote.js'
import {loadEdition} from '../src/load/index.js'
import {makeEdition, note} from './helpers/fixture.js'
import {REPO} from './fixtures/edition-copy.js'

const sel = (exact: string, context: {prefix?: string; suffix?: string} = {}) => ({type: 'TextQuoteSelector' as const, exact, ...context})

describe('whitespace-folded text', () => {
  it('maps folded offsets back to the original, a run of whitespace standing for one space', () => {
    const f = new FoldedText('a  b\nc \n\t d  ')
    expect(f.text).toBe('a b c d ')
    expect(f.toOriginal(0, 3)).toEqual({start: 0, end: 4})
    expect(f.toOriginal(4, 7)).toEqual({start: 5, end: 11})
    expect([0, 1, 2, 3, 4, 5, 6, 10, 11].map((o) => f.toFolded(o))).toEqual([0, 1, 1, 2, 3, 4, 5, 6, 7])
  })

  it('finds every occurrence of every quote in one pass, as indexOf does one by one', () => {
    fc.assert(
      fc.property(fc.string({unit: fc.constantFrom('a', 'b', ' ', 'c'), minLength: 40, maxLength: 400}), fc.array(fc.tuple(fc.nat(), fc.integer({min: 1, max: 40})), {minLength: 1, maxLength: 30}), (text, picks) => {
        const quotes = picks.map(([s, n]) => text.slice(s % text.length, (s % text.length) + n)).filter(Boolean)
        const all = findAll(text, quotes)
        quotes.forEach((q, i) => {
          const expected: number[] = []
          for (let p = text.indexOf(q); p !== -1; p = text.indexOf(q, p + 1)) expected.push(p)
          expect(all[i]).toEqual(expected)
        })
      })
    )
  })
})

describe('the fuzzy matcher', () => {
  const text = 'The unions met in November 1935. Production efficiency rose. The leaders hesitated.'

  it('prefers an exact occurrence, and finds a passage with a few edits when there is none', () => {
    expect(matchQuote(text, 'Production efficiency')).toMatchObject({start: 33, errors: 0})
    expect(matchQuote(text, 'Production effciency')).toMatchObject({start: 33, end: 54, errors: 1})
  })

  it('allows at most a quarter of the quote edited', () => {
    expect(MAX_EDIT_RATIO).toBe(0.25)
    expect(maxErrors(40)).toBe(10)
    expect(matchQuote(text, 'The leaders dithered')).toBeNull()
    expect(matchQuote(text, 'The leaders hesitatd')).toMatchObject({errors: 1})
  })

  it('scores with Hypothesis’s weights: quote, prefix, suffix, then position', () => {
    expect(WEIGHTS).toEqual({quote: 50, prefix: 20, suffix: 20, position: 2})
    const twice = 'one word here. one word there.'
    const a = {start: 0, end: 8, errors: 0}
    const b = {start: 15, end: 23, errors: 0}
    expect(scoreMatch(twice, 'one word', b, {suffix: ' there'})).toBeGreaterThan(scoreMatch(twice, 'one word', a, {suffix: ' there'}))
    expect(scoreMatch(twice, 'one word', b, {hint: 14})).toBeGreaterThan(scoreMatch(twice, 'one word', a, {hint: 14}))
  })
})

describe('re-anchoring after a revision', () => {
  const old = 'The unions met in November 1935. Production effciency rose. The leaders hesitated.'
  const at = (q: string, context = {}): QuoteTarget => ({selector: sel(q, context), hint: old.indexOf(q), revised: true})

  it('anchors a quote still in the text, wherever it moved', () => {
    expect(anchorQuotes(`Indeed, ${old}`, [at('The leaders hesitated')])).toEqual([{state: 'anchored', range: {start: 68, end: 89}}])
  })

  it('finds a changed passage fuzzily near where it stood: moved', () => {
    const text = old.replace('effciency', 'efficiency')
    expect(anchorQuotes(text, [at('Production effciency rose')])).toEqual([{state: 'moved', range: {start: 33, end: 59}}])
  })

  it('makes a note whose passage is gone an orphan', () => {
    expect(anchorQuotes(old.replace(' The leaders hesitated.', ''), [at('The leaders hesitated.')])).toEqual([{state: 'orphaned'}])
  })

  it('reports a quote that now stands twice as ambiguous, naming the place nearest where it was', () => {
    const found = anchorQuotes(`${old} The leaders hesitated again.`, [at('The leaders hesitated')])[0]!
    expect(found).toMatchObject({state: 'ambiguous', nearest: 0})
  })

  it('moves a note whose quote is still there but whose prefix or suffix is not', () => {
    const text = old.replace('rose. The', 'rose. Then the')
    expect(anchorQuotes(text, [at('leaders hesitated', {prefix: 'The '})])).toEqual([{state: 'moved', range: {start: 69, end: 86}}])
  })

  it('never searches fuzzily for a quote never anchored, or anchored in this very text: those are errors', () => {
    expect(anchorQuotes(old, [{selector: sel('met in December'), revised: false}])).toEqual([{state: 'not-found', nearest: {start: 11, end: 26}}])
    expect(anchorQuotes(old, [{selector: sel('leaders hesitated', {prefix: 'Our '}), revised: false}])).toMatchObject([{state: 'context'}])
  })

  it('carries the shift of the notes found exactly to the next one lost, so that its search window follows the text', () => {
    // A text longer than the whole-text limit, and 3,000 characters inserted at its start: a hint
    // not moved along would search a window that misses the passage, and nothing else would.
    const words = Array.from({length: 25_000}, (_, i) => `w${i}`).join(' ')
    const before = `The council voted for the first resolution. ${words}. The congress adopted a long statute.`
    const after = `${'x'.repeat(3000)} ${before.replace('first resolution', 'frist resolution')}`
    expect(after.length).toBeGreaterThan(WHOLE_TEXT_LIMIT)
    const targets: QuoteTarget[] = [
      {selector: sel('The council voted'), hint: before.indexOf('The council voted'), revised: true},
      {selector: sel('voted for the first resolution'), hint: before.indexOf('voted for the first'), revised: true}
    ]
    expect(anchorQuotes(after, targets.slice(1))).toEqual([{state: 'orphaned'}])
    const [first, second] = anchorQuotes(after, targets)
    expect(first).toMatchObject({state: 'anchored'})
    expect(second).toMatchObject({state: 'moved'})
    const r = (second as {range: {start: number; end: number}}).range
    expect(after.slice(r.start, r.end)).toBe('voted for the frist resolution')
  })
})

describe('selectors, written and read back (the symmetric pairs)', () => {
  const text = 'The 𝔄 sign. The union met. The union met again.'

  it('TextPositionAnchor: a range to code points and back', () => {
    const start = text.indexOf('union met again')
    const selector = TextPositionAnchor.fromRange(text, {start, end: start + 5}).toSelector()
    expect(selector).toEqual({type: 'TextPositionSelector', start: start - 1, end: start + 4})
    expect(TextPositionAnchor.fromSelector(text, selector).toRange()).toEqual({start, end: start + 5})
  })

  it('TextQuoteAnchor: a range to a quote with context and back', () => {
    const start = text.lastIndexOf('The union met')
    const anchor = TextQuoteAnchor.fromRange(text, {start, end: start + 13})
    expect(anchor.toSelector()).toMatchObject({exact: 'The union met', suffix: ' again.'})
    expect(TextQuoteAnchor.fromSelector(text, anchor.toSelector()).toRange()).toEqual({start, end: start + 13})
    expect(() => new TextQuoteAnchor(text, 'The union met').toRange()).toThrow(/ambiguous/)
    expect(() => new TextQuoteAnchor(text, 'nowhere').toRange()).toThrow(/not found/)
  })

  it('settles a selector with whole words, as an editor would write it', () => {
    const t = 'both the unions and then the unions had'
    const ranges = toRanges(t, sel('the unions'))
    expect(settledSelector(t, ranges[1]!, [ranges[0]!])).toEqual({type: 'TextQuoteSelector', exact: 'the unions', prefix: 'then '})
    expect(toWords(t, ranges[0]!, {prefix: 'h '})).toEqual({prefix: 'both '})
  })

  it('hashes a text the same way each time, and differently for another', () => {
    expect(textHash('abc')).toMatch(/^cyrb53:[0-9a-f]{14}$/)
    expect(textHash('abc')).toBe(textHash('abc'))
    expect(textHash('abd')).not.toBe(textHash('abc'))
  })
})

describe('the anchor stage in the loader', () => {
  const TEXT = 'The VTsSPS met in November 1935. The union leaders hesitated.\n'

  it('says a quote the note was anchored with in this very text is not found (an edited quote), not an orphan', async () => {
    const hash = textHash(TEXT.trim())
    const root = makeEdition({text: TEXT, notes: {n1: note('met in Novmber', 'A note.', `  position: 11\n  text: "${hash}"\n`)}})
    const {files} = await loadEdition(root)
    const errors = files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => m.reason))
    expect(errors).toEqual(['The quote `met in Novmber` is not in the text (the text has not changed since the note was anchored, so the quote was edited); the nearest passage is “met in November” (sentence 1)'])
  })

  it('keeps a note whose passage the revised text lost as an orphan in the model, with its body and citations', async () => {
    const root = makeEdition({text: TEXT, notes: {n1: note('the leaders dithered badly', 'A note.', '  position: 40\n  text: "cyrb53:00000000000000"\n')}})
    const {edition, files} = await loadEdition(root)
    expect(files.flatMap((f) => f.messages.filter((m) => m.fatal))).toEqual([])
    expect(edition!.orphans.map((o) => [o.id, o.anchor.state, o.targets.length])).toEqual([['n1', 'orphaned', 0]])
    expect(edition!.annotations).toEqual([])
  })
})

describe('a baseline: where each note of the edition anchors', () => {
  it('matches the recorded ranges (a change in matching shows as a diff here)', async () => {
    const {edition} = await loadEdition(REPO)
    const now = edition!.annotations
      .filter((a) => a.type === 'note')
      .map((a) => ({id: a.id, start: a.targets[0]!.start, end: a.targets[0]!.end, text: fold(edition!.text.slice(a.targets[0]!.start, a.targets[0]!.end))}))
      .sort((a, b) => a.start - b.start)
    const baseline = JSON.parse(readFileSync(new URL('./fixtures/anchor-baseline.json', import.meta.url), 'utf8')) as typeof now
    expect(now).toEqual(baseline)
  })
})
