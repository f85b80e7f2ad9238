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

/** A compiled matcher for a set of forms. */
export class TermMatcher {
  private readonly patterns: {form: GlossaryForm; re: RegExp}[]

  constructor(forms: GlossaryForm[]) {
    this.patterns = forms.filter((f) => f.form.trim().length > 0).map((form) => ({form, re: pattern(form)}))
  }

  /**
   * Non-overlapping matches in `text`, in text order. `blocked` ranges (links, code) are
   * never matched into.
   */
  match(text: string, blocked: {start: number; end: number}[] = []): TermMatch[] {
    const all: TermMatch[] = []
    for (const {form, re} of this.patterns) {
      re.lastIndex = 0
      for (const m of text.matchAll(re)) {
        all.push({gloss: form.gloss, form: form.form, start: m.index, end: m.index + m[0].length})
      }
    }
    all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    const taken: TermMatch[] = []
    const overlaps = (a: {start: number; end: number}, b: {start: number; end: number}) => a.start < b.end && b.start < a.end
    for (const m of all) {
      if (blocked.some((b) => overlaps(m, b)) || taken.some((t) => overlaps(m, t))) continue
      taken.push(m)
    }
    return taken.sort((a, b) => a.start - b.start)
  }
}
