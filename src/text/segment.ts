/**
 * Sentence segmentation for one paragraph of plain text.
 *
 * `Intl.Segmenter` does the Unicode (UAX #29) work; a repair pass fixes what it gets wrong for
 * scholarly English: splits after abbreviations (`Dr.`, `pp. 12`, `Jan. 1936`) and after a
 * quoted `!`/`?` followed by lowercase, and a missed split before a sentence that opens with
 * a lowercase abbreviation (`c. 1935 was hard.`).
 *
 * Call it per paragraph: in Node 20's V8 the segmenter is quadratic on long strings.
 * Every character of the input lands in exactly one span or gap: spans are sentences without
 * their surrounding whitespace, gaps are the whitespace between them.
 */

export interface Span {
  /** Offset of the first character, in UTF-16 code units. */
  start: number
  /** Offset after the last character. */
  end: number
}

/** Abbreviations after which a full stop never ends a sentence (titles before a name, `cf.`). */
const ALWAYS = new Set(['Dr', 'Mr', 'Mrs', 'Ms', 'Mme', 'Prof', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Rev', 'Hon', 'cf', 'Cf', 'viz', 'vs', 'e.g', 'i.e', 'approx'])
/** Abbreviations that end a sentence only when a capital follows (`Davies et al. The unions…`). */
const UNLESS_CAPITAL = new Set(['et al', 'Jr', 'Sr', 'ed', 'eds', 'trans', 'comp', 'St'])
/** Abbreviations that do not end a sentence when a number follows (`p. 12`, `Jan. 1936`). */
const BEFORE_NUMBER = new Set([
  'p', 'pp', 'c', 'ca', 'no', 'No', 'nos', 'Nos', 'vol', 'Vol', 'vols', 'ch', 'chap', 'fig', 'Fig',
  'art', 'sec', 'f', 'ff', 'n', 'nn', 'l', 'll', 'fol', 'fols',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec'
])
/** Lowercase abbreviations that may open a sentence (`c. 1935 was hard.`). */
const OPENERS = new Set(['c', 'ca', 'cf', 'pp', 'p'])

const segmenters = new Map<string, Intl.Segmenter>()

function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale)
  if (!s) {
    s = new Intl.Segmenter(locale, {granularity: 'sentence'})
    segmenters.set(locale, s)
  }
  return s
}

const SPACE = /\s/u
const CLOSERS = `'"’”»)]`

/** The word (letters and inner dots) that ends just before `end`, without a final dot. */
function wordBefore(text: string, end: number): string {
  const before = text.slice(Math.max(0, end - 24), end)
  if (/\bet\s+al\.?$/u.test(before)) return 'et al'
  const m = /[\p{L}.]+$/u.exec(before)
  return m ? m[0].replace(/\.$/, '') : ''
}

/** A single capital (`J. V. Stalin`); not `I`, which is far more often a numeral (`World War I.`). */
function isInitial(word: string): boolean {
  return /^\p{Lu}$/u.test(word) && word !== 'I'
}

/** Split one paragraph into sentence spans. */
export function segmentParagraph(text: string, locale = 'en'): Span[] {
  // Soft line breaks inside a paragraph are spaces to a reader; the segmenter treats them as
  // paragraph ends, so it sees spaces (same length, so offsets hold).
  const flat = text.replace(/[\n\r\u2028\u2029]/g, ' ')
  let spans = icuSpans(flat, locale)
  spans = splitBeforeOpeners(flat, spans)
  return mergeFalseBreaks(flat, spans)
}

/**
 * How much of a paragraph ICU is given at once. V8's segmenter costs time proportional to the
 * whole string for each sentence it yields, so a paragraph is fed to it in windows: 5 MB in one
 * paragraph then costs seconds, not hours, and a normal paragraph is one window.
 */
export const SEGMENT_WINDOW = 8192

