/**
 * Anchors, as the Hypothesis client shapes them: each selector kind has a small class with the
 * same symmetric pair, `fromRange` / `toSelector` and `fromSelector` / `toRange`, so any anchor
 * can be written out and read back and nothing else needs to know how matching is done.
 *
 * Ranges are UTF-16 offsets into the edition's plain text (`Edition.text`); a
 * TextPositionSelector counts code points, as the W3C model says.
 */
import type {TextQuoteSelector} from '../model/edition.js'
import {hash53} from '../text/id.js'
import {CodePoints} from './positions.js'
import {CONTEXT} from './match-quote.js'
import {fromRange} from './quote.js'
import {anchorQuotes, type Found} from './reanchor.js'
import type {Range} from './search.js'

export type {Found, Range}

export interface TextPositionSelector {
  type: 'TextPositionSelector'
  start: number
  end: number
}

let last: {text: string; points: CodePoints} | undefined
/** The code-point index of `text` (kept for the next call on the same text). */
function points(text: string): CodePoints {
  if (last?.text !== text) last = {text, points: new CodePoints(text)}
  return last.points
}

/**
 * A hash of the text a note was anchored in, stored beside its position: when it still matches,
 * the text has not changed since, and a quote that is not found was mistyped, not lost.
 * cyrb53 (plain JavaScript, as the sentence ids), written as `cyrb53:` and 14 hex digits.
 */
export const textHash = (text: string) => `cyrb53:${hash53(text).toString(16).padStart(14, '0')}`

export class TextPositionAnchor {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number
  ) {}

  static fromRange(text: string, range: Range): TextPositionAnchor {
    return new TextPositionAnchor(text, range.start, range.end)
  }

  static fromSelector(text: string, selector: Pick<TextPositionSelector, 'start' | 'end'>): TextPositionAnchor {
    const p = points(text)
    return new TextPositionAnchor(text, p.toUtf16(selector.start), p.toUtf16(selector.end))
  }

  toSelector(): TextPositionSelector {
    const p = points(this.text)
    return {type: 'TextPositionSelector', start: p.fromUtf16(this.start), end: p.fromUtf16(this.end)}
  }

  toRange(): Range {
    if (this.start < 0 || this.end > this.text.length || this.start > this.end) throw new RangeError(`Position ${this.start}–${this.end} is outside the text`)
    return {start: this.start, end: this.end}
  }
}

export class TextQuoteAnchor {
  constructor(
    readonly text: string,
    readonly exact: string,
    readonly context: {prefix?: string; suffix?: string} = {}
  ) {}

  /** The quote at `range`, with `context` characters either side (Hypothesis: 32). */
  static fromRange(text: string, range: Range, context = CONTEXT): TextQuoteAnchor {
    const s = fromRange(text, range, context)
    return new TextQuoteAnchor(text, s.exact, {prefix: s.prefix!, suffix: s.suffix!})
  }

  static fromSelector(text: string, selector: Omit<TextQuoteSelector, 'type'>): TextQuoteAnchor {
    return new TextQuoteAnchor(text, selector.exact, {
      ...(selector.prefix !== undefined ? {prefix: selector.prefix} : {}),
      ...(selector.suffix !== undefined ? {suffix: selector.suffix} : {})
    })
  }

  toSelector(): TextQuoteSelector {
    return {type: 'TextQuoteSelector', exact: this.exact, ...this.context}
  }

  /**
   * Where the quote stands. `hint` is where it stood when last anchored; `revised`, that the
   * text has changed since (only then may it be found fuzzily, or be lost).
   */
  locate(options: {hint?: number; revised?: boolean} = {}): Found {
    return anchorQuotes(this.text, [{selector: this.toSelector(), ...(options.hint !== undefined ? {hint: options.hint} : {}), revised: options.revised ?? false}])[0]!
  }

  /** The range of the quote; throws when it is not found in one place. */
  toRange(options: {hint?: number; revised?: boolean} = {}): Range {
    const found = this.locate(options)
    if (found.state === 'anchored' || found.state === 'moved') return found.range
    throw new Error(found.state === 'ambiguous' ? 'Quote is ambiguous' : 'Quote not found')
  }

  toPositionAnchor(options: {hint?: number; revised?: boolean} = {}): TextPositionAnchor {
    return TextPositionAnchor.fromRange(this.text, this.toRange(options))
  }
}
