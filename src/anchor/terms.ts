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

function pattern(f: GlossaryForm): RegExp {
  const rule = f.case ?? 'exact'
  let body = escape(f.form)
  if (rule === 'first-letter' && f.form.length) {
    const first = f.form[0]!
    body = `[${escape(first.toLowerCase())}${escape(first.toUpperCase())}]` + escape(f.form.slice(1))
  }
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${body}(?![\\p{L}\\p{N}\\p{M}])`, rule === 'ignore' ? 'giu' : 'gu')
}

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
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) for (const e of this.byWord.get(m[0].toLowerCase()) ?? []) out.add(e)
    return [...out]
  }

  /**
   * Non-overlapping matches in `text`, in text order. `blocked` ranges (links, code) are
   * never matched into.
   */
  match(text: string, blocked: {start: number; end: number}[] = []): TermMatch[] {
    const all: TermMatch[] = []
    for (const {form, re} of this.candidates(text)) {
      re.lastIndex = 0
      for (const m of text.matchAll(re)) {
        all.push({gloss: form.gloss, form: form.form, start: m.index, end: m.index + m[0].length})
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
