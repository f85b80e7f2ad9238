/**
 * Where each note's quote stands in the text, for all notes at once.
 *
 * 1. Every quote is found exactly, in one pass over the text (`search.ts`); its prefix and
 *    suffix must stand around it as written. One place: anchored. Several: ambiguous.
 * 2. A note whose text has been revised since it was last anchored (it records where, and a
 *    hash of the text) may still be found: its quote alone, in one place (its context changed),
 *    or, where the quote itself is gone, fuzzily (`match-quote.ts`) near where it stood. Its old
 *    position is first moved by the shift of the nearest note before it that was found exactly,
 *    so the search window follows insertions and deletions. Found so: moved. Not found: orphaned.
 * 3. A note never anchored (or anchored against this very text) whose quote is not found is an
 *    error, not an orphan: its quote is a slip to correct, not a passage the text lost.
 *
 * Fuzzy matching runs only for quotes not found exactly, and only in a window around where they
 * were, so 10,000 notes after a revision of 1 % of the text take one pass and a few hundred
 * small searches.
 */
import type {TextQuoteSelector} from '../model/edition.js'
import {matchNear, matchQuote, WHOLE_TEXT_LIMIT} from './match-quote.js'
import {contextFits} from './quote.js'
import {findAll, fold, FoldedText, type Range} from './search.js'

export interface QuoteTarget {
  selector: TextQuoteSelector
  /** UTF-16 offset where the quote started when it was last anchored (in the text of that time). */
  hint?: number
  /** The text has been revised since the quote was last anchored. */
  revised: boolean
}

export type Found =
  /** Found as the selector says, in one place. */
  | {state: 'anchored'; range: Range}
  /** Found, but not as the selector says: the quote, or its context, changed with the text. */
  | {state: 'moved'; range: Range}
  /** Found in several places; `nearest` is the index of the one nearest the hint, if there is one. */
  | {state: 'ambiguous'; ranges: Range[]; nearest?: number}
  /** The quote is in the text, but not with the selector's prefix or suffix. */
  | {state: 'context'; ranges: Range[]}
  /** Not in the text; `nearest` is the closest passage, when the text is small enough to search whole. */
  | {state: 'not-found'; nearest?: Range}
  /** Anchored once, lost since. */
  | {state: 'orphaned'}

/** Where each of `targets` stands in `text`. */
export function anchorQuotes(text: string, targets: QuoteTarget[], folded = new FoldedText(text)): Found[] {
  const quotes = targets.map((t) => fold(t.selector.exact))
  const occurrences = findAll(folded.text, quotes)
  const found: (Found | undefined)[] = targets.map((t, i) => exactly(folded, t, quotes[i]!, occurrences[i]!))

  const order = targets
    .map((_, i) => i)
    .filter((i) => targets[i]!.hint !== undefined)
    .sort((a, b) => targets[a]!.hint! - targets[b]!.hint!)
  let drift = 0
  for (const i of order) {
    const f = found[i]
    if (f?.state === 'anchored' || f?.state === 'moved') drift = f.range.start - targets[i]!.hint!
    else if (!f) found[i] = fuzzily(folded, targets[i]!, quotes[i]!, drift)
  }
  return found.map((f, i) => f ?? fuzzily(folded, targets[i]!, quotes[i]!, 0))
}

/** For each range, the other places its words stand in the text (one pass for all). */
export function othersOf(folded: FoldedText, ranges: Range[]): Range[][] {
  const quotes = ranges.map((r) => fold(folded.original.slice(r.start, r.end)))
  return findAll(folded.text, quotes).map((all, i) =>
    all.map((p) => folded.toOriginal(p, p + quotes[i]!.length)).filter((r) => r.start !== ranges[i]!.start)
  )
}

function exactly(folded: FoldedText, target: QuoteTarget, quote: string, all: number[]): Found | undefined {
  if (!quote.trim()) return {state: 'not-found'}
  const prefix = fold(target.selector.prefix ?? '')
  const suffix = fold(target.selector.suffix ?? '')
  const range = (p: number) => folded.toOriginal(p, p + quote.length)
  const strict = all.filter((p) => contextFits(folded.text, p, p + quote.length, prefix, suffix))
  if (strict.length === 1) return {state: 'anchored', range: range(strict[0]!)}
  if (strict.length > 1) return ambiguous(strict.map(range), target.hint)
  if (!target.revised) {
    if (all.length) return {state: 'context', ranges: all.map(range)}
    const near = folded.original.length <= WHOLE_TEXT_LIMIT ? matchQuote(folded.text, quote) : null
    return near ? {state: 'not-found', nearest: folded.toOriginal(near.start, near.end)} : {state: 'not-found'}
  }
  if (all.length === 1) return {state: 'moved', range: range(all[0]!)}
  if (all.length > 1) return ambiguous(all.map(range), target.hint)
  return undefined
}

function ambiguous(ranges: Range[], hint: number | undefined): Found {
  if (hint === undefined) return {state: 'ambiguous', ranges}
  let nearest = 0
  ranges.forEach((r, i) => {
    if (Math.abs(r.start - hint) < Math.abs(ranges[nearest]!.start - hint)) nearest = i
  })
  return {state: 'ambiguous', ranges, nearest}
}

function fuzzily(folded: FoldedText, target: QuoteTarget, quote: string, drift: number): Found {
  const prefix = fold(target.selector.prefix ?? '')
  const suffix = fold(target.selector.suffix ?? '')
  const context = {...(prefix ? {prefix} : {}), ...(suffix ? {suffix} : {})}
  const clamp = (o: number) => Math.max(0, Math.min(folded.original.length, o))
  let match
  if (target.hint === undefined) {
    match = folded.original.length <= WHOLE_TEXT_LIMIT ? matchQuote(folded.text, quote, context) : null
  } else {
    const moved = folded.toFolded(clamp(target.hint + drift))
    const stayed = folded.toFolded(clamp(target.hint))
    match = matchNear(folded.text, quote, {...context, hint: moved}, moved === stayed ? [moved] : [moved, stayed])
  }
  return match ? {state: 'moved', range: folded.toOriginal(match.start, match.end)} : {state: 'orphaned'}
}
