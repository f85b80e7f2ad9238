/**
 * Anchoring a W3C TextQuoteSelector (`exact`, with optional `prefix`/`suffix`) exactly, and
 * writing one for a range. Whitespace is compared as whitespace (see `search.ts`). The fuzzy
 * half, for passages the text has changed, is `match-quote.ts`; both meet in `reanchor.ts`.
 */
import type {TextQuoteSelector} from '../model/edition.js'
import {CONTEXT} from './match-quote.js'
import {findAll, fold, FoldedText, type Range} from './search.js'
import {MAX_QUOTE_CHARS} from '../model/limits.js'

export type {Range}
export {CONTEXT}

/** `s` as a literal in a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether the folded text has the (folded) prefix just before `start` and the suffix just after `end`. */
export function contextFits(folded: string, start: number, end: number, prefix: string, suffix: string): boolean {
  return (!prefix || folded.slice(Math.max(0, start - prefix.length), start) === prefix) && (!suffix || folded.slice(end, end + suffix.length) === suffix)
}

/**
 * Every range where the selector's quote stands with its prefix before and suffix after
 * (overlapping ones too). A line break in the text matches a space in the quote, so quotes
 * survive re-wrapping and may span paragraphs.
 */
export function toRanges(text: string, selector: TextQuoteSelector, folded = new FoldedText(text)): Range[] {
  const exact = fold(selector.exact)
  // Above the bound a quote is found nowhere; annotation files refuse it earlier, with a located
  // error (schema/note.schema.json).
  if (!exact.trim() || selector.exact.length > MAX_QUOTE_CHARS) return []
  const prefix = fold(selector.prefix ?? '')
  const suffix = fold(selector.suffix ?? '')
  return findAll(folded.text, [exact])[0]!
    .filter((p) => contextFits(folded.text, p, p + exact.length, prefix, suffix))
    .map((p) => folded.toOriginal(p, p + exact.length))
}

const isLow = (text: string, i: number) => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!)

/** A selector for `range`, with `CONTEXT` characters of prefix and suffix (never half a character). */
export function fromRange(text: string, range: Range, context = CONTEXT): TextQuoteSelector {
  let from = Math.max(0, range.start - context)
  if (isLow(text, from)) from++
  let to = Math.min(text.length, range.end + context)
  if (isLow(text, to)) to--
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(range.start, range.end),
    prefix: text.slice(from, range.start),
    suffix: text.slice(range.end, to)
  }
}

/**
 * The shortest prefix or suffix that tells `ranges[which]` apart from the other ranges of
 * the same quote, for an error message that says how to settle an ambiguous quote.
 */
export function disambiguate(text: string, ranges: Range[], which: number): {prefix?: string; suffix?: string} {
  const target = ranges[which]!
  const others = ranges.filter((_, i) => i !== which)
  for (let n = 1; n <= CONTEXT * 4; n++) {
    const prefix = text.slice(Math.max(0, target.start - n), target.start)
    if (prefix.length === n && others.every((o) => text.slice(Math.max(0, o.start - n), o.start) !== prefix)) return {prefix}
    const suffix = text.slice(target.end, target.end + n)
    if (suffix.length === n && others.every((o) => text.slice(o.end, o.end + n) !== suffix)) return {suffix}
  }
  return {}
}

const space = (c: string | undefined) => c !== undefined && /\s/.test(c)

/**
 * `settle` (from `disambiguate`) grown to whole words, as an editor would write it: a prefix `h `
 * becomes `both `, a suffix ` h` becomes ` had`. A longer context still tells the places apart.
 */
export function toWords(text: string, range: Range, settle: {prefix?: string; suffix?: string}): {prefix?: string; suffix?: string} {
  if (settle.prefix !== undefined) {
    let start = range.start - settle.prefix.length
    const limit = Math.max(0, start - 40)
    while (start > limit && (!space(text[start - 1]) || space(text[start]))) start--
    return {prefix: text.slice(start, range.start)}
  }
  if (settle.suffix !== undefined) {
    let end = range.end + settle.suffix.length
    const limit = Math.min(text.length, end + 40)
    while (end < limit && (!space(text[end]) || space(text[end - 1]))) end++
    return {suffix: text.slice(range.end, end)}
  }
  return settle
}

/**
 * The selector an editor would write for `range`: its text, and only as much prefix or suffix
 * as tells it apart from the other places the same words stand (`others`, found by the caller).
 */
export function settledSelector(text: string, range: Range, others: Range[]): TextQuoteSelector {
  const exact = text.slice(range.start, range.end)
  const all = [range, ...others.filter((o) => o.start !== range.start)]
  return {type: 'TextQuoteSelector', exact, ...(all.length > 1 ? toWords(text, range, disambiguate(text, all, 0)) : {})}
}
