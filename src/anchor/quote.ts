/**
 * Anchoring a W3C TextQuoteSelector (`exact`, with optional `prefix`/`suffix`) in a text,
 * and writing one for a range: the symmetric pair `toRange` / `fromRange`, as in Hypothesis.
 */
import type {TextQuoteSelector} from '../model/edition.js'

export interface Range {
  start: number
  end: number
}

/** Context kept on each side when a selector is written for a range. */
export const CONTEXT = 32

/** Every range where the selector's quote stands with its prefix before and suffix after. */
export function toRanges(text: string, selector: TextQuoteSelector): Range[] {
  const out: Range[] = []
  const {exact, prefix = '', suffix = ''} = selector
  if (!exact) return out
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    if (text.slice(Math.max(0, i - prefix.length), i) !== prefix) continue
    if (text.slice(i + exact.length, i + exact.length + suffix.length) !== suffix) continue
    out.push({start: i, end: i + exact.length})
  }
  return out
}

/** A selector for `range`, with `CONTEXT` characters of prefix and suffix. */
export function fromRange(text: string, range: Range, context = CONTEXT): TextQuoteSelector {
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(range.start, range.end),
    prefix: text.slice(Math.max(0, range.start - context), range.start),
    suffix: text.slice(range.end, range.end + context)
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

