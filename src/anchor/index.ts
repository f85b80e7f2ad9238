/**
 * The anchor stage: where each annotation stands in the text. A glossary entry anchors at every
 * occurrence of its forms (found by the text stage); a note at the passage its quote selector
 * describes, found again if the text was revised since (`reanchor.ts`). Problems are located
 * messages on the annotation's file: a quote that never matched is an error; a passage the
 * text has changed is a warning (moved), and one it has lost makes the note an orphan (warned,
 * kept, shown in the apparatus).
 */
import type {AnchorState, Target, TextQuoteSelector} from '../model/edition.js'
import {error, warn} from '../model/messages.js'
import type {Entry, GlossaryMatter, NoteMatter} from '../read/index.js'
import type {TextStage} from '../text/index.js'
import {disambiguate, fromRange, settledSelector, toRanges, toWords} from './quote.js'
import {formKey} from '../pipeline/body.js'
import {anchorQuotes, othersOf, type Found, type QuoteTarget} from './reanchor.js'
import {FoldedText, type Range} from './search.js'
import {TextPositionAnchor, textHash} from './types.js'

export interface Anchored {
  /** Empty for an orphan. */
  targets: Target[]
  anchor: AnchorState
}

export interface AnchorInput {
  text: Pick<TextStage, 'text' | 'sentences' | 'terms'>
  glossary: Entry<GlossaryMatter>[]
  notes: Entry<NoteMatter>[]
  /** Glossary forms that occur in some annotation's body, as `formKey(gloss, form)` (a form must occur in the text or there). */
  inBodies: Set<string>
}

/** The selector a note's front matter writes. */
export function selectorOf(target: NoteMatter['target']): TextQuoteSelector {
  return {type: 'TextQuoteSelector', exact: target.exact, ...(target.prefix !== undefined ? {prefix: target.prefix} : {}), ...(target.suffix !== undefined ? {suffix: target.suffix} : {})}
}

/** What the anchor stage knows of a note's target: its selector, where it was last anchored, and whether the text changed since. */
export function quoteTarget(text: string, target: NoteMatter['target'], hash = textHash(text)): QuoteTarget {
  const anchoredBefore = target.position !== undefined || target.text !== undefined
  const hint = target.position !== undefined ? TextPositionAnchor.fromSelector(text, {start: target.position, end: target.position}).start : undefined
  return {selector: selectorOf(target), ...(hint !== undefined ? {hint} : {}), revised: anchoredBefore && target.text !== hash}
}

/** The sentence that `offset` falls in (sentences in text order). */
export function sentenceAt<S extends {start: number}>(sentences: S[], offset: number): S | undefined {
  return sentences[sentenceIndex(sentences, offset)]
}

