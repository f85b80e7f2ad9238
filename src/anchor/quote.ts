/**
 * Anchoring a W3C TextQuoteSelector (`exact`, with optional `prefix`/`suffix`) in a text,
 * and writing one for a range: the symmetric pair `toRange` / `fromRange`, as in Hypothesis.
 */
import type {TextQuoteSelector} from '../model/edition.js'
import {MAX_QUOTE_CHARS} from '../model/limits.js'

export interface Range {
  start: number
  end: number
}

/** Context kept on each side when a selector is written for a range. */
export const CONTEXT = 32

const squash = (s: string) => s.replace(/\s+/g, ' ')
/** `s` as a literal in a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Every range where the selector's quote stands with its prefix before and suffix after.
 * Whitespace is compared as whitespace: a line break in the text matches a space in the quote,
 * so quotes survive re-wrapping and may span paragraphs.
 */
export function toRanges(text: string, selector: TextQuoteSelector): Range[] {
  const out: Range[] = []
  const {exact} = selector
  // Above the bound a quote is found nowhere (its pattern would be too large for the engine);
  // annotation files refuse it earlier, with a located error (schema/note.schema.json).
  if (!exact.trim() || exact.length > MAX_QUOTE_CHARS) return out
  const prefix = squash(selector.prefix ?? '')
  const suffix = squash(selector.suffix ?? '')
  const re = new RegExp(exact.split(/\s+/).map(escapeRegExp).join('\\s+'), 'g')
  // Overlapping occurrences count too: step one character past each match's start.
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index
    const end = start + m[0].length
    re.lastIndex = start + 1
    if (prefix && !squash(text.slice(Math.max(0, start - prefix.length * 4 - 8), start)).endsWith(prefix)) continue
    if (suffix && !squash(text.slice(end, end + suffix.length * 4 + 8)).startsWith(suffix)) continue
    out.push({start, end})
  }
  return out
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