/**
 * ICU's sentence spans of `flat`, window by window. The last sentence of a window may be cut by
 * the window's end, so the last two are dropped and the next window starts where they started:
 * every break kept was decided with the text after it in view. A window holding fewer than
 * three sentences grows until it holds three (a long sentence costs what it costs, once).
 */
export function icuSpans(flat: string, locale: string, size = SEGMENT_WINDOW): Span[] {
  const spans: Span[] = []
  let from = 0
  let window = size
  while (from < flat.length) {
    const to = Math.min(flat.length, from + window)
    const found: Span[] = []
    for (const {index, segment} of segmenter(locale).segment(flat.slice(from, to))) {
      const lead = segment.length - segment.trimStart().length
      const trail = segment.length - segment.trimEnd().length
      if (lead + trail >= segment.length) continue
      found.push({start: from + index + lead, end: from + index + segment.length - trail})
    }
    if (to === flat.length) {
      spans.push(...found)
      break
    }
    if (found.length < 3) {
      window *= 2
      continue
    }
    // The break before the last two sentences had a whole sentence of text after it in view,
    // more than any of UAX #29's look-ahead rules needs; later breaks are decided again.
    const next = found.splice(-2)[0]!
    spans.push(...found)
    from = next.start
    window = size
  }
  return spans
}

function mergeFalseBreaks(text: string, spans: Span[]): Span[] {
  const out: Span[] = []
  for (const span of spans) {
    const prev = out[out.length - 1]
    if (prev && !endsSentence(text, prev, span)) prev.end = span.end
    else out.push({...span})
  }
  return out
}

/** Whether the break between `prev` and `next` is a real sentence end. */
function endsSentence(text: string, prev: Span, next: Span): boolean {
  let end = prev.end
  while (end > prev.start && CLOSERS.includes(text[end - 1]!)) end--
  const mark = text[end - 1]
  const first = text[next.start] ?? ''
  if (mark === '!' || mark === '?') {
    // `He said “Stop!” and left.`: a quoted exclamation inside a sentence.
    return !(end < prev.end && /\p{Ll}/u.test(first))
  }
  if (mark !== '.') return true
  const word = wordBefore(text, end)
  const ahead = text.slice(next.start, next.start + 12)
  if (ALWAYS.has(word)) return false
  // `in St. Petersburg` goes on; `Baker St. The next day` (a street after a name) may end.
  if (word === 'St' && /\p{Lu}/u.test(first) && !/\p{Lu}\p{Ll}*\s+$/u.test(text.slice(Math.max(prev.start, end - 20), end - 3))) return false
  if (UNLESS_CAPITAL.has(word)) return /\p{Lu}/u.test(first)
  // `p. 12`, `Jan. 1936`, `vol. II`.
  if (BEFORE_NUMBER.has(word) && (/[\p{Nd}\p{Ll}]/u.test(first) || /^[IVXLCDM]+\b/.test(ahead))) return false
  if (isInitial(word) && /\p{Lu}/u.test(first)) return false
  return true
}

const OPENER = /([.!?][’”"')\]]*)(\s+)(\p{Ll}+)\.\s/gu

/** ICU keeps `arrived. c. 1935` together (a lowercase word follows the stop): split it. */
function splitBeforeOpeners(text: string, spans: Span[]): Span[] {
  const out: Span[] = []
  for (const span of spans) {
    let start = span.start
    const body = text.slice(span.start, span.end)
    OPENER.lastIndex = 0
    for (let m = OPENER.exec(body); m; m = OPENER.exec(body)) {
      const word = m[3]!
      if (!OPENERS.has(word)) continue
      const stopAt = span.start + m.index! + m[1]!.length
      const before = wordBefore(text, span.start + m.index!)
      if (ALWAYS.has(before) || BEFORE_NUMBER.has(before) || isInitial(before)) continue
      out.push({start, end: stopAt})
      start = stopAt + m[2]!.length
    }
    out.push({start, end: span.end})
  }
  return out
}