/** Index of the last sentence starting at or before `offset` (0 when none does). */
function sentenceIndex(sentences: {start: number}[], offset: number): number {
  let lo = 0
  let hi = sentences.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (sentences[mid]!.start <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The sentences a range overlaps, found by binary search (a book has thousands of both). */
export function sentencesOver<S extends {id: string; start: number; end: number}>(sentences: S[], r: Range): string[] {
  const out: string[] = []
  for (let i = sentenceIndex(sentences, r.start); i < sentences.length && sentences[i]!.start < r.end; i++) if (r.start < sentences[i]!.end) out.push(sentences[i]!.id)
  return out
}

/** Targets for every annotation that could be anchored (orphans with none), by id. */
export function anchorAll(input: AnchorInput): Map<string, Anchored> {
  const {text, sentences} = input.text
  const out = new Map<string, Anchored>()
  const occurrences = new Map<string, TextStage['terms']>()
  for (const t of input.text.terms) {
    const list = occurrences.get(t.gloss)
    if (list) list.push(t)
    else occurrences.set(t.gloss, [t])
  }

  for (const g of input.glossary) {
    const d = g.yaml.data
    const found = occurrences.get(g.id) ?? []
    d.forms.forEach((form, i) => {
      if (found.some((t) => t.form === form) || input.inBodies.has(formKey(g.id, form))) return
      error(g.file, `The form \`${form}\` matches nothing in the text or in any note (whole words, case \`${d.case ?? 'exact'}\`, and not inside a longer term)`, g.yaml.at(['forms', i]), 'form-unmatched')
    })
    out.set(g.id, {
      targets: found.map((t) => ({selector: fromRange(text, t), start: t.start, end: t.end, sentences: [t.sentence]})),
      anchor: {state: 'anchored'}
    })
  }

  const target = (selector: TextQuoteSelector, r: Range): Target => ({selector, start: r.start, end: r.end, sentences: sentencesOver(sentences, r)})
  const where = (r: Range) => `sentence ${sentenceAt(sentences, r.start)?.n ?? '?'}`

  const hash = textHash(text)
  const folded = new FoldedText(text)
  const found = anchorQuotes(text, input.notes.map((n) => quoteTarget(text, n.yaml.data.target, hash)), folded)
  // A moved note's selector is rewritten to the text as it now is, settled against the other places its words stand.
  const moved = found.flatMap((f, i) => (f.state === 'moved' ? [i] : []))
  const others = othersOf(folded, moved.map((i) => (found[i] as {range: Range}).range))
  const settled = new Map(moved.map((i, k) => [i, settledSelector(text, (found[i] as {range: Range}).range, others[k]!)]))

  input.notes.forEach((n, i) => {
    const sel = n.yaml.data.target
    const selector = selectorOf(sel)
    const place = n.yaml.at(['target', 'exact'])
    const f = found[i]!
    switch (f.state) {
      case 'anchored':
        out.set(n.id, {targets: [target(selector, f.range)], anchor: {state: 'anchored'}})
        return
      case 'moved': {
        const now = settled.get(i)!
        const same = now.exact === sel.exact
        warn(
          n.file,
          same
            ? `The quote \`${sel.exact}\` is still in the text (${where(f.range)}), but not with this prefix/suffix: the text was revised; \`edition check --fix\` rewrites the target`
            : `The passage has changed since the note was anchored: was “${sel.exact}”, now “${now.exact}” (${where(f.range)}); \`edition check --fix\` rewrites the target`,
          place,
          'quote-moved'
        )
        out.set(n.id, {targets: [target(now, f.range)], anchor: {state: 'moved', was: sel.exact, now: now.exact}})
        return
      }
      case 'orphaned': {
        const reason = `The passage “${sel.exact}” is no longer in the text, not even with a few words changed`
        warn(n.file, `${reason}: the note is kept as an orphan, listed apart in the apparatus; give it a new quote, or remove it`, place, 'quote-orphaned')
        out.set(n.id, {targets: [], anchor: {state: 'orphaned', reason}})
        return
      }
      default:
        error(n.file, problem(text, sel, f, where), place, f.state === 'ambiguous' ? 'quote-ambiguous' : 'quote-not-found')
    }
  })
  return out
}

/** The error for a quote that cannot be anchored, with what would settle it. */
function problem(text: string, sel: NoteMatter['target'], f: Extract<Found, {state: 'ambiguous' | 'context' | 'not-found'}>, where: (r: Range) => string): string {
  if (f.state === 'context') return 'The quote is in the text, but not with this prefix/suffix'
  if (f.state === 'not-found') {
    const typed = sel.position !== undefined && sel.text !== undefined ? ' (the text has not changed since the note was anchored, so the quote was edited)' : ''
    const near = f.nearest ? `; the nearest passage is “${text.slice(f.nearest.start, f.nearest.end)}” (${where(f.nearest)})` : ''
    return `The quote \`${sel.exact}\` is not in the text${typed}${quoteMarks(text, sel.exact) || near}`
  }
  const which = f.nearest ?? 0
  const hint = toWords(text, f.ranges[which]!, disambiguate(text, f.ranges, which))
  const settle = hint.prefix !== undefined ? `prefix: "${hint.prefix}"` : hint.suffix !== undefined ? `suffix: "${hint.suffix}"` : 'a longer quote'
  const target = f.nearest === undefined ? 'the first' : `the one in ${where(f.ranges[which]!)}, where the note was last anchored`
  return `The quote \`${sel.exact}\` is found ${f.ranges.length} times (${f.ranges.map(where).join(', ')}); add ${settle} to target ${target}, or the like for another`
}

/** Straight and curly quotation marks and apostrophes, as one character each. */
const plainQuotes = (s: string) => s.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"')

/** A hint when the quote differs from the text only in its quotation marks (`'` for `’`). */
function quoteMarks(text: string, exact: string): string {
  if (plainQuotes(exact) === exact && !/['"]/.test(exact)) return ''
  const found = toRanges(plainQuotes(text), {type: 'TextQuoteSelector', exact: plainQuotes(exact)})[0]
  if (!found) return ''
  return `: the text has \`${text.slice(found.start, found.end)}\`, with other quotation marks or apostrophes; copy the quote from the text`
}
