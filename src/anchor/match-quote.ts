/**
 * Fuzzy quote matching, after the Hypothesis client's `match-quote.ts`: candidates are the exact
 * occurrences of the quote, or, when there are none, the passages within a bounded number of
 * edits of it (approx-string-match: Myers' bit-parallel algorithm, Hypothesis's choice); each
 * candidate is scored by how well the quote, its prefix, its suffix and its position match.
 *
 * Every threshold and weight of anchoring is stated here, once.
 */
import approxSearch from 'approx-string-match'

/** Characters of prefix and suffix a selector written for a range keeps (Hypothesis: 32). */
export const CONTEXT = 32

/** How much each part counts in a candidate's score (Hypothesis's weights; the position only breaks ties). */
export const WEIGHTS = {quote: 50, prefix: 20, suffix: 20, position: 2} as const

/**
 * A passage found fuzzily must keep three quarters of the quote: at most a quarter of its
 * characters edited (Levenshtein, in UTF-16 units). Hypothesis searches up to half and keeps its
 * best candidate whatever its score, so a deleted passage there anchors on whatever is nearest;
 * an edition must rather say that the passage is gone.
 */
export const MAX_EDIT_RATIO = 0.25

/** approx-string-match's bound on edits, whatever the quote's length (Hypothesis: 256). */
export const MAX_EDITS = 256

/** Fuzzy search looks this many characters either side of where the passage is expected. */
export const WINDOW = 1024

/** A text up to this long is searched whole when the window finds nothing (about 2 ms a search). */
export const WHOLE_TEXT_LIMIT = 131_072

/** Edits allowed for a quote of `length` characters. */
export const maxErrors = (length: number) => Math.min(MAX_EDITS, Math.floor(length * MAX_EDIT_RATIO))

export interface Match {
  start: number
  end: number
  /** Edits between the quote and the text at `[start, end)`. */
  errors: number
}

export interface Scored extends Match {
  score: number
}

export interface QuoteContext {
  prefix?: string
  suffix?: string
  /** Where the quote is expected to start. */
  hint?: number
}

/** Exact occurrences of `quote` in `text[from, to)`; else the lowest-error approximate ones (≤ `errors` edits). */
function search(text: string, quote: string, errors: number, from = 0, to = text.length): Match[] {
  const slice = from === 0 && to === text.length ? text : text.slice(from, to)
  const exact: Match[] = []
  for (let p = slice.indexOf(quote); p !== -1; p = slice.indexOf(quote, p + 1)) exact.push({start: from + p, end: from + p + quote.length, errors: 0})
  if (exact.length || errors === 0) return exact
  return approxSearch(slice, quote, errors).map((m) => ({start: from + m.start, end: from + m.end, errors: m.errors}))
}

/** How closely `text` matches `expected`, 0..1 (1 − edits / length). */
export function textMatchScore(text: string, expected: string): number {
  if (expected.length === 0 || text.length === 0) return 0
  if (text === expected) return 1
  const m = search(text, expected, expected.length)
  return m.length ? 1 - m[0]!.errors / expected.length : 0
}

/** A candidate's score, 0..1: the weighted quote, prefix, suffix and position scores (absent context counts as matching). */
export function scoreMatch(text: string, quote: string, match: Match, context: QuoteContext): number {
  const quoteScore = 1 - match.errors / quote.length
  const prefixScore = context.prefix ? textMatchScore(text.slice(Math.max(0, match.start - context.prefix.length), match.start), context.prefix) : 1
  const suffixScore = context.suffix ? textMatchScore(text.slice(match.end, match.end + context.suffix.length), context.suffix) : 1
  const positionScore = context.hint === undefined ? 1 : 1 - Math.abs(match.start - context.hint) / Math.max(1, text.length)
  const {quote: q, prefix: p, suffix: s, position: h} = WEIGHTS
  return (q * quoteScore + p * prefixScore + s * suffixScore + h * positionScore) / (q + p + s + h)
}

/**
 * The best passage for `quote` within `text[from, to)`: exact occurrences first, else passages
 * within `maxErrors(quote.length)` edits; `null` when there is none.
 */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}, from = 0, to = text.length): Scored | null {
  if (quote.length === 0) return null
  const candidates = search(text, quote, maxErrors(quote.length), Math.max(0, from), Math.min(text.length, to))
  let best: Scored | null = null
  for (const m of candidates) {
    const score = scoreMatch(text, quote, m, context)
    if (!best || score > best.score) best = {...m, score}
  }
  return best
}

/**
 * The best passage near `hint` (within `WINDOW` characters either side), else anywhere in a
 * text no longer than `WHOLE_TEXT_LIMIT`; `null` when there is none.
 */
export function matchNear(text: string, quote: string, context: QuoteContext & {hint: number}, hints: number[] = [context.hint]): Scored | null {
  for (const hint of hints) {
    const found = matchQuote(text, quote, {...context, hint}, hint - WINDOW, hint + quote.length + WINDOW)
    if (found) return found
  }
  return text.length <= WHOLE_TEXT_LIMIT ? matchQuote(text, quote, context) : null
}
