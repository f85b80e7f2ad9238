/**
 * Finding the passage an editor means by a quote, before a note is written: the quote (with the
 * prefix, suffix or sentence number given) must name one place. When it names several, each is
 * shown in context with the shortest prefix or suffix that would settle it; the selector that is
 * written is settled the same way, so the file anchors alone.
 */
import type {Edition, TextQuoteSelector} from '../model/edition.js'
import {disambiguate, toRanges, toWords} from '../anchor/quote.js'
import {matchQuote, WHOLE_TEXT_LIMIT} from '../anchor/match-quote.js'
import {fold, FoldedText, type Range} from '../anchor/search.js'
import {sentenceAt as sentenceOf} from '../anchor/index.js'
import {EditError} from './errors.js'
import {MAX_CONTEXT_CHARS, MAX_QUOTE_CHARS} from '../model/limits.js'

export interface QuoteInput {
  quote: string
  prefix?: string
  suffix?: string
  /** Sentence number (1-based) the passage starts in. */
  sentence?: number
}

/** The number of the sentence a text offset falls in. */
export const sentenceAt = (edition: Pick<Edition, 'sentences'>, offset: number): number => sentenceOf(edition.sentences, offset)?.n ?? 1

/** `range` in its context, a few words either side: `…both the unions and [the Stalinist leadership], the outcomes…`. */
export function inContext(text: string, range: Range): string {
  const before = fold(text.slice(Math.max(0, range.start - 120), range.start)).trimStart()
  const after = fold(text.slice(range.end, range.end + 120)).trimEnd()
  // Five words either side; a word glued to the passage (a bracket, a full stop) does not count.
  const left = /(?:\S+\s+){0,5}\S*$/u.exec(before)![0]
  const right = /^\S*(?:\s+\S+){0,5}/u.exec(after)![0]
  return `${left.length < before.length ? '…' : ''}${left}[${fold(text.slice(range.start, range.end))}]${right}${right.length < after.length ? '…' : ''}`
}

/** A quote as messages show it: whole up to 80 characters, else its start and end. */
const shown = (quote: string) => (quote.length <= 80 ? quote : `${quote.slice(0, 50)} … ${quote.slice(-25)}`)

const flag = (settle: {prefix?: string; suffix?: string}) =>
  settle.prefix !== undefined ? `--prefix ${JSON.stringify(settle.prefix)}` : settle.suffix !== undefined ? `--suffix ${JSON.stringify(settle.suffix)}` : 'a longer --quote'

/** The one range `input` names, and the selector to write for it; a usage error otherwise. */
export function locateQuote(edition: Pick<Edition, 'text' | 'sentences'>, input: QuoteInput): {range: Range; selector: TextQuoteSelector} {
  const {text} = edition
  if (!input.quote.trim()) throw new EditError('input', '--quote is empty')
  // The bounds a note's front matter has (model/limits.ts), said before any search.
  for (const [name, value, max] of [['--quote', input.quote, MAX_QUOTE_CHARS], ['--prefix', input.prefix, MAX_CONTEXT_CHARS], ['--suffix', input.suffix, MAX_CONTEXT_CHARS]] as const) {
    if (value !== undefined && value.length > max) throw new EditError('input', `${name} is ${value.length.toLocaleString('en')} characters, above the limit of ${max.toLocaleString('en')}: quote a shorter passage`)
  }
  const sentence = input.sentence !== undefined ? edition.sentences[input.sentence - 1] : undefined
  if (input.sentence !== undefined && !sentence) throw new EditError('input', `--sentence ${input.sentence}: the text has ${edition.sentences.length} sentences`)
  const folded = new FoldedText(text)
  const asked: TextQuoteSelector = {type: 'TextQuoteSelector', exact: input.quote, ...(input.prefix !== undefined ? {prefix: input.prefix} : {}), ...(input.suffix !== undefined ? {suffix: input.suffix} : {})}
  const bare = toRanges(text, {type: 'TextQuoteSelector', exact: input.quote}, folded)
  const strict = asked.prefix || asked.suffix ? toRanges(text, asked, folded) : bare
  const picks = sentence ? strict.filter((r) => r.start >= sentence.start && r.start < sentence.end) : strict
  const sentences = (rs: Range[]) => [...new Set(rs.map((r) => sentenceAt(edition, r.start)))].join(', ')

  if (picks.length === 0) {
    if (bare.length === 0) {
      const near = text.length <= WHOLE_TEXT_LIMIT ? matchQuote(folded.text, fold(input.quote)) : null
      const r = near && folded.toOriginal(near.start, near.end)
      throw new EditError('input', `the quote “${shown(input.quote)}” is not in the text${r ? `; the nearest passage is “${fold(text.slice(r.start, r.end))}” (sentence ${sentenceAt(edition, r.start)})` : ''}`)
    }
    if (strict.length === 0) throw new EditError('input', `the quote “${shown(input.quote)}” is in the text (sentence ${sentences(bare)}), but not with this prefix/suffix`)
    throw new EditError('input', `the quote “${shown(input.quote)}” is not in sentence ${input.sentence}; it is in sentence ${sentences(strict)}`)
  }
  if (picks.length > 1) {
    const details = picks.map((r) => {
      const n = sentenceAt(edition, r.start)
      const alone = strict.filter((o) => sentenceAt(edition, o.start) === n).length === 1 && !sentence
      return `  sentence ${n}: ${inContext(text, r)}   ${flag(toWords(text, r, disambiguate(text, strict, strict.indexOf(r))))}${alone ? ` or --sentence ${n}` : ''}`
    })
    throw new EditError('input', `the quote “${shown(input.quote)}” is found ${picks.length} times${sentence ? ` in sentence ${input.sentence}` : ''}; say which with the option shown after it:`, details)
  }

  const range = picks[0]!
  if (strict.length === 1) return {range, selector: asked}
  // Chosen by its sentence: write the shortest context that tells it apart, so the file anchors alone.
  const settle = toWords(text, range, disambiguate(text, strict, strict.indexOf(range)))
  const selector: TextQuoteSelector = {...asked, ...settle}
  const check = toRanges(text, selector, folded)
  if (check.length !== 1 || check[0]!.start !== range.start) throw new EditError('input', `the quote “${shown(input.quote)}” cannot be told apart from its other places by a prefix or suffix: quote a longer passage`)
  return {range, selector}
}
