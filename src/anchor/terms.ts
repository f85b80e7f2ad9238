/**
 * The glossary matcher: finds every occurrence of every glossary form in a string.
 * Rules: whole words only (no letter or digit on either side); whitespace matches any whitespace
 * (a term may wrap across lines); case per entry (`exact`,
 * `ignore`, or `first-letter`: the first letter may be either case); where matches overlap, the
 * longest wins, then the leftmost, so a term is never found inside another term.
 */

import {escapeRegExp} from './quote.js'

export type CaseRule = 'exact' | 'ignore' | 'first-letter'

export interface GlossaryForm {
  /** Id of the glossary entry. */
  gloss: string
  form: string
  case?: CaseRule
}

export interface TermMatch {
  gloss: string
  form: string
  start: number
  end: number
}

// Any run of whitespace in a form matches any run in the text (a term may wrap across lines).
const escape = (s: string) => escapeRegExp(s).replace(/\s+/g, '\\s+')

/**
 * A form as a plain expression. Whole-word edges are checked apart (`wordAt`): an expression with
 * Unicode property classes costs milliseconds to compile, and a glossary has hundreds of forms.
 */
function pattern(f: GlossaryForm): RegExp {
  const rule = f.case ?? 'exact'
  let body = escape(f.form)
  if (rule === 'first-letter' && f.form.length) {
    const first = String.fromCodePoint(f.form.codePointAt(0)!)
    body = `(?:${escape(first.toLowerCase())}|${escape(first.toUpperCase())})` + escape(f.form.slice(first.length))
  }
  return new RegExp(body, rule === 'ignore' ? 'giu' : 'g')
}

const LETTER = /[\p{L}\p{N}\p{M}]/u

/** Whether a letter, digit or mark stands just before `start` or at `end` (then a match there is inside a word). */
function insideWord(text: string, start: number, end: number): boolean {
  const before = start > 0 ? String.fromCodePoint(text.codePointAt(start - 1 - (start > 1 && /[\uDC00-\uDFFF]/.test(text[start - 1]!) ? 1 : 0))!) : ''
  const after = end < text.length ? String.fromCodePoint(text.codePointAt(end)!) : ''
  return (before !== '' && LETTER.test(before)) || (after !== '' && LETTER.test(after))
}

const WORD = /[\p{L}\p{N}]+/gu

/** The first word of a form, lowercased: the key a text's words are looked up by. */
const firstWord = (s: string) => /[\p{L}\p{N}]+/u.exec(s)?.[0]?.toLowerCase()

/**
 * A compiled matcher for a set of forms. Each text is matched only against the forms whose first
 * word it contains (one pass over its words), so a glossary of hundreds of forms costs little per
 * sentence.
 */
export class TermMatcher {
  private readonly byWord = new Map<string, {form: GlossaryForm; re: RegExp}[]>()
  /** Forms that do not start with a letter or digit: tried on every text. */
  private readonly always: {form: GlossaryForm; re: RegExp}[] = []

  constructor(forms: GlossaryForm[]) {
    for (const form of forms) {
      if (!form.form.trim()) continue
      const entry = {form, re: pattern(form)}
      const word = /^[\p{L}\p{N}]/u.test(form.form.trimStart()) ? firstWord(form.form) : undefined
      if (word === undefined) this.always.push(entry)
      else this.byWord.set(word, [...(this.byWord.get(word) ?? []), entry])
    }
  }

  /** The forms worth trying on `text`. */
  private candidates(text: string): {form: GlossaryForm; re: RegExp}[] {
    const out = new Set(this.always)
    WORD.lastIndex = 0
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) for (const e of this.byWord.get(m[0].toLowerCase()) ?? []) out.add(e)
    return [...out]
  }

  /**
   * Non-overlapping matches in `text`, in text order. `blocked` ranges (links, code) are
   * never matched into.
   */
  match(text: string, blocked: {start: number; end: number}[] = []): TermMatch[] {
    const all: TermMatch[] = []
    for (const {form, re} of this.candidates(text)) {
      // exec, not matchAll: matchAll copies the expression, and compiling one with Unicode
      // property classes costs more than matching a sentence.
      re.lastIndex = 0
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const end = m.index + m[0].length
        // Not a whole word here: look again one character on (a later match may be whole).
        if (insideWord(text, m.index, end)) re.lastIndex = m.index + 1
        else all.push({gloss: form.gloss, form: form.form, start: m.index, end})
        if (m[0].length === 0) re.lastIndex = m.index + 1
      }
    }
    if (!all.length) return all
    all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    // Characters already taken (by a blocked range or a longer match): a match is checked against
    // its own characters only, so 50,000 occurrences in one paragraph cost 50,000 short checks.
    const used = new Uint8Array(text.length)
    for (const b of blocked) used.fill(1, b.start, b.end)
    const taken: TermMatch[] = []
    for (const m of all) {
      if (used.subarray(m.start, m.end).includes(1)) continue
      used.fill(1, m.start, m.end)
      taken.push(m)
    }
    return taken.sort((a, b) => a.start - b.start)
  }
}
